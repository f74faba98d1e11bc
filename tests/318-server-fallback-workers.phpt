--TEST--
The PHP fallback serves with one process: workers > 1 warns once and still serves; systemInfo() reports the running server
--SKIPIF--
<?php require __DIR__ . '/inc/skip_fallback_only.inc'; ?>
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
$srv = lyger_server_start('function (string $uri) { return $uri === "/info" ? Lyger\Core\Engine::getInstance()->systemInfo() : "pid " . getmypid(); }', ['workers' => 4]);
try {
    $pids = [];
    for ($i = 0; $i < 10; $i++) {
        $pids[lyger_request($srv, 'GET', '/')['body']] = true;
    }
    echo count($pids), " process\n";
    $info = json_decode(lyger_request($srv, 'GET', '/info')['body'], true)['server'];
    var_dump($info['running'], $info['workers'], $info['port'] === $srv['port'], $info['requests'] >= 10);
    echo substr_count(lyger_server_output($srv), 'workers need the lyger extension'), " warning\n";
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}
?>
--EXPECT--
1 process
bool(true)
int(1)
bool(true)
bool(true)
1 warning
