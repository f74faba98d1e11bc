--TEST--
A router that calls exit() gets its response sent, then the server stops and the exit continues (status kept, code after startServer not run)
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
$srv = lyger_server_start('function (string $uri) {
    if ($uri === "/exit") { echo "goodbye"; exit(3); }
    return "ok";
}');
try {
    echo lyger_request($srv, 'GET', '/')['body'], "\n";
    $r = lyger_request($srv, 'GET', '/exit');
    echo $r['status'], ' ', $r['body'], "\n";
    var_dump(lyger_server_wait($srv, 10));
    var_dump(lyger_server_output($srv, 'stdout'));
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}
$srv = lyger_server_start('function (string $uri) { exit("bye"); }');
try {
    echo lyger_request($srv, 'GET', '/')['body'], "\n";
    var_dump(lyger_server_wait($srv, 10));
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}
?>
--EXPECT--
ok
200 goodbye
int(3)
string(0) ""
bye
int(0)
