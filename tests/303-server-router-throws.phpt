--TEST--
A router that throws gets a 500 JSON error (message only; file and line with debug) and the server keeps serving
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
$router = 'function (string $uri) {
    if ($uri === "/throw") { throw new RuntimeException("database is on fire"); }
    if ($uri === "/error") { return strlen(); }
    return "still alive";
}';
foreach ([false, true] as $debug) {
    $srv = lyger_server_start($router, ['debug' => $debug]);
    try {
        $r = lyger_request($srv, 'GET', '/throw');
        echo $r['status'], ' ', $r['headers']['content-type'], "\n";
        $j = json_decode($r['body'], true);
        echo $j['error'], "\n";
        echo $debug ? (str_ends_with($j['file'], 'server.php') && is_int($j['line']) ? "file+line\n" : "missing\n") : implode(',', array_keys($j)) . "\n";
        $r = lyger_request($srv, 'GET', '/error');
        echo $r['status'], ' ', json_decode($r['body'], true)['error'], "\n";
        echo lyger_request($srv, 'GET', '/')['body'], "\n";
    } finally {
        lyger_server_stop($srv);
        $log = lyger_server_output($srv);
        lyger_server_cleanup($srv);
    }
    var_dump(str_contains($log, 'database is on fire'));
}
?>
--EXPECT--
500 application/json
database is on fire
error
500 strlen() expects exactly 1 argument, 0 given
still alive
bool(true)
500 application/json
database is on fire
file+line
500 strlen() expects exactly 1 argument, 0 given
still alive
bool(true)
