--TEST--
Each HTTP request is a request for the database: results left open are freed and an open transaction is rolled back before the next one
--SKIPIF--
<?php
require __DIR__ . '/inc/db.inc';
lyger_db_skipif();
?>
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
require __DIR__ . '/inc/db.inc';
$table = lyger_table('iso');
$e = Lyger\Core\Engine::getInstance();
$e->dbExecute(lyger_dsn(), "CREATE TABLE $table (v int)");
$srv = lyger_server_start('function (string $uri, string $method, array $data) {
    $e = Lyger\Core\Engine::getInstance();
    $dsn = getenv("LYGER_TEST_DSN");
    $t = ' . var_export($table, true) . ';
    switch ($uri) {
        case "/leave-open":   // a result never freed, a transaction never committed
            $h = $e->dbQuery($dsn, "select 1 as one");
            $e->dbExecute($dsn, "BEGIN");
            $e->dbExecute($dsn, "INSERT INTO $t VALUES (1)");
            return (string) $h;
        case "/use":
            try {
                $json = $e->jsonifyResult((int) $data["h"]);
            } catch (Lyger\Core\DatabaseException $x) {
                $json = get_class($x);
            }
            $db = json_decode($e->systemInfo(), true)["db"];
            return $json . " open_results=" . $db["open_results"] . " rows=" . $e->dbQueryJson($dsn, "select count(*) as n from $t");
    }
    return ["status" => 404];
}', [], [], '', [], 15.0, ['LYGER_TEST_DSN' => lyger_dsn()]);
try {
    $h = lyger_request($srv, "GET", "/leave-open")["body"];
    if (!ctype_digit($h)) { echo "leave-open: $h\n", lyger_server_output($srv); }
    echo lyger_request($srv, 'GET', "/use?h=$h")['body'], "\n";
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
    $e->dbExecute(lyger_dsn(), "DROP TABLE $table");
}
?>
--EXPECT--
Lyger\Core\DatabaseException open_results=0 rows=[{"n":0}]
