--TEST--
Database: at request end an open transaction is rolled back and open results are freed, so the next request (same php-cgi process) sees nothing and is not inside a transaction
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_db_skipif();
require __DIR__ . '/inc/sapi.inc'; if (lyger_php_cgi_binary() === null) die('skip no php-cgi beside the PHP under test');
?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_dsn();
$t = lyger_table('t_rb');
$e->dbExecute($dsn, "create table $t (v text)");
$marker = sys_get_temp_dir() . '/lyger-211-' . getmypid();
$script = $marker . '.php';
file_put_contents($script, <<<'PHP'
<?php
$e = Lyger\Core\Engine::getInstance();
$dsn = getenv('LYGER_TEST_DSN');
$t = getenv('T');
$marker = getenv('MARKER');
if (!file_exists($marker)) {
    touch($marker);
    $e->dbExecute($dsn, 'begin');
    $e->dbExecute($dsn, "insert into $t values ('uncommitted')");
    $h = $e->dbQuery($dsn, "select * from $t");
    echo "request 1: in transaction, rows visible: ", $e->jsonifyResult($h), "\n";
    echo "request 1: open results ", json_decode($e->systemInfo(), true)['db']['open_results'], "\n";
    // no commit, no freeResult: the request just ends
} else {
    echo "request 2: rows: ", $e->dbQueryJson($dsn, "select * from $t"), "\n";
    // SAVEPOINT works only inside a transaction block: it must fail here
    try {
        $e->dbExecute($dsn, 'savepoint s');
        echo "request 2: still inside a transaction\n";
    } catch (Lyger\Core\DatabaseException $x) {
        echo "request 2: not in a transaction: [", $x->getSqlState(), "] ", $x->getMessage(), "\n";
    }
    echo "request 2: open results ", json_decode($e->systemInfo(), true)['db']['open_results'], "\n";
}
PHP);
echo lyger_cgi($script, 2, ['T' => $t, 'MARKER' => $marker]);
echo "after: ", $e->dbQueryJson($dsn, "select count(*) as n from $t"), "\n";
$e->dbExecute($dsn, "drop table $t");
@unlink($marker);
@unlink($script);
?>
--EXPECT--
request 1: in transaction, rows visible: [{"v":"uncommitted"}]
request 1: open results 1
request 2: rows: []
request 2: not in a transaction: [25P01] dbExecute(): SAVEPOINT can only be used in transaction blocks
request 2: open results 0
after: [{"n":0}]
