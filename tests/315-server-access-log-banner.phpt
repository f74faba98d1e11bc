--TEST--
on_start gets the bound host and port; the banner names the URL and how to listen on all interfaces; access_log gets one line per request
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
$log = sys_get_temp_dir() . '/lyger-access-' . getmypid() . '.log';
@unlink($log);
$srv = lyger_server_start('function (string $uri) { return $uri === "/teapot" ? ["status" => 418, "body" => "tea"] : "ok"; }', ['access_log' => $log]);
try {
    echo $srv['host'], ' ', $srv['port'] > 0 ? 'port' : 'no port', "\n";
    lyger_request($srv, 'GET', '/a?x=1', ['User-Agent' => 'lyger-test', 'Referer' => 'http://ref/']);
    lyger_request($srv, 'GET', '/teapot');
    lyger_request($srv, 'GET', '/health');
    lyger_request($srv, 'BREW', '/', [], '', "BREW / HTTP/1.1\r\n\r\n");
    usleep(100000);
    $banner = lyger_server_output($srv);
    var_dump(str_contains($banner, "http://127.0.0.1:{$srv['port']}/"), str_contains($banner, "0.0.0.0"));
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}
foreach (file($log) as $line) {
    echo preg_replace('/\[[^\]]+\]/', '[DATE]', rtrim($line)), "\n";
}
@unlink($log);
?>
--EXPECTF--
127.0.0.1 port
bool(true)
bool(true)
127.0.0.1 - - [DATE] "GET /a?x=1 HTTP/1.1" 200 %d "http://ref/" "lyger-test"
127.0.0.1 - - [DATE] "GET /teapot HTTP/1.1" 418 %d "" ""
127.0.0.1 - - [DATE] "GET /health HTTP/1.1" 200 %d "" ""
127.0.0.1 - - [DATE] "-" 400 %d "" ""
