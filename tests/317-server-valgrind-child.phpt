--TEST--
The server process itself under valgrind: hundreds of requests (good, malformed, pipelined, throwing, static, disconnecting), then SIGTERM: no memory error, nothing definitely lost
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
require __DIR__ . '/inc/server.inc';
$root = sys_get_temp_dir() . '/lyger-vg-root-' . getmypid();
@mkdir($root);
file_put_contents("$root/a.txt", 'static');
file_put_contents("$root/big.bin", str_repeat('b', 300000));
$srv = lyger_server_start('function (string $uri, string $method, array $data, array $request) {
    if ($uri === "/throw") { throw new LogicException("nope"); }
    if ($uri === "/echo") { echo "echo ", json_encode($data); return null; }
    if ($uri === "/array") { return ["status" => 201, "headers" => ["X-A" => ["1", "2"]], "body" => ["k" => $request["headers"]]]; }
    if ($uri === "/int") { return 1; }
    return "hi " . $uri;
}', ['document_root' => $root, 'read_timeout' => 2], [], '',
    ['valgrind', '--leak-check=full', '--show-leak-kinds=definite', '--errors-for-leak-kinds=definite', '--error-exitcode=99', '--log-file={dir}/valgrind.log'],
    120.0, ['USE_ZEND_ALLOC' => '0', 'ZEND_DONT_UNLOAD_MODULES' => '1']);
try {
    $ok = 0;
    for ($i = 0; $i < 40; $i++) {
        foreach (['/', '/throw', "/echo?i=$i", '/array', '/int', '/a.txt'] as $p) {
            $r = lyger_request($srv, 'GET', $p, ['Content-Type' => 'application/json'], '');
            $ok += $r !== null;
        }
        $r = lyger_request($srv, 'POST', '/echo', ['Content-Type' => 'application/json'], '{"x":' . $i . '}');
        $ok += $r !== null;
        $r = lyger_request($srv, 'POST', '/echo', ['Content-Type' => 'application/x-www-form-urlencoded'], "a[]=1&b[c]=$i");
        $ok += $r !== null;
    }
    foreach (["GARBAGE\r\n\r\n", "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", "GET / HTTP/1.1\r\nX: " . str_repeat('x', 20000) . "\r\n\r\n",
              "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"] as $raw) {
        $ok += lyger_request($srv, 'GET', '/', [], '', $raw) !== null;
    }
    $s = lyger_connect($srv);
    fwrite($s, str_repeat("GET /p HTTP/1.1\r\nHost: x\r\n\r\n", 20));
    for ($i = 0; $i < 20; $i++) {
        $ok += lyger_read_response($s) !== null;
    }
    fwrite($s, "GET /big.bin HTTP/1.1\r\n\r\n");
    fread($s, 100);
    fclose($s);                                                  // mid-response
    $s = lyger_connect($srv);
    fwrite($s, "POST /x HTTP/1.1\r\nContent-Length: 100\r\n\r\nabc");
    fclose($s);                                                  // mid-request
    $slow = lyger_connect($srv);
    fwrite($slow, "GET / HTTP/1.1\r\n");                         // times out (408)
    echo "$ok answered\n";
    echo lyger_read_response($slow)['status'], "\n";
    echo lyger_server_stop($srv, 15, 60), "\n";
    $log = (string) @file_get_contents($srv['dir'] . '/valgrind.log');
    var_dump(str_contains($log, 'ERROR SUMMARY: 0 errors'));
    if (!str_contains($log, 'ERROR SUMMARY: 0 errors')) {
        echo $log;
    }
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
    @unlink("$root/a.txt");
    @unlink("$root/big.bin");
    @rmdir($root);
}
?>
--EXPECT--
344 answered
408
0
bool(true)
