--TEST--
systemInfo()'s server section: available, not running outside startServer, and live figures from inside a handler
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
$s = json_decode(Lyger\Core\Engine::getInstance()->systemInfo(), true)['server'];
echo implode(',', array_keys($s)), "\n";
var_dump($s['available'], $s['running'], $s['implementation'] === (extension_loaded('lyger') ? 'libuv' : 'php'));
$srv = lyger_server_start('function (string $uri) { return Lyger\Core\Engine::getInstance()->systemInfo(); }');
try {
    lyger_request($srv, 'GET', '/');
    $s = json_decode(lyger_request($srv, 'GET', '/')['body'], true)['server'];
    var_dump($s['running'], $s['requests'], $s['connections'] >= 1, $s['workers'], $s['port'] === $srv['port']);
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}
?>
--EXPECT--
available,implementation,running,requests,connections,workers,port
bool(true)
bool(false)
bool(true)
bool(true)
int(2)
bool(true)
int(1)
bool(true)
