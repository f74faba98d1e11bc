--TEST--
Chunked request bodies are decoded; Expect: 100-continue gets "100 Continue" before the body, or 413 when the announced body is too large
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
$srv = lyger_server_start('function ($uri, $method, $data, $request) { return strlen($request["body"]) . ":" . $request["body"] . ":" . json_encode($data); }', ['max_body_size' => 100]);
try {
    $s = lyger_connect($srv);
    fwrite($s, "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n4\r\na=12\r\n6;ext=1\r\n&b=345\r\n0\r\n\r\n");
    echo lyger_read_response($s)['body'], "\n";
    // the connection stays usable after a chunked request
    fwrite($s, "GET /again HTTP/1.1\r\nHost: x\r\n\r\n");
    echo lyger_read_response($s)['body'], "\n";
    fclose($s);

    $s = lyger_connect($srv);
    fwrite($s, "POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
    $r = lyger_read_response($s);
    echo $r['status_line'], "\n";
    fwrite($s, "hello");
    echo lyger_read_response($s)['body'], "\n";
    fclose($s);

    $s = lyger_connect($srv);
    fwrite($s, "POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n");
    $r = lyger_read_response($s);
    echo $r['status'], "\n";
    var_dump(lyger_closed_within($s, 3));
    fclose($s);

    // a chunked body over the limit
    $s = lyger_connect($srv);
    fwrite($s, "POST /bigchunks HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" . str_repeat("20\r\n" . str_repeat('x', 32) . "\r\n", 5) . "0\r\n\r\n");
    echo lyger_read_response($s)['status'], "\n";
    fclose($s);
    echo trim(lyger_curl(['-H', 'Transfer-Encoding: chunked', '--data-binary', 'via=curl', "http://127.0.0.1:{$srv['port']}/curl"])), "\n";
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}
?>
--EXPECT--
10:a=12&b=345:{"a":"12","b":"345"}
0::[]
HTTP/1.1 100 Continue
5:hello:[]
413
bool(true)
413
8:via=curl:{"via":"curl"}
