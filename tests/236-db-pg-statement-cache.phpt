--TEST--
Database (PostgreSQL): a query text run again is executed as a prepared statement, and nothing the user sees changes: DDL that reshapes a result, DEALLOCATE ALL / DISCARD ALL, errors, parameter counts, transactions, more texts than the cache holds
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_db_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_dsn();
$t = lyger_table('stmt');
$native = extension_loaded('lyger');
$cached = fn () => json_decode($e->systemInfo(), true)['db']['engines']['pgsql']['statements_cached'] ?? 0;
$prepared = fn () => json_decode($e->dbQueryJson($dsn, "select count(*) as n from pg_prepared_statements where name like 'lyger\\_%'"), true)[0]['n'];

$e->dbExecute($dsn, "create table $t (id int primary key, a text)");
$e->dbExecute($dsn, "insert into $t values (1, 'one'), (2, 'two')");
$q = "select * from $t where id = \$1";

// 1. the same text three times: the same answers; the third runs by name (native)
$before = $cached();
for ($i = 0; $i < 3; $i++) echo $e->dbQueryJson($dsn, $q, [1]), "\n";
echo 'executed by name: ', $native ? var_export($cached() - $before >= 1, true) : 'true', "\n";

// 2. DDL reshapes the result under the prepared statement: the new shape, no error
$e->dbExecute($dsn, "alter table $t add column b int default 7");
echo $e->dbQueryJson($dsn, $q, [1]), "\n";
echo $e->dbQueryJson($dsn, $q, [1]), "\n";
// the table dropped and made again with other columns
$e->dbExecute($dsn, "drop table $t");
$e->dbExecute($dsn, "create table $t (id int primary key, c boolean)");
$e->dbExecute($dsn, "insert into $t values (1, true)");
echo $e->dbQueryJson($dsn, $q, [1]), "\n";

// 3. the user drops every prepared statement of the session
$e->dbQueryJson($dsn, $q, [1]);
$e->dbExecute($dsn, 'deallocate all');
echo $e->dbQueryJson($dsn, $q, [1]), "\n";
$e->dbExecute($dsn, 'discard all');
echo $e->dbQueryJson($dsn, $q, [1]), "\n";
echo $e->dbQueryJson($dsn, $q, [1]), "\n";

// 4. errors stay what they were, every time
for ($i = 0; $i < 3; $i++) lyger_show(fn () => $e->dbQueryJson($dsn, 'selec 1'));
for ($i = 0; $i < 3; $i++) lyger_show(fn () => $e->dbQueryJson($dsn, "select 1 / \$1::int as x", [0]));
for ($i = 0; $i < 3; $i++) lyger_show(fn () => $e->dbQueryJson($dsn, $q, [1, 2]));
for ($i = 0; $i < 3; $i++) lyger_show(fn () => $e->dbQueryJson($dsn, $q, []));
echo $e->dbQueryJson($dsn, $q, [1]), "\n";

// 5. inside a transaction: the same answers, and a failure there is the caller's
$e->dbExecute($dsn, 'begin');
echo $e->dbQueryJson($dsn, $q, [1]), "\n";
$e->dbExecute($dsn, "insert into $t values (2, false)");
echo $e->dbQueryJson($dsn, $q, [2]), "\n";
$e->dbExecute($dsn, 'rollback');
echo $e->dbQueryJson($dsn, $q, [2]), "\n";

// 6. more texts than the cache holds, each twice: right answers, the server keeps at most 64
$bad = 0;
for ($round = 0; $round < 2; $round++) {
    for ($k = 0; $k < 100; $k++) {
        $r = json_decode($e->dbQueryJson($dsn, "select $k as k, \$1::int as p", [$round]), true);
        $bad += $r !== [['k' => $k, 'p' => $round]];
    }
}
echo "100 texts twice: $bad wrong\n";
echo 'prepared on the server: ', $native ? var_export($prepared() <= 64, true) : 'true', "\n";
// 6b. a statement that fails with one of those codes while it runs is never run twice:
// its sequence moves once per call (nextval is not rolled back)
$e->dbExecute($dsn, "create sequence {$t}_seq");
$e->dbExecute($dsn, "create function {$t}_f() returns int language plpgsql as \$\$ begin perform nextval('{$t}_seq');
    raise exception 'no' using errcode = 'feature_not_supported'; end \$\$");
for ($i = 0; $i < 3; $i++) lyger_show(fn () => $e->dbQueryJson($dsn, "select {$t}_f() as x"));
echo 'sequence after 3 calls: ', $e->dbQueryJson($dsn, "select last_value from {$t}_seq"), "\n";
$e->dbExecute($dsn, "drop function {$t}_f()");
$e->dbExecute($dsn, "drop sequence {$t}_seq");
$e->dbExecute($dsn, "drop table $t");

// 7. lyger.db_pg_statement_cache=0 (read when a connection opens): nothing is prepared
ini_set('lyger.db_pg_statement_cache', '0');
$url = getenv('LYGER_TEST_DSN_URL');
$before = $cached();
for ($i = 0; $i < 3; $i++) $two = $e->dbQueryJson($url, 'select 2 as two');
$mine = json_decode($e->dbQueryJson($url, 'select count(*) as n from pg_prepared_statements'), true)[0]['n'];
echo "off: $two ", $native ? var_export($cached() === $before && $mine === 0, true) : 'true', "\n";
?>
--EXPECT--
[{"id":1,"a":"one"}]
[{"id":1,"a":"one"}]
[{"id":1,"a":"one"}]
executed by name: true
[{"id":1,"a":"one","b":7}]
[{"id":1,"a":"one","b":7}]
[{"id":1,"c":true}]
[{"id":1,"c":true}]
[{"id":1,"c":true}]
[{"id":1,"c":true}]
Lyger\Core\DatabaseException [42601]: dbQueryJson(): syntax error at or near "selec"
Lyger\Core\DatabaseException [42601]: dbQueryJson(): syntax error at or near "selec"
Lyger\Core\DatabaseException [42601]: dbQueryJson(): syntax error at or near "selec"
Lyger\Core\DatabaseException [22012]: dbQueryJson(): division by zero
Lyger\Core\DatabaseException [22012]: dbQueryJson(): division by zero
Lyger\Core\DatabaseException [22012]: dbQueryJson(): division by zero
Lyger\Core\DatabaseException [08P01]: dbQueryJson(): bind message supplies 2 parameters, but prepared statement "" requires 1
Lyger\Core\DatabaseException [08P01]: dbQueryJson(): bind message supplies 2 parameters, but prepared statement "" requires 1
Lyger\Core\DatabaseException [08P01]: dbQueryJson(): bind message supplies 2 parameters, but prepared statement "" requires 1
Lyger\Core\DatabaseException [08P01]: dbQueryJson(): bind message supplies 0 parameters, but prepared statement "" requires 1
Lyger\Core\DatabaseException [08P01]: dbQueryJson(): bind message supplies 0 parameters, but prepared statement "" requires 1
Lyger\Core\DatabaseException [08P01]: dbQueryJson(): bind message supplies 0 parameters, but prepared statement "" requires 1
[{"id":1,"c":true}]
[{"id":1,"c":true}]
[{"id":2,"c":false}]
[]
100 texts twice: 0 wrong
prepared on the server: true
Lyger\Core\DatabaseException [0A000]: dbQueryJson(): no
Lyger\Core\DatabaseException [0A000]: dbQueryJson(): no
Lyger\Core\DatabaseException [0A000]: dbQueryJson(): no
sequence after 3 calls: [{"last_value":3}]
off: [{"two":2}] true
