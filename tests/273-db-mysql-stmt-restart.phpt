--TEST--
Database (MySQL/MariaDB): cached prepared statements die with their session: a server restarted under the connection (between queries, and inside a transaction) leaves the same texts working on the new session, prepared there afresh
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_mysql_skipif();
if (!is_file((string) getenv('LYGER_ROOT') . '/scripts/mysql.sh')) die('skip scripts/mysql.sh not found (LYGER_ROOT)');
if (getenv('LYGER_TEST_MODE') === 'valgrind') die('skip valgrind traces children: the test\'s own MariaDB would run under valgrind too');
?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
// a server of its own: stopping the shared one would break tests running in parallel
$my = 'bash ' . escapeshellarg(getenv('LYGER_ROOT') . '/scripts/mysql.sh');
$env = [];
$started = (string) shell_exec("$my start 2>&1");
foreach (explode("\n", $started) as $line) {
    if (preg_match("/^export (\\w+)='(.*)'$/", $line, $m)) {
        $env[$m[1]] = $m[2];
    }
}
if (!isset($env['LYGER_TEST_MYSQL_DSN'])) {
    die("could not start a second server:\n$started\n");
}
register_shutdown_function(fn () => shell_exec("$my stop " . escapeshellarg($env['LYGER_TEST_MYSQL_DIR']) . ' 2>&1'));
$e = Lyger\Core\Engine::getInstance();
$dsn = $env['LYGER_TEST_MYSQL_DSN'];
$native = extension_loaded('lyger');
$cached = fn () => json_decode($e->systemInfo(), true)['db']['engines']['mysql']['statements_cached'] ?? 0;
$e->dbExecute($dsn, 'create table t (id int primary key, v varchar(10)) engine=InnoDB');
$e->dbExecute($dsn, "insert into t values (1, 'one')");
$q = 'select * from t where id = ?';
for ($i = 0; $i < 3; $i++) echo $e->dbQueryJson($dsn, $q, [1]), ' ';
echo "\n";
$before = $cached();
shell_exec($env['LYGER_TEST_MYSQL_STOP']);
shell_exec($env['LYGER_TEST_MYSQL_START']);
// the statements of the old session are gone: the texts are seen anew on the new one
for ($i = 0; $i < 3; $i++) echo $e->dbQueryJson($dsn, $q, [1]), ' ';
echo "\n";
echo 'cached again on the new session: ', $native ? var_export($cached() - $before === 1, true) : 'true', "\n";
$ins = 'insert into t values (?, ?)';
$e->dbExecute($dsn, $ins, [2, 'two']);
$e->dbExecute($dsn, $ins, [3, 'three']);
$e->dbExecute($dsn, 'begin');
$e->dbExecute($dsn, $ins, [4, 'four']);
shell_exec($env['LYGER_TEST_MYSQL_STOP']);
shell_exec($env['LYGER_TEST_MYSQL_START']);
lyger_show(fn () => $e->dbExecute($dsn, $ins, [5, 'five']));
for ($i = 6; $i < 9; $i++) $e->dbExecute($dsn, $ins, [$i, "v$i"]);
echo $e->dbQueryJson($dsn, 'select group_concat(id order by id) as ids from t'), "\n";
?>
--EXPECT--
[{"id":1,"v":"one"}] [{"id":1,"v":"one"}] [{"id":1,"v":"one"}] 
[{"id":1,"v":"one"}] [{"id":1,"v":"one"}] [{"id":1,"v":"one"}] 
cached again on the new session: true
Lyger\Core\DatabaseException [08006]: dbExecute(): connection to MySQL lost inside a transaction (the server rolled it back); reconnected for the next statement
[{"ids":"1,2,3,6,7,8"}]
