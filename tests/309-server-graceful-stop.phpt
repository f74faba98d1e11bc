--TEST--
stopServer() from a handler, SIGTERM and SIGINT stop gracefully: the response in flight is delivered, startServer returns, the port is released
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
$srv = lyger_server_start('function (string $uri) {
    if ($uri === "/stop") { Lyger\Core\Engine::getInstance()->stopServer(); return "stopping"; }
    return "ok";
}');
try {
    $idle = lyger_connect($srv);                      // an idle keep-alive connection
    fwrite($idle, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    echo lyger_read_response($idle)['body'], "\n";
    $r = lyger_request($srv, 'GET', '/stop');
    echo $r['body'], ' ', $r['headers']['connection'], "\n";
    var_dump(lyger_server_wait($srv, 10));
    var_dump(lyger_closed_within($idle, 2));
    echo lyger_server_output($srv, 'stdout');
    $port = $srv['port'];
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}
// the port is free again
$probe = stream_socket_server("tcp://127.0.0.1:$port", $errno, $errstr);
var_dump($probe !== false);
$probe && fclose($probe);

foreach ([15 => 'SIGTERM', 2 => 'SIGINT'] as $sig => $name) {
    $srv = lyger_server_start('function ($uri) { return "ok"; }');
    try {
        echo lyger_request($srv, 'GET', '/')['body'], "\n";
        echo "$name: ", lyger_server_stop($srv, $sig), ' ', trim(lyger_server_output($srv, 'stdout')), "\n";
    } finally {
        lyger_server_cleanup($srv);
    }
}
?>
--EXPECT--
ok
stopping close
int(0)
bool(true)
RETURNED
bool(true)
ok
SIGTERM: 0 RETURNED
ok
SIGINT: 0 RETURNED
