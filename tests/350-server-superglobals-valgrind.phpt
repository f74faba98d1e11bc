--TEST--
Superglobals mode, the server process itself under valgrind: superglobals, php://input, multipart uploads, headers, cookies, sessions, exit, exceptions and buffers left open over many requests, then SIGTERM: no memory error, nothing definitely lost
--SKIPIF--
<?php
require __DIR__ . '/inc/skip_native_only.inc';
if (getenv('LYGER_TEST_MODE') === 'valgrind') die('skip the native pass runs the valgrinded server; nesting it in a valgrinded client only adds minutes');
if (getenv('LYGER_TEST_MODE') === 'asan') die('skip valgrind cannot run the ASan build (the asan pass checks the server processes itself)');
exec('command -v valgrind', $out, $rc);
if ($rc !== 0) die('skip valgrind not installed');
?>
--FILE--
<?php
require __DIR__ . '/inc/superglobals.inc';
$sess = sys_get_temp_dir() . '/lyger-sess-vg-' . getmypid();
@mkdir($sess);
$srv = lyger_server_start('function () {
    $path = parse_url($_SERVER["REQUEST_URI"], PHP_URL_PATH);
    header("X-Path: $path");
    setcookie("c", (string) count($_COOKIE));
    if ($path === "/session") { session_start(); $_SESSION["n"] = ($_SESSION["n"] ?? 0) + 1; echo $_SESSION["n"]; return; }
    if ($path === "/exit") { http_response_code(404); echo "gone"; exit; }
    if ($path === "/throw") { ob_start(); throw new LogicException("nope"); }
    if ($path === "/buffers") { ob_start(); ob_start(fn ($s) => strtoupper($s)); echo "x"; return; }
    if ($path === "/upload") { echo json_encode([$_POST, $_FILES["f"]["size"] ?? null, is_uploaded_file($_FILES["f"]["tmp_name"] ?? "")]); return; }
    if ($path === "/callback") { header_register_callback(fn () => header("X-Cb: 1")); return "returned"; }
    echo json_encode([$_GET, $_POST, $_REQUEST, file_get_contents("php://input"), headers_list(), count($_SERVER)]);
}', ['superglobals' => true], ['session.save_path' => $sess, 'upload_tmp_dir' => $sess], '',
    ['valgrind', '--leak-check=full', '--show-leak-kinds=definite', '--errors-for-leak-kinds=definite', '--error-exitcode=99', '--log-file={dir}/valgrind.log'],
    120.0, ['USE_ZEND_ALLOC' => '0', 'ZEND_DONT_UNLOAD_MODULES' => '1']);
try {
    $ok = 0;
    $sid = '';
    for ($i = 0; $i < 15; $i++) {
        foreach (["/q?a=$i&b[]=2", '/exit', '/throw', '/buffers', '/callback'] as $p) {
            $ok += lyger_request($srv, 'GET', $p, ['Cookie' => "k=$i; PHPSESSID=$sid"]) !== null;
        }
        $ok += lyger_request($srv, 'POST', "/form?x=$i", ['Content-Type' => 'application/x-www-form-urlencoded', 'Cookie' => 'a=1'], "p=$i&x[]=y") !== null;
        $mp = "--B\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\n$i\r\n--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n\r\n" . str_repeat('u', 100 * $i) . "\r\n--B--\r\n";
        $ok += lyger_request($srv, 'POST', '/upload', ['Content-Type' => 'multipart/form-data; boundary=B'], $mp) !== null;
        $ok += lyger_request($srv, 'PUT', '/json', ['Content-Type' => 'application/json'], '{"i":' . $i . '}') !== null;
        $r = lyger_request($srv, 'GET', '/session', $sid !== '' ? ['Cookie' => "PHPSESSID=$sid"] : []);
        if (preg_match('/PHPSESSID=([^;]+)/', $r['headers']['set-cookie'] ?? '', $m)) $sid = $m[1];
        $ok += $r !== null;
    }
    echo "$ok answered, session count ", $r['body'], "\n";
    echo lyger_server_stop($srv, 15, 60), "\n";
    $log = (string) @file_get_contents($srv['dir'] . '/valgrind.log');
    var_dump(str_contains($log, 'ERROR SUMMARY: 0 errors'));
    if (!str_contains($log, 'ERROR SUMMARY: 0 errors')) {
        echo $log;
    }
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
    echo "left in the temp dir: ", count(glob("$sess/php*")), "\n";
    array_map('unlink', glob("$sess/*"));
    @rmdir($sess);
}
?>
--EXPECT--
135 answered, session count 15
0
bool(true)
left in the temp dir: 0
