--TEST--
Database (MySQL/MariaDB): a server stopped between queries gives a DatabaseException (08006); once it is back the next query reconnects; a restart between queries is survived transparently, except inside a transaction, which is reported rather than continued in autocommit
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
$show = function (Throwable $x) {
    // the reason's wording is the client library's (libmariadb or mysqlnd): its start only
    echo '[', $x->getSqlState(), '] ', preg_replace('/^(\w+\(\): (could not connect to MySQL|connection to MySQL lost)).*$/s', '$1 ...', $x->getMessage()), "\n";
};
echo $e->dbQueryJson($dsn, 'select 1 as up'), "\n";

shell_exec($env['LYGER_TEST_MYSQL_STOP']);
try {
    $e->dbQueryJson($dsn, 'select 2 as down');
    echo "no exception while the server is down\n";
} catch (Lyger\Core\DatabaseException $x) {
    $show($x);
}
shell_exec($env['LYGER_TEST_MYSQL_START']);
echo $e->dbQueryJson($dsn, 'select 3 as back'), "\n";

shell_exec($env['LYGER_TEST_MYSQL_STOP']);
shell_exec($env['LYGER_TEST_MYSQL_START']);
echo $e->dbQueryJson($dsn, 'select 4 as restarted'), "\n";

$e->dbExecute($dsn, 'create table t (v int) engine=InnoDB');
$e->dbExecute($dsn, 'begin');
$e->dbExecute($dsn, 'insert into t values (1)');
shell_exec($env['LYGER_TEST_MYSQL_STOP']);
shell_exec($env['LYGER_TEST_MYSQL_START']);
try {
    $e->dbExecute($dsn, 'insert into t values (2)');
    echo "no exception: the second insert ran outside the transaction\n";
} catch (Lyger\Core\DatabaseException $x) {
    echo '[', $x->getSqlState(), '] ', $x->getMessage(), "\n";
}
echo $e->dbQueryJson($dsn, 'select count(*) as n from t'), "\n";
?>
--EXPECT--
[{"up":1}]
[08006] dbQueryJson(): could not connect to MySQL ...
[{"back":3}]
[{"restarted":4}]
[08006] dbExecute(): connection to MySQL lost inside a transaction (the server rolled it back); reconnected for the next statement
[{"n":0}]
