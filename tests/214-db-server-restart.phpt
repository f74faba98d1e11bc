--TEST--
Database: a server stopped between queries gives a DatabaseException (08006); once it is back the next query reconnects; a restart between queries is survived transparently (the dead connection is found before the query is sent), except inside a transaction, which is reported rather than continued in autocommit
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_db_skipif();
if (!is_file((string) getenv('LYGER_ROOT') . '/scripts/pg.sh')) die('skip scripts/pg.sh not found (LYGER_ROOT)');
if (!is_dir('/usr/lib/postgresql') && trim((string) shell_exec('command -v initdb')) === '') die('skip PostgreSQL server binaries not installed');
if (getenv('LYGER_TEST_MODE') === 'valgrind') die('skip valgrind traces children: the test\'s own PostgreSQL cluster would run under valgrind too (as the postgres user, unable to write the log); the restart path is checked under valgrind by hand (README.md, "Database")');
?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
// A cluster of its own: stopping the shared one would break tests running in parallel.
$pg = 'bash ' . escapeshellarg(getenv('LYGER_ROOT') . '/scripts/pg.sh');
$env = [];
$started = (string) shell_exec("$pg start 2>&1");
foreach (explode("\n", $started) as $line) {
    if (preg_match("/^export (\\w+)='(.*)'$/", $line, $m) || preg_match('/^export (\w+)=(.*)$/', $line, $m)) {
        $env[$m[1]] = $m[2];
    }
}
if (!isset($env['LYGER_TEST_DSN'])) {
    die("could not start a second cluster:\n$started\n");
}
register_shutdown_function(fn () => shell_exec("$pg stop " . escapeshellarg($env['LYGER_TEST_PG_DIR']) . ' 2>&1'));
$e = Lyger\Core\Engine::getInstance();
$dsn = $env['LYGER_TEST_DSN'];
$info = fn () => json_decode($e->systemInfo(), true)['db'];
echo $e->dbQueryJson($dsn, 'select 1 as up'), "\n";
$reconnects = $info()['reconnects'];

shell_exec($env['LYGER_TEST_PG_STOP']);
try {
    $e->dbQueryJson($dsn, 'select 2 as down');
    echo "no exception while the server is down\n";
} catch (Lyger\Core\DatabaseException $x) {
    echo '[', $x->getSqlState(), '] ', strtok($x->getMessage(), "\n"), "\n";
}
shell_exec($env['LYGER_TEST_PG_START']);
echo $e->dbQueryJson($dsn, 'select 3 as back'), "\n";

// stop + start with no query in between: the next query must just work
shell_exec($env['LYGER_TEST_PG_STOP']);
shell_exec($env['LYGER_TEST_PG_START']);
echo $e->dbQueryJson($dsn, 'select 4 as restarted'), "\n";
var_dump($info()['reconnects'] > $reconnects);

// a restart inside a transaction is never papered over: the rest of the transaction
// must not run in autocommit on a new session
$e->dbExecute($dsn, 'create table t (v int)');
$e->dbExecute($dsn, 'begin');
$e->dbExecute($dsn, 'insert into t values (1)');
shell_exec($env['LYGER_TEST_PG_STOP']);
shell_exec($env['LYGER_TEST_PG_START']);
try {
    $e->dbExecute($dsn, 'insert into t values (2)');
    echo "no exception: the second insert ran outside the transaction\n";
} catch (Lyger\Core\DatabaseException $x) {
    echo '[', $x->getSqlState(), '] ', $x->getMessage(), "\n";
}
echo $e->dbQueryJson($dsn, 'select count(*) as n from t'), "\n";
?>
--EXPECTF--
[{"up":1}]
[08006] dbQueryJson(): could not connect to PostgreSQL: connection to server at "127.0.0.1", port %d failed: Connection refused
[{"back":3}]
[{"restarted":4}]
bool(true)
[08006] dbExecute(): connection to PostgreSQL lost inside a transaction (the server rolled it back); reconnected for the next statement
[{"n":0}]
