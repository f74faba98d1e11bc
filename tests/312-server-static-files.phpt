--TEST--
document_root: existing files are served with their MIME type, HEAD and If-Modified-Since (304); traversal (plain, encoded, symlink) never leaves the root; other paths reach the router
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
$root = sys_get_temp_dir() . '/lyger-docroot-' . getmypid();
$outside = sys_get_temp_dir() . '/lyger-outside-' . getmypid();
@mkdir("$root/sub", 0777, true);
@mkdir($outside);
file_put_contents("$root/style.css", 'body{}');
file_put_contents("$root/index.html", '<h1>home</h1>');
file_put_contents("$root/sub/data.json", '{"a":1}');
file_put_contents("$root/big.bin", str_repeat('0123456789abcdef', 16384 * 4)); // 1 MiB, streamed
file_put_contents("$outside/secret.txt", 'SECRET');
@symlink("$outside/secret.txt", "$root/escape.txt");
touch("$root/style.css", 1700000000);
$srv = lyger_server_start('function (string $uri) { return "router $uri"; }', ['document_root' => $root]);
try {
    $r = lyger_request($srv, 'GET', '/style.css');
    echo $r['status'], ' ', $r['headers']['content-type'], ' ', $r['headers']['content-length'], ' ', $r['body'], ' ', $r['headers']['last-modified'], "\n";
    $r = lyger_request($srv, 'HEAD', '/style.css');
    echo $r['status'], ' ', $r['headers']['content-length'], ' [', $r['body'], "]\n";
    echo lyger_request($srv, 'GET', '/style.css', ['If-Modified-Since' => 'Tue, 14 Nov 2023 22:13:20 GMT'])['status'], "\n";
    echo lyger_request($srv, 'GET', '/style.css', ['If-Modified-Since' => 'Mon, 13 Nov 2023 00:00:00 GMT'])['status'], "\n";
    $r = lyger_request($srv, 'GET', '/sub/data.json');
    echo $r['headers']['content-type'], ' ', $r['body'], "\n";
    echo lyger_request($srv, 'GET', '/')['body'], "\n";
    $r = lyger_request($srv, 'GET', '/big.bin');
    echo $r['headers']['content-type'], ' ', strlen($r['body']), ' ', md5($r['body']) === md5_file("$root/big.bin") ? 'same' : 'differs', "\n";
    echo lyger_request($srv, 'GET', '/missing.css')['body'], "\n";
    echo lyger_request($srv, 'POST', '/style.css')['body'], "\n";
    foreach (['/../' . basename($outside) . '/secret.txt', '/sub/../../' . basename($outside) . '/secret.txt', '/%2e%2e/' . basename($outside) . '/secret.txt', '/sub/%2E%2E%2F%2E%2E%2F' . basename($outside) . '/secret.txt', '/style.css%00.txt', '/escape.txt'] as $p) {
        $r = lyger_request($srv, 'GET', $p);
        echo $r['status'], ' ', str_contains($r['body'], 'SECRET') ? 'LEAKED' : 'safe', "\n";
    }
    // pipelined: a streamed file, then a small request, in order
    $s = lyger_connect($srv);
    fwrite($s, "GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\nGET /style.css HTTP/1.1\r\nHost: x\r\n\r\n");
    echo strlen(lyger_read_response($s)['body']), ' ', lyger_read_response($s)['body'], "\n";
    fclose($s);
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
    foreach (["$root/style.css", "$root/index.html", "$root/sub/data.json", "$root/big.bin", "$root/escape.txt", "$outside/secret.txt"] as $f) {
        @unlink($f);
    }
    @rmdir("$root/sub");
    @rmdir($root);
    @rmdir($outside);
}
?>
--EXPECT--
200 text/css; charset=utf-8 6 body{} Tue, 14 Nov 2023 22:13:20 GMT
200 6 []
304
200
application/json {"a":1}
<h1>home</h1>
application/octet-stream 1048576 same
router /missing.css
router /style.css
400 safe
400 safe
400 safe
400 safe
400 safe
200 safe
1048576 body{}
