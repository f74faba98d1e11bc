--TEST--
With document_root, a PHP script under the root is never sent as a file (its source would leak): /index.php, /INDEX.PHP and a symlink to it reach the router, in both modes and both engines, while other files are served
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
$root = sys_get_temp_dir() . '/lyger-php-root-' . getmypid();
@mkdir($root);
file_put_contents("$root/index.php", '<?php $secret = "source";');
file_put_contents("$root/style.css", 'body{}');
@symlink("$root/index.php", "$root/alias.txt");
try {
    foreach ([false, true] as $sg) {
        $srv = lyger_server_start($sg ? 'function () { return "router " . $_SERVER["REQUEST_URI"]; }' : 'function (string $uri) { return "router $uri"; }',
            ['document_root' => $root, 'superglobals' => $sg]);
        try {
            echo $sg ? "superglobals\n" : "arguments\n";
            foreach (['/index.php', '/INDEX.PHP', '/alias.txt', '/style.css', '/'] as $p) {
                $r = lyger_request($srv, 'GET', $p);
                echo "  $p: ", $r['status'], ' ', $r['body'], "\n";
            }
        } finally {
            lyger_server_stop($srv);
            lyger_server_cleanup($srv);
        }
    }
} finally {
    @unlink("$root/alias.txt");
    @unlink("$root/index.php");
    @unlink("$root/style.css");
    @rmdir($root);
}
?>
--EXPECT--
arguments
  /index.php: 200 router /index.php
  /INDEX.PHP: 200 router /INDEX.PHP
  /alias.txt: 200 router /alias.txt
  /style.css: 200 body{}
  /: 200 router /
superglobals
  /index.php: 200 router /index.php
  /INDEX.PHP: 200 router /INDEX.PHP
  /alias.txt: 200 router /alias.txt
  /style.css: 200 body{}
  /: 200 router /
