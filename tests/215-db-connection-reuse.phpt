--TEST--
Database: one connection per DSN, reused by every call; a second DSN gets its own connection
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_db_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_dsn();
$pid = fn ($d) => json_decode($e->dbQueryJson($d, 'select pg_backend_pid() as p'), true)[0]['p'];
$conns = fn () => json_decode($e->systemInfo(), true)['db']['connections'];
$first = $pid($dsn);
$e->dbExecute($dsn, 'select 1');
$h = $e->dbQuery($dsn, 'select 2');
$e->freeResult($h);
var_dump($pid($dsn) === $first, $conns());
$other = getenv('LYGER_TEST_DSN_URL');
var_dump($pid($other) !== $first, $conns());
// session state (a setting) lives on the connection
$e->dbExecute($dsn, "set application_name = 'lyger_reuse'");
echo $e->dbQueryJson($dsn, "select current_setting('application_name') as app"), "\n";
?>
--EXPECT--
bool(true)
int(1)
bool(true)
int(2)
[{"app":"lyger_reuse"}]
