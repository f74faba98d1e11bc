--TEST--
Regression (found by fuzz/http_split_fuzz): an Upgrade request with a JSON body that arrives in two pieces reaches the router with its whole body and decoded data, not a truncated, unterminated one (which PHP's JSON scanner would read past)
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
200
