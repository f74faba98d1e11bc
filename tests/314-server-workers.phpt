--TEST--
workers: N processes share the port (SO_REUSEPORT); a worker that dies is replaced; max_requests recycles a worker; SIGTERM stops them all
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc'; ?>
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
$srv = lyger_server_start('function (string $uri) { return (string) getmypid(); }', ['workers' => 2]);
try {
    $pids = [];
    for ($i = 0; $i < 200 && count($pids) < 2; $i++) {
        $pids[lyger_request($srv, 'GET', '/')['body']] = true;
    }
    echo count($pids), " workers answered\n";
    $h = json_decode(lyger_request($srv, 'GET', '/health')['body'], true);
    echo $h['workers'], "\n";
    // kill one worker: a new one takes its place, the server keeps answering
    $victim = (int) array_key_first($pids);
    posix_kill_or_shell($victim);
    $seen = [];
    $deadline = microtime(true) + 10;
    while (microtime(true) < $deadline && count(array_diff_key($seen, $pids)) < 1) {
        $r = lyger_request($srv, 'GET', '/');
        if ($r) {
            $seen[$r['body']] = true;
        }
    }
    var_dump(!isset($seen[$victim]), count(array_diff_key($seen, $pids)) >= 1);
    var_dump(str_contains(lyger_server_output($srv), 'starting a new one'));
    echo lyger_server_stop($srv), ' ', trim(lyger_server_output($srv, 'stdout')), "\n";
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}

// stopServer() in one worker stops the whole server: startServer returns in the master
$srv = lyger_server_start('function (string $uri) { if ($uri === "/stop") { Lyger\Core\Engine::getInstance()->stopServer(); } return "bye"; }', ['workers' => 3]);
try {
    echo lyger_request($srv, 'GET', '/stop')['body'], "\n";
    var_dump(lyger_server_wait($srv, 15));
    echo lyger_server_output($srv, 'stdout');
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}

// max_requests: after 5 requests the worker is recycled (new pid), without failed requests
$srv = lyger_server_start('function (string $uri) { return (string) getmypid(); }', ['max_requests' => 5]);
try {
    $pids = [];
    $failed = 0;
    for ($i = 0; $i < 12; $i++) {
        $r = lyger_request($srv, 'GET', '/');
        $r ? $pids[$r['body']] = true : $failed++;
    }
    echo count($pids), " pids, $failed failed\n";
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
2 workers answered
2
bool(true)
bool(true)
bool(true)
0 RETURNED
bye
int(0)
RETURNED
3 pids, 0 failed
