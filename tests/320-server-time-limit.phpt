--TEST--
max_execution_time applies to each router call, not to the server's life: quick requests keep being served past the limit; a router over it gets 500 and the process ends
--SKIPIF--
<?php if (getenv('LYGER_TEST_MODE') === 'valgrind') die('skip CPU-time limits are not meaningful under valgrind'); ?>
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
$srv = lyger_server_start('function (string $uri) {
    if ($uri === "/spin") { $x = 0; while (true) { $x++; } }
    $end = hrtime(true) + 100000000; // 0.1 s of CPU per request
    while (hrtime(true) < $end) {}
    return "quick";
}', [], ['max_execution_time' => '1']);
try {
    $ok = 0;
    for ($i = 0; $i < 20; $i++) {                    // 2 s of CPU in all: past the 1 s limit
        $s = lyger_connect($srv);
        fwrite($s, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        $r = lyger_read_response($s);
        fclose($s);
        $ok += $r && $r['body'] === 'quick';
    }
    var_dump($ok);
    $r = lyger_request($srv, 'GET', '/spin');
    echo $r['status'], ' ', $r['body'], "\n";
    var_dump(lyger_server_wait($srv, 10));
    var_dump(str_contains(lyger_server_output($srv), 'Maximum execution time of 1 second exceeded'));
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}
?>
--EXPECT--
int(20)
500 {"error":"internal server error"}
int(255)
bool(true)
