--TEST--
Database (MySQL/MariaDB): DDL under a cached prepared statement (ALTER TABLE adding, renaming, dropping and retyping a column; DROP + CREATE with other columns; a dropped table) gives the new shape or the text protocol's error, never a stale result
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_mysql_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_mysql_dsn();
$t = lyger_table('t_ddl');
$e->dbExecute($dsn, "create table $t (id int primary key, a varchar(10))");
$e->dbExecute($dsn, "insert into $t values (1, 'one'), (2, 'two')");
$q = "select * from $t where id = ?";
$twice = function () use ($e, $dsn, $q) {
    echo $e->dbQueryJson($dsn, $q, [1]), ' ', $e->dbQueryJson($dsn, $q, [1]), "\n";
};
$twice();
$twice();                                                   // prepared and cached by now
$e->dbExecute($dsn, "alter table $t add column b int default 7");
$twice();
$e->dbExecute($dsn, "alter table $t rename column b to bb");   // as many columns, another name
$twice();
$e->dbExecute($dsn, "alter table $t drop column a");
$twice();
$e->dbExecute($dsn, "alter table $t modify bb varchar(5)");
$twice();
$e->dbExecute($dsn, "drop table $t");
$e->dbExecute($dsn, "create table $t (id int primary key, c double, d json)");
$e->dbExecute($dsn, "insert into $t values (1, 0.5, '[1]')");
$twice();
$e->dbExecute($dsn, "drop table $t");
lyger_show(fn () => $e->dbQueryJson($dsn, $q, [1]));
lyger_show(fn () => $e->dbQueryJson($dsn, $q, [1]));
$e->dbExecute($dsn, "create table $t (id bigint unsigned primary key)");
$e->dbExecute($dsn, "insert into $t values (18446744073709551615)");
echo $e->dbQueryJson($dsn, "select * from $t where id > ?", [1]), ' ', $e->dbQueryJson($dsn, "select * from $t where id > ?", [1]), "\n";
// a writing statement cached, then the table under it changed
$ins = "insert into $t (id) values (?)";
foreach ([1, 2, 3] as $v) echo $e->dbExecute($dsn, $ins, [$v]), ' ';
$e->dbExecute($dsn, "alter table $t add column z int default 5");
foreach ([4, 5] as $v) echo $e->dbExecute($dsn, $ins, [$v]), ' ';
echo $e->dbQueryJson($dsn, "select count(*) as n, sum(z) as z from $t"), "\n";
$e->dbExecute($dsn, "drop table $t");
?>
--EXPECTF--
[{"id":1,"a":"one"}] [{"id":1,"a":"one"}]
[{"id":1,"a":"one"}] [{"id":1,"a":"one"}]
[{"id":1,"a":"one","b":7}] [{"id":1,"a":"one","b":7}]
[{"id":1,"a":"one","bb":7}] [{"id":1,"a":"one","bb":7}]
[{"id":1,"bb":7}] [{"id":1,"bb":7}]
[{"id":1,"bb":"7"}] [{"id":1,"bb":"7"}]
[{"id":1,"c":0.5,"d":"[1]"}] [{"id":1,"c":0.5,"d":"[1]"}]
Lyger\Core\DatabaseException [42S02]: dbQueryJson(): Table 'lyger_test.%s' doesn't exist (MySQL error 1146)
Lyger\Core\DatabaseException [42S02]: dbQueryJson(): Table 'lyger_test.%s' doesn't exist (MySQL error 1146)
[{"id":18446744073709551615}] [{"id":18446744073709551615}]
1 1 1 1 1 [{"n":6,"z":30}]
