--TEST--
Superglobals mode: exit() and die() end the request as under php-fpm (what was set and echoed, through any open buffers, is the response) and the server goes on serving; code after startServer still runs when it stops
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc'; ?>
--FILE--
<?php
require __DIR__ . '/inc/superglobals.inc';
$srv = sg_start('
    $path = parse_url($_SERVER["REQUEST_URI"], PHP_URL_PATH);
    if ($path === "/stop") { Lyger\Core\Engine::stopServer(); echo "stopping"; return; }
    header("X-Before-Exit: 1");
    echo "start;";
    ob_start();
    echo "in buffer;";
    if ($path === "/exit-code") exit(3);
    if ($path === "/exit-string") exit("message");
    if ($path === "/die") { http_response_code(403); die("forbidden"); }
    if ($path === "/nested") { (function () { try { exit(); } finally { echo "finally is skipped by exit"; } })(); }
    echo "not reached";
');
sg_with($srv, function ($srv) {
    foreach (['/exit-code', '/exit-string', '/die', '/nested', '/exit-code'] as $p) {
        echo "== $p\n", sg_show(lyger_request($srv, 'GET', $p));
    }
    echo "== /stop\n", sg_show(lyger_request($srv, 'GET', '/stop'));
    echo "exit code: ", lyger_server_wait($srv), "\n";
    echo lyger_server_output($srv, 'stdout');
});
?>
--EXPECT--
== /exit-code
200
X-Before-Exit: 1
Content-Type: text/html; charset=UTF-8

start;in buffer;
== /exit-string
200
X-Before-Exit: 1
Content-Type: text/html; charset=UTF-8

start;in buffer;message
== /die
403
X-Before-Exit: 1
Content-Type: text/html; charset=UTF-8

start;in buffer;forbidden
== /nested
200
X-Before-Exit: 1
Content-Type: text/html; charset=UTF-8

start;in buffer;
== /exit-code
200
X-Before-Exit: 1
Content-Type: text/html; charset=UTF-8

start;in buffer;
== /stop
200
Content-Type: text/html; charset=UTF-8

stopping
exit code: 0
RETURNED
