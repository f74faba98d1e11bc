--TEST--
Fault: 60 clients that connect and send nothing and 6 that send one byte a second (slowloris) do not stop the server from answering others promptly; read_timeout cuts every one of them (the dribblers get 408) although they keep sending
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
$slow = getenv('LYGER_TEST_MODE') === 'valgrind';
$timeout = $slow ? 4 : 2;          // read_timeout, seconds
$srv = lyger_server_start('function (string $uri) { return "ok $uri"; }', ['read_timeout' => $timeout, 'keepalive_timeout' => 30]);
try {
    $silent = [];
    for ($i = 0; $i < 60; $i++) {
        $silent[] = lyger_connect($srv);
    }
    $request = "GET /dribble HTTP/1.1\r\nHost: x\r\nX-Pad: " . str_repeat('p', 200) . "\r\n\r\n";
    $dribblers = [];
    for ($i = 0; $i < 6; $i++) {
        $s = lyger_connect($srv);
        stream_set_blocking($s, false);
        $dribblers[] = ['s' => $s, 'sent' => 0, 'last' => 0.0, 'closed_at' => null, 'status' => null, 'buf' => ''];
    }
    $t0 = microtime(true);
    $served = 0;
    $worst = 0.0;
    $deadline = $t0 + $timeout * 4 + 4;
    // one byte per dribbler a second, normal requests in between, until all are cut
    while (microtime(true) < $deadline) {
        $open = 0;
        foreach ($dribblers as &$d) {
            if ($d['closed_at'] !== null) {
                continue;
            }
            $open++;
            if ($d['sent'] < strlen($request) && microtime(true) - $d['last'] >= 1.0) {
                if (@fwrite($d['s'], $request[$d['sent']]) === 1) {
                    $d['sent']++;
                    $d['last'] = microtime(true);
                }
            }
            $chunk = @fread($d['s'], 4096);
            if (is_string($chunk)) {
                $d['buf'] .= $chunk;
            }
            if (feof($d['s'])) {
                $d['closed_at'] = microtime(true) - $t0;
                $d['status'] = preg_match('#^HTTP/1\.1 (\d{3})#', $d['buf'], $m) ? (int) $m[1] : 0;
            }
        }
        unset($d);
        if ($open === 0 && microtime(true) - $t0 > $timeout + 0.5) {
            break;
        }
        $t = microtime(true);
        $r = lyger_request($srv, 'GET', '/fast');
        $worst = max($worst, microtime(true) - $t);
        $served += ($r && $r['body'] === 'ok /fast') ? 1 : 0;
        usleep(200000);
    }
    $statuses = array_count_values(array_map(fn ($d) => (string) $d['status'], $dribblers));
    ksort($statuses);
    echo "dribblers: ", json_encode($statuses), "\n";
    $cutAt = array_map(fn ($d) => $d['closed_at'], $dribblers);
    // each was cut about read_timeout after its first byte, though it kept sending
    var_dump(!in_array(null, $cutAt, true) && max($cutAt) < $timeout + 2 && min($cutAt) > $timeout - 0.3);
    var_dump(min(array_map(fn ($d) => $d['sent'], $dribblers)) >= 2 && max(array_map(fn ($d) => $d['sent'], $dribblers)) < strlen($request));
    $closed = 0;
    foreach ($silent as $s) {
        $closed += lyger_closed_within($s, 2) ? 1 : 0;
    }
    echo "silent clients closed: $closed\n";
    // the others were answered all along, without waiting on the slow ones
    var_dump($served >= 5, $worst < ($slow ? 3 : 0.5));
    echo lyger_request($srv, 'GET', '/after')['body'], "\n";
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}
?>
--EXPECT--
dribblers: {"408":6}
bool(true)
bool(true)
silent clients closed: 60
bool(true)
bool(true)
ok /after
