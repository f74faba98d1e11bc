--TEST--
Clients that disconnect mid-request or mid-response (large body unread) do not disturb the server
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
$srv = lyger_server_start('function (string $uri) { return $uri === "/big" ? str_repeat("x", 8 * 1024 * 1024) : "alive"; }');
try {
    for ($i = 0; $i < 20; $i++) {
        $s = lyger_connect($srv);
        fwrite($s, "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" . str_repeat('y', 5000));
        fclose($s);                                   // mid-body
        $s = lyger_connect($srv);
        fwrite($s, "GET /par");                       // mid-request-line
        fclose($s);
        $s = lyger_connect($srv);
        fwrite($s, "GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
        fread($s, 1000);                              // mid-response
        fclose($s);
    }
    // pipelined requests behind a big response, client gone before reading any of it
    $s = lyger_connect($srv);
    fwrite($s, str_repeat("GET /big HTTP/1.1\r\nHost: x\r\n\r\n", 5));
    fclose($s);
    usleep(200000);
    $r = lyger_request($srv, 'GET', '/big');
    echo strlen($r['body']), "\n";
    echo lyger_request($srv, 'GET', '/')['body'], "\n";
    $h = json_decode(lyger_request($srv, 'GET', '/health')['body'], true);
    var_dump($h['status']);
    var_dump($h['memory_rss_bytes'] < 200 * 1024 * 1024);
    echo lyger_server_stop($srv), "\n";
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}
?>
--EXPECT--
8388608
alive
string(2) "ok"
bool(true)
0
