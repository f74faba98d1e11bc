--TEST--
Fault: a worker killed with SIGKILL under load (8 keep-alive clients, a request always in flight on each): the master starts a replacement, the server keeps answering, and clients see at most their in-flight requests on the killed worker's connections fail (counted), nothing else
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc';
if (getenv('LYGER_TEST_MODE') === 'valgrind') die('skip load under valgrind is too slow to mean anything; the asan pass runs it (314 kills an idle worker under valgrind)');
?>
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
$srv = lyger_server_start('function (string $uri) { usleep(1000); return (string) getmypid(); }', ['workers' => 2, 'keepalive_timeout' => 30]);
const CLIENTS = 8;
$total = getenv('LYGER_TEST_MODE') === 'asan' ? 1200 : 3000;
$request = "GET /load HTTP/1.1\r\nHost: x\r\n\r\n";

function open_client(array $srv): ?array
{
    $s = @stream_socket_client("tcp://127.0.0.1:{$srv['port']}", $errno, $errstr, 5);
    if (!$s) {
        return null;
    }
    stream_set_blocking($s, false);
    return ['s' => $s, 'buf' => '', 'pid' => null];
}

try {
    $clients = [];
    $failed = 0;          // requests that got no response
    $connectFailed = 0;
    $done = 0;
    $sent = 0;
    $byPid = [];
    $victim = null;
    $onVictim = 0;        // connections served by the victim when it was killed
    $afterKill = [];
    for ($i = 0; $i < CLIENTS; $i++) {
        $clients[$i] = open_client($srv);
        fwrite($clients[$i]['s'], $request);
        $sent++;
    }
    $deadline = microtime(true) + 60;
    while ($done + $failed < $total && microtime(true) < $deadline) {
        $read = array_map(fn ($c) => $c['s'], $clients);
        $w = $e = null;
        if (@stream_select($read, $w, $e, 1) === false) {
            break;
        }
        foreach ($read as $s) {
            $i = array_search($s, array_map(fn ($c) => $c['s'], $clients), true);
            $c = &$clients[$i];
            $chunk = @fread($s, 65536);
            if ($chunk === '' || $chunk === false) {
                if (feof($s)) {
                    // the connection died with a request in flight: that request failed
                    $failed++;
                    fclose($s);
                    $c = open_client($srv);
                    if ($c === null) {
                        $connectFailed++;
                        $c = open_client($srv);
                    }
                    fwrite($c['s'], $request);
                    $sent++;
                }
                unset($c);
                continue;
            }
            $c['buf'] .= $chunk;
            while (preg_match('/^HTTP\/1\.1 (\d{3})[^\r]*\r\n(.*?)\r\n\r\n/s', $c['buf'], $m)
                   && preg_match('/content-length: *(\d+)/i', $m[2], $cl)
                   && strlen($c['buf']) >= strlen($m[0]) + (int) $cl[1]) {
                $body = substr($c['buf'], strlen($m[0]), (int) $cl[1]);
                $c['buf'] = (string) substr($c['buf'], strlen($m[0]) + (int) $cl[1]);
                $done++;
                if ($m[1] !== '200') {
                    $failed++;
                    continue;
                }
                $c['pid'] = $body;
                $byPid[$body] = ($byPid[$body] ?? 0) + 1;
                if ($victim !== null) {
                    $afterKill[$body] = true;
                }
                if ($done === 300 && $victim === null) {
                    // kill the worker that answered most recently, with requests in flight
                    $victim = (int) $body;
                    foreach ($clients as $other) {
                        $onVictim += $other['pid'] === $body ? 1 : 0;
                    }
                    posix_kill_or_shell($victim);
                }
                if ($sent < $total) {
                    fwrite($c['s'], $request);
                    $sent++;
                }
            }
            unset($c);
        }
    }
    echo "answered + failed = ", $done + $failed >= $total ? 'all' : ($done + $failed) . " of $total", "\n";
    // only the requests in flight on the victim's connections may fail: one per connection
    var_dump($victim !== null, $failed <= $onVictim, $connectFailed === 0);
    // the master replaced it: a pid never seen before the kill answers after it
    $pidsBefore = array_diff_key($byPid, $afterKill);
    var_dump(!isset($afterKill[(string) $victim]), count(array_diff_key($afterKill, $pidsBefore)) >= 1);
    $h = json_decode(lyger_request($srv, 'GET', '/health')['body'], true);
    echo $h['status'], ' ', $h['workers'], "\n";
    var_dump(str_contains(lyger_server_output($srv), 'starting a new one'));
    // the figures, for the README's hardening table (LYGER_FAULT_LOG=file)
    file_put_contents(getenv('LYGER_FAULT_LOG') ?: '/dev/null', "401: $done answered, $failed failed (of $onVictim connections on the victim)\n", FILE_APPEND);
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}

function posix_kill_or_shell(int $pid): void
{
    function_exists('posix_kill') ? posix_kill($pid, 9) : exec('kill -9 ' . $pid);
}
?>
--EXPECT--
answered + failed = all
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
ok 2
bool(true)
