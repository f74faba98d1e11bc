--TEST--
A fatal error in the router (E_USER_ERROR, memory exhausted): the client gets 500; one worker stops and the process ends with status 255; with workers the dead worker is replaced
--SKIPIF--
<?php
require __DIR__ . '/inc/skip_native_only.inc';
if (getenv('LYGER_TEST_MODE') === 'valgrind') die('skip memory_limit is not enforced under valgrind (USE_ZEND_ALLOC=0), so the out-of-memory router never fails');
?>
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
$router = 'function (string $uri) {
    if ($uri === "/fatal") { trigger_error("unrecoverable", E_USER_ERROR); }
    if ($uri === "/oom") { $a = []; while (true) { $a[] = str_repeat("x", 1 << 20); } }
    return "ok";
}';
$srv = lyger_server_start($router, [], ['memory_limit' => '64M']);
try {
    $r = lyger_request($srv, 'GET', '/fatal');
    echo $r['status'], ' ', $r['body'], "\n";
    var_dump(lyger_server_wait($srv, 10));
    var_dump(str_contains(lyger_server_output($srv), 'unrecoverable'));
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}
$srv = lyger_server_start($router, ['workers' => 2], ['memory_limit' => '64M']);
try {
    echo lyger_request($srv, 'GET', '/oom')['status'], "\n";
    $ok = 0;
    for ($i = 0; $i < 20; $i++) {
        $r = lyger_request($srv, 'GET', '/');
        $ok += $r && $r['body'] === 'ok';
    }
    echo "$ok of 20 ok after the fatal error\n";
    var_dump(str_contains(lyger_server_output($srv), 'Allowed memory size'));
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}
?>
--EXPECT--
500 {"error":"internal server error"}
int(255)
bool(true)
500
20 of 20 ok after the fatal error
bool(true)
