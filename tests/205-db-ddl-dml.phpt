--TEST--
Database: DDL, INSERT, UPDATE, DELETE through dbExecute return the affected row counts; the rows read back typed
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_db_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_dsn();
$t = lyger_table('t_dml');
var_dump($e->dbExecute($dsn, "create table $t (id serial primary key, name text not null, score numeric(6,2), active bool default true)"));
var_dump($e->dbExecute($dsn, "insert into $t (name, score) values (\$1, \$2), (\$3, \$4), (\$5, null)", ['ann', '12.50', 'bob', 7, 'cy']));
var_dump($e->dbExecute($dsn, "update $t set score = score + \$1 where score is not null", [1]));
var_dump($e->dbExecute($dsn, "update $t set active = false where name = \$1", ['nobody']));
var_dump($e->dbExecute($dsn, "delete from $t where name = \$1", ['bob']));
echo $e->dbQueryJson($dsn, "select id, name, score, active from $t order by id"), "\n";
var_dump($e->dbExecute($dsn, "select * from $t"));
echo $e->dbQueryJson($dsn, "insert into $t (name) values ('dee') returning id, name"), "\n";
var_dump($e->dbExecute($dsn, "alter table $t add column note text"));
var_dump($e->dbExecute($dsn, "drop table $t"));
?>
--EXPECT--
int(0)
int(3)
int(2)
int(0)
int(1)
[{"id":1,"name":"ann","score":13.50,"active":true},{"id":3,"name":"cy","score":null,"active":true}]
int(2)
[{"id":4,"name":"dee"}]
int(0)
int(0)
