--TEST--
1,000 concurrent keep-alive connections are all served, twice each, on one worker
--SKIPIF--
<?php
if (getenv('LYGER_TEST_MODE') === 'valgrind') die('skip 1,000 sockets in a valgrinded client take minutes; the server side is the same in the native pass');
?>
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
// The client needs ~1,000 descriptors too; run-tests' limit is inherited. Check, do not guess.
$limit = (int) shell_exec('ulimit -n');
if ($limit && $limit < 1100) {
    echo "descriptor limit $limit too low for this test\n";
}
$srv = lyger_server_start('function (string $uri) { return "ok $uri"; }', ['keepalive_timeout' => 30]);
try {
    $socks = [];
    for ($i = 0; $i < 1000; $i++) {
        $socks[$i] = lyger_connect($srv, 10);
    }
    $ok = 0;
    for ($round = 0; $round < 2; $round++) {
        foreach ($socks as $i => $s) {
            fwrite($s, "GET /$i HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        foreach ($socks as $i => $s) {
            $r = lyger_read_response($s);
            if ($r && $r['body'] === "ok /$i") {
                $ok++;
            }
        }
    }
    echo "$ok of 2000 answered\n";
    $h = json_decode(lyger_request($srv, 'GET', '/health')['body'], true);
    var_dump($h['connections'] >= 1000);
    foreach ($socks as $s) {
        fclose($s);
    }
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}
?>
--EXPECT--
2000 of 2000 answered
bool(true)
