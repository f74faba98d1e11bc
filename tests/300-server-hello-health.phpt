--TEST--
startServer answers a string router with 200 text/html, correct Content-Length and Date, and /health in JSON
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
$srv = lyger_server_start('function (string $uri, string $method) { return $uri === "/" ? "Hello, World!" : ["status" => 404, "body" => "no $uri"]; }');
try {
    $r = lyger_request($srv, 'GET', '/');
    echo $r['status_line'], "\n", $r['headers']['content-type'], "\n", $r['headers']['content-length'], "\n", $r['body'], "\n";
    $date = DateTime::createFromFormat('D, d M Y H:i:s \G\M\T', $r['headers']['date'], new DateTimeZone('UTC'));
    var_dump($date !== false && abs($date->getTimestamp() - time()) <= 2);
    $r = lyger_request($srv, 'GET', '/missing');
    echo $r['status'], ' ', $r['body'], "\n";
    $r = lyger_request($srv, 'GET', '/health');
    echo $r['status'], ' ', $r['headers']['content-type'], "\n";
    $h = json_decode($r['body'], true);
    var_dump($h['status'], is_numeric($h['uptime_seconds']), $h['requests'] >= 2, $h['memory_rss_bytes'] > 0, is_int($h['pid']));
    echo trim(lyger_curl(["http://127.0.0.1:{$srv['port']}/"])), "\n";
    echo lyger_server_stop($srv), "\n";
    echo lyger_server_output($srv, 'stdout');
} finally {
    lyger_server_cleanup($srv);
}
?>
--EXPECT--
HTTP/1.1 200 OK
text/html; charset=utf-8
13
Hello, World!
bool(true)
404 no /missing
200 application/json
string(2) "ok"
bool(true)
bool(true)
bool(true)
bool(true)
Hello, World!
0
RETURNED
