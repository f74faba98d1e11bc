--TEST--
Fault: PostgreSQL stopped while the always-alive server is running database routes (one query in flight): requests get DatabaseException (answered 503) while it is down, and succeed again once it is back, from the same server process (PHP never restarted); the cache keeps serving throughout
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_db_skipif();
if (!is_file((string) getenv('LYGER_ROOT') . '/scripts/pg.sh')) die('skip scripts/pg.sh not found (LYGER_ROOT)');
if (!is_dir('/usr/lib/postgresql') && trim((string) shell_exec('command -v initdb')) === '') die('skip PostgreSQL server binaries not installed');
if (getenv('LYGER_TEST_MODE') === 'valgrind') die('skip a server, a cluster of its own and restarts under valgrind take minutes; the asan pass runs it (214 covers the restart path in the client)');
?>
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
// A cluster of its own: stopping the shared one would break tests running in parallel.
$pg = 'bash ' . escapeshellarg(getenv('LYGER_ROOT') . '/scripts/pg.sh');
$env = [];
$started = (string) shell_exec("$pg start 2>&1");
foreach (explode("\n", $started) as $line) {
    if (preg_match("/^export (\\w+)='(.*)'$/", $line, $m)) {
        $env[$m[1]] = $m[2];
    }
}
if (!isset($env['LYGER_TEST_DSN'])) {
    die("could not start a second cluster:\n$started\n");
}
register_shutdown_function(fn () => shell_exec("$pg stop " . escapeshellarg($env['LYGER_TEST_PG_DIR']) . ' 2>&1'));
$dsn = $env['LYGER_TEST_DSN'];
$router = 'function (string $uri) {
    $e = Lyger\Core\Engine::getInstance();
    if ($uri === "/pid") { return (string) getmypid(); }
    if ($uri === "/cache") { $e->cacheSet("k", "v" . $e->cacheGet("n")); return $e->cacheGet("k"); }
    try {
        $sql = $uri === "/sleep" ? "select pg_sleep(3) is null as slept" : "select \$1::int as n";
        $json = $e->dbQueryJson(' . var_export($dsn, true) . ', $sql, $uri === "/sleep" ? [] : [(int) substr($uri, 1)]);
        $e->cacheSet("n", $json);
        return $json;
    } catch (Lyger\Core\DatabaseException $x) {
        return ["status" => 503, "body" => "db down " . $x->getSqlState()];
    }
}';
$srv = lyger_server_start($router, ['read_timeout' => 30]);
try {
    $pid = lyger_request($srv, 'GET', '/pid')['body'];
    $ok = 0;
    for ($i = 1; $i <= 20; $i++) {
        $r = lyger_request($srv, 'GET', "/$i");
        $ok += ($r['status'] === 200 && $r['body'] === "[{\"n\":$i}]") ? 1 : 0;
    }
    echo "up: $ok of 20 ok\n";

    // a query in flight when the server goes down
    $inflight = lyger_connect($srv, 20);
    fwrite($inflight, "GET /sleep HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    usleep(500000);
    shell_exec($env['LYGER_TEST_PG_STOP']);
    $r = lyger_read_response($inflight);
    fclose($inflight);
    echo 'in flight: ', $r['status'], ' ', preg_replace('/ (08006|57P01|08003|XX000)$/', ' (connection lost)', $r['body']), "\n";

    $down = [];
    for ($i = 1; $i <= 10; $i++) {
        $r = lyger_request($srv, 'GET', "/$i");
        $down[$r['status'] . ' ' . $r['body']] = ($down[$r['status'] . ' ' . $r['body']] ?? 0) + 1;
    }
    echo "down: ", json_encode($down), "\n";
    echo 'cache while down: ', lyger_request($srv, 'GET', '/cache')['body'], "\n";

    shell_exec($env['LYGER_TEST_PG_START']);
    $ok = 0;
    for ($i = 1; $i <= 20; $i++) {
        $r = lyger_request($srv, 'GET', "/$i");
        $ok += ($r['status'] === 200 && $r['body'] === "[{\"n\":$i}]") ? 1 : 0;
    }
    echo "back: $ok of 20 ok\n";
    var_dump(lyger_request($srv, 'GET', '/pid')['body'] === $pid);
    $h = json_decode(lyger_request($srv, 'GET', '/health')['body'], true);
    echo $h['status'], "\n";
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}
?>
--EXPECT--
up: 20 of 20 ok
in flight: 503 db down (connection lost)
down: {"503 db down 08006":10}
cache while down: v[{"n":20}]
back: 20 of 20 ok
bool(true)
ok
