--TEST--
Database: SQL errors and syntax errors are DatabaseExceptions with the server's message and SQLSTATE; the connection stays usable
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_db_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_dsn();
lyger_show(fn () => $e->dbQuery($dsn, 'select * from no_such_table_here'));
lyger_show(fn () => $e->dbQueryJson($dsn, 'selec 1'));
lyger_show(fn () => $e->dbExecute($dsn, 'select 1/0'));
lyger_show(fn () => $e->dbQueryJson($dsn, "select 'abc'::int"));
$t = lyger_table('t_err');
$e->dbExecute($dsn, "create temp table $t (id int primary key)");
$e->dbExecute($dsn, "insert into $t values (1)");
lyger_show(fn () => $e->dbExecute($dsn, "insert into $t values (1)"));
// parameter counts that do not match the statement
lyger_show(fn () => $e->dbQuery($dsn, 'select $1::int, $2::int', [1]));
lyger_show(fn () => $e->dbQuery($dsn, 'select $1::int', [1, 2]));
lyger_show(fn () => $e->dbQuery($dsn, 'select $1::int'));
// an error inside a transaction, then ROLLBACK: the connection works on
$e->dbExecute($dsn, 'begin');
lyger_show(fn () => $e->dbExecute($dsn, 'select 1/0'));
lyger_show(fn () => $e->dbExecute($dsn, 'select 1'));
$e->dbExecute($dsn, 'rollback');
echo $e->dbQueryJson($dsn, 'select 42 as ok'), "\n";
// notices and warnings are not errors, and are not printed
var_dump($e->dbExecute($dsn, "do \$\$ begin raise notice 'a notice'; raise warning 'a warning'; end \$\$"));
$e->dbExecute($dsn, 'commit'); // WARNING: there is no transaction in progress
try {
    $e->dbQuery($dsn, 'select * from no_such_table_here');
} catch (Lyger\Core\EngineException $x) {
    var_dump($x instanceof Lyger\Core\DatabaseException, $x instanceof RuntimeException);
}
?>
--EXPECTF--
Lyger\Core\DatabaseException [42P01]: dbQuery(): relation "no_such_table_here" does not exist
Lyger\Core\DatabaseException [42601]: dbQueryJson(): syntax error at or near "selec"
Lyger\Core\DatabaseException [22012]: dbExecute(): division by zero
Lyger\Core\DatabaseException [22P02]: dbQueryJson(): invalid input syntax for type integer: "abc"
Lyger\Core\DatabaseException [23505]: dbExecute(): duplicate key value violates unique constraint "t_err_%s_pkey" (DETAIL: Key (id)=(1) already exists.)
Lyger\Core\DatabaseException [08P01]: dbQuery(): bind message supplies 1 parameters, but prepared statement "" requires 2
Lyger\Core\DatabaseException [08P01]: dbQuery(): bind message supplies 2 parameters, but prepared statement "" requires 1
Lyger\Core\DatabaseException [08P01]: dbQuery(): bind message supplies 0 parameters, but prepared statement "" requires 1
Lyger\Core\DatabaseException [22012]: dbExecute(): division by zero
Lyger\Core\DatabaseException [25P02]: dbExecute(): current transaction is aborted, commands ignored until end of transaction block
[{"ok":42}]
int(0)
bool(true)
bool(true)
