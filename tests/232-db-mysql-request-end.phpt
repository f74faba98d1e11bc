--TEST--
Database (MySQL/MariaDB): at request end an open transaction is rolled back and open results are freed, so the next request (same php-cgi process) sees nothing, is not inside a transaction, and its write is not blocked
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_mysql_skipif();
require __DIR__ . '/inc/sapi.inc'; if (lyger_php_cgi_binary() === null) die('skip no php-cgi beside the PHP under test');
?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_mysql_dsn();
$t = lyger_table('t_rb');
$e->dbExecute($dsn, "create table $t (v text) engine=InnoDB");
$marker = sys_get_temp_dir() . '/lyger-232-' . getmypid();
$script = $marker . '.php';
file_put_contents($script, <<<'PHP'
<?php
$e = Lyger\Core\Engine::getInstance();
$dsn = getenv('DSN');
$t = getenv('T');
$marker = getenv('MARKER');
if (!file_exists($marker)) {
    touch($marker);
    $e->dbExecute($dsn, 'begin');
    $e->dbExecute($dsn, "insert into $t values ('uncommitted')");
    $h = $e->dbQuery($dsn, "select * from $t");
    echo "request 1: in transaction, rows visible: ", $e->jsonifyResult($h), "\n";
    echo "request 1: open results ", json_decode($e->systemInfo(), true)['db']['open_results'], "\n";
} else {
    echo "request 2: rows: ", $e->dbQueryJson($dsn, "select * from $t"), "\n";
    try {
        echo "request 2: in a transaction: ", $e->dbQueryJson($dsn, 'select @@in_transaction as t'), "\n";
    } catch (Lyger\Core\DatabaseException $x) {
        echo "request 2: [", $x->getSqlState(), "] ", $x->getMessage(), "\n";
    }
    echo "request 2: write: ", $e->dbExecute($dsn, "insert into $t values ('committed')"), "\n";
    echo "request 2: open results ", json_decode($e->systemInfo(), true)['db']['open_results'], "\n";
}
PHP);
echo lyger_cgi($script, 2, ['DSN' => $dsn, 'T' => $t, 'MARKER' => $marker]);
echo "after: ", $e->dbQueryJson($dsn, "select * from $t"), "\n";
@unlink($marker);
@unlink($script);
?>
--EXPECT--
request 1: in transaction, rows visible: [{"v":"uncommitted"}]
request 1: open results 1
request 2: rows: []
request 2: in a transaction: [{"t":0}]
request 2: write: 1
request 2: open results 0
after: [{"v":"committed"}]
