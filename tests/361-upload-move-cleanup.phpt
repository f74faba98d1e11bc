--TEST--
Uploads (argument mode): move_uploaded_file() in the router takes a temp file (it stays where it was moved, no longer an uploaded file); every temp file not moved is deleted when the request ends, whether the router returned, threw or called exit() (fatal errors: tests/366): upload_tmp_dir is empty after each
--SKIPIF--
<?php if (!extension_loaded('lyger')) die('skip the fallback cannot register temp files for is_uploaded_file()/move_uploaded_file() (PHP code has no access to SG(rfc1867_uploaded_files)); tests/365 covers its uploads'); ?>
--FILE--
<?php
require __DIR__ . '/inc/upload.inc';
$dir = up_tmpdir('361');
$dest = up_tmpdir('361-dest');
$router = '
    $t = $request["files"]["a"]["tmp_name"] ?? "";
    file_put_contents(ini_get("upload_tmp_dir") . "/../" . basename(ini_get("upload_tmp_dir")) . ".last", $t);
    switch ($uri) {
        case "/move":
            $to = ' . var_export($dest, true) . ' . "/moved.txt";
            $ok = move_uploaded_file($t, $to);
            return json_encode([$ok, is_uploaded_file($t), file_exists($t), file_get_contents($to), is_uploaded_file($request["files"]["b"]["tmp_name"]),
                move_uploaded_file("/etc/hostname", $to . ".x"), is_uploaded_file(__FILE__)]);
        case "/keep": return json_encode([is_uploaded_file($t), file_exists($t)]);
        case "/throw": throw new RuntimeException("boom");
        case "/exit": echo "bye"; exit(3);
        case "/fatal": trigger_error("fatal in router", E_USER_ERROR);
        case "/timeout": set_time_limit(1); while (true) { $t .= ""; }
    }
';
$body = up_body([
    ['name' => 'a', 'filename' => 'a.txt', 'value' => 'content of a'],
    ['name' => 'b', 'filename' => 'b.txt', 'value' => 'content of b'],
]);
$last = fn () => file_get_contents("$dir/../" . basename($dir) . '.last');
$srv = up_start($dir, $router);
try {
    echo "move: ", up_post($srv, $body, '/move')['body'], "\n";
    echo "left: ", json_encode(up_ls($dir)), " moved: ", json_encode(up_ls($dest)), "\n";
    echo "keep: ", up_post($srv, $body, '/keep')['body'], "\n";
    echo "after: ", json_encode(file_exists($last())), " left: ", json_encode(up_ls($dir)), "\n";
    $r = up_post($srv, $body, '/throw');
    echo "throw: ", $r['status'], " ", $r['body'], " left: ", json_encode(up_ls($dir)), "\n";
    echo "server still answers: ", up_post($srv, $body, '/keep')['body'], "\n";
    $r = up_post($srv, $body, '/exit');
    echo "exit: ", $r['status'], " ", $r['body'], " left: ", json_encode(up_ls($dir)), "\n";
    echo "server exit code: ", lyger_server_wait($srv), "\n";
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}
@unlink("$dir/../" . basename($dir) . '.last');
up_rmdir($dir);
up_rmdir($dest);
?>
--EXPECT--
move: [true,false,false,"content of a",true,false,false]
left: [] moved: ["moved.txt"]
keep: [true,true]
after: false left: []
throw: 500 {"error":"boom"} left: []
server still answers: [true,true]
exit: 200 bye left: []
server exit code: 3
