--TEST--
Uploads (argument mode): a router that dies of a fatal error (E_USER_ERROR, max_execution_time): the server answers 500 and exits 255, and PHP's own shutdown deletes the request's temp files
--SKIPIF--
<?php if (!extension_loaded('lyger')) die('skip the fallback cannot register temp files for is_uploaded_file()/move_uploaded_file() (PHP code has no access to SG(rfc1867_uploaded_files))');
if (getenv('LYGER_TEST_MODE') === 'valgrind') die('skip after a fatal error\'s bailout the server frees nothing by design (no Zend call once the engine is unsafe): its request memory shows as lost under valgrind'); ?>
--FILE--
<?php
require __DIR__ . '/inc/upload.inc';
$dir = up_tmpdir('366');
$dest = up_tmpdir('366-dest');
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
foreach (['/fatal', '/timeout'] as $path) {
    $srv = up_start($dir, $router);
    try {
        $r = up_post($srv, $body, $path);
        echo substr($path, 1), ": ", $r['status'] ?? 'none', " server exit code: ", lyger_server_wait($srv), " left: ", json_encode(up_ls($dir)), "\n";
        echo "  the temp file existed during the request: ", json_encode(str_starts_with($last(), $dir . '/php')), "\n";
    } finally {
        lyger_server_stop($srv);
        lyger_server_cleanup($srv);
    }
}
@unlink("$dir/../" . basename($dir) . '.last');
up_rmdir($dir);
up_rmdir($dest);
?>
--EXPECT--
fatal: 500 server exit code: 255 left: []
  the temp file existed during the request: true
timeout: 500 server exit code: 255 left: []
  the temp file existed during the request: true
