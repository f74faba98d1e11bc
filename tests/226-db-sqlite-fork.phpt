--TEST--
Database (SQLite): after pcntl_fork the child opens its own connection (its own sqlite::memory: database) and never uses the parent's; the parent's connection works afterwards
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_sqlite_skipif();
if (!function_exists('pcntl_fork')) die('skip pcntl not available');
?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_sqlite_dsn('226');
$e->dbExecute($dsn, 'create table t (who text)');
$e->dbExecute('sqlite::memory:', 'create table only_parent (x)');
$h = $e->dbQuery($dsn, 'select 1 as inherited');
$pipe = sys_get_temp_dir() . '/lyger-226-' . getmypid();
$child = pcntl_fork();
if ($child === 0) {
    $out = [];
    $out[] = 'child insert: ' . $e->dbExecute($dsn, "insert into t values ('child')");
    $out[] = 'child memory db is its own: ' . $e->dbQueryJson('sqlite::memory:', "select count(*) as n from sqlite_master where name = 'only_parent'");
    $out[] = 'child can read an inherited result: ' . $e->jsonifyResult($h);
    file_put_contents($pipe, implode("\n", $out) . "\n");
    exit(0);
}
pcntl_waitpid($child, $status);
echo file_get_contents($pipe);
@unlink($pipe);
var_dump(pcntl_wifexited($status) && pcntl_wexitstatus($status) === 0);
echo 'parent insert: ', $e->dbExecute($dsn, "insert into t values ('parent')"), "\n";
echo 'parent sees: ', $e->dbQueryJson($dsn, 'select who from t order by who'), "\n";
echo 'parent memory db: ', $e->dbQueryJson('sqlite::memory:', "select count(*) as n from sqlite_master where name = 'only_parent'"), "\n";
echo $e->jsonifyResult($h), "\n";
?>
--EXPECT--
child insert: 1
child memory db is its own: [{"n":0}]
child can read an inherited result: [{"inherited":1}]
bool(true)
parent insert: 1
parent sees: [{"who":"child"},{"who":"parent"}]
parent memory db: [{"n":1}]
[{"inherited":1}]
