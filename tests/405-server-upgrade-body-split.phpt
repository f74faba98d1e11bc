--TEST--
Regression (found by fuzz/http_split_fuzz): an Upgrade request with a JSON body that arrives in two pieces reaches the router with its whole body and decoded data, not a truncated, unterminated one; whitespace between a header name and its colon gets 400
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
$srv = lyger_server_start('function (string $uri, string $method, array $data, array $request) {
    return json_encode(["len" => strlen($request["body"]), "data" => $data]);
}');
try {
    $body = json_encode(['name' => str_repeat('n', 3000), 'list' => range(1, 200)]);
    foreach ([1, 700, strlen($body) - 1] as $cut) {
        $s = lyger_connect($srv);
        fwrite($s, "POST /up HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
            . "Content-Type: application/json\r\nContent-Length: " . strlen($body) . "\r\n\r\n" . substr($body, 0, $cut));
        fflush($s);
        usleep(150000); // the server reads the headers and the first piece on their own
        fwrite($s, substr($body, $cut));
        $r = lyger_read_response($s);
        fclose($s);
        $j = json_decode($r['body'] ?? '', true);
        echo $r['status'] ?? 'no response', ' ', $j['len'] ?? '-', ' ', ($j['data'] ?? null) === json_decode($body, true) ? 'data whole' : 'data wrong', "\n";
    }
    // found with it: whitespace between a field name and the colon is refused (RFC 9112 5.1),
    // since http-parser takes "Content-Length :" for Content-Length and a proxy may not
    foreach (["Content-Length : 5", "Content-Length\t: 5", "Host : x\r\nContent-Length: 5"] as $h) {
        $r = lyger_request($srv, 'POST', '/', [], '', "POST /ws HTTP/1.1\r\nHost: x\r\n$h\r\n\r\nhello");
        echo $r['status'] ?? 'no response', "\n";
    }
    echo lyger_request($srv, 'GET', '/health')['status'], "\n";
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}
?>
--EXPECT--
200 3712 data whole
200 3712 data whole
200 3712 data whole
400
400
400
200
