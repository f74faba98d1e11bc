--TEST--
HTTP/1.1 keep-alive and pipelining answer in request order; HTTP/1.0 closes unless it asks for keep-alive; HEAD has Content-Length and no body
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
$srv = lyger_server_start('function (string $uri, string $method) { return "$method $uri"; }');
try {
    // three pipelined requests in one write, then one more on the same connection
    $s = lyger_connect($srv);
    fwrite($s, "GET /one HTTP/1.1\r\nHost: x\r\n\r\nPOST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET /three HTTP/1.1\r\nHost: x\r\n\r\n");
    for ($i = 0; $i < 3; $i++) {
        echo lyger_read_response($s)['body'], "\n";
    }
    fwrite($s, "GET /four HTTP/1.1\r\nHost: x\r\n\r\n");
    $r = lyger_read_response($s);
    echo $r['body'], ' ', $r['headers']['connection'] ?? '(no Connection header)', "\n";
    // a pipelined request split across writes
    fwrite($s, "GET /fi");
    usleep(50000);
    fwrite($s, "ve HTTP/1.1\r\nHost: x\r\n\r\n");
    echo lyger_read_response($s)['body'], "\n";
    // HEAD: headers with the GET length, no body; the next response follows directly
    fwrite($s, "HEAD /head HTTP/1.1\r\nHost: x\r\n\r\nGET /after-head HTTP/1.1\r\nHost: x\r\n\r\n");
    $r = lyger_read_response($s, true);
    echo $r['status'], ' ', $r['headers']['content-length'], "\n";
    echo lyger_read_response($s)['body'], "\n";
    fwrite($s, "GET /last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    $r = lyger_read_response($s);
    echo $r['body'], ' ', $r['headers']['connection'], "\n";
    var_dump(lyger_closed_within($s, 3));
    fclose($s);

    // HTTP/1.0: closes by default
    $s = lyger_connect($srv);
    fwrite($s, "GET /ten HTTP/1.0\r\n\r\n");
    $r = lyger_read_response($s);
    echo $r['status_line'], ' ', $r['body'], ' ', $r['headers']['connection'] ?? '-', "\n";
    var_dump(lyger_closed_within($s, 3));
    fclose($s);
    // HTTP/1.0 with keep-alive: stays open
    $s = lyger_connect($srv);
    fwrite($s, "GET /ka1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    $r = lyger_read_response($s);
    echo $r['body'], ' ', $r['headers']['connection'], "\n";
    fwrite($s, "GET /ka2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    echo lyger_read_response($s)['body'], "\n";
    fclose($s);
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}
?>
--EXPECT--
GET /one
POST /two
GET /three
GET /four (no Connection header)
GET /five
200 10
GET /after-head
GET /last close
bool(true)
HTTP/1.0 200 OK GET /ten close
bool(true)
GET /ka1 keep-alive
GET /ka2
