--TEST--
read_timeout: a client that does not finish its request gets 408 and is closed while others are served; keepalive_timeout closes idle connections
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
$srv = lyger_server_start('function (string $uri) { return "ok $uri"; }', ['read_timeout' => 1, 'keepalive_timeout' => 1]);
try {
    $slow = lyger_connect($srv);
    fwrite($slow, "GET /slow HTTP/1.1\r\nHost: x\r\n");        // headers never finished
    $slowBody = lyger_connect($srv);
    fwrite($slowBody, "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc"); // body never finished
    $silent = lyger_connect($srv);                              // connects, sends nothing
    $t = microtime(true);
    echo lyger_request($srv, 'GET', '/fast')['body'], "\n";    // not blocked by the slow ones
    var_dump(microtime(true) - $t < 0.5);
    $r = lyger_read_response($slow);
    echo $r['status'], ' ', $r['headers']['connection'], "\n";
    var_dump(lyger_closed_within($slow, 3));
    echo lyger_read_response($slowBody)['status'], "\n";
    var_dump(lyger_closed_within($silent, 3));
    $waited = microtime(true) - $t;
    var_dump($waited > 0.8 && $waited < 4);

    $idle = lyger_connect($srv);
    fwrite($idle, "GET /idle HTTP/1.1\r\nHost: x\r\n\r\n");
    echo lyger_read_response($idle)['body'], "\n";
    $t = microtime(true);
    var_dump(lyger_closed_within($idle, 4));
    $waited = microtime(true) - $t;
    var_dump($waited > 0.8 && $waited < 3);
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}
?>
--EXPECT--
ok /fast
bool(true)
408 close
bool(true)
408
bool(true)
bool(true)
ok /idle
bool(true)
bool(true)
