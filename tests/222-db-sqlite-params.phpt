--TEST--
Database (SQLite): parameters bind by position to ?, ?NNN and :name/@name/$name (numbered by first appearance), typed (int, float, bool as 0/1, text, null, Stringable); injection attempts stay data; a count mismatch is a DatabaseException
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_sqlite_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = 'sqlite::memory:';
$e->dbExecute($dsn, 'create table p (id integer primary key, v)');
echo $e->dbQueryJson($dsn, 'select ? as a, ? as b, ? as c, ? as d, ? as e, ? as f, typeof(?) as g', [1, 2.5, 'x', null, true, false, '12']), "\n";
echo $e->dbQueryJson($dsn, 'select ?2 as two, ?1 as one, ?2 as two_again', ['first', 'second']), "\n";
echo $e->dbQueryJson($dsn, 'select :b as b, :a as a, :b as b2, @c as c, $d as d', ['B', 'A', 'C', 'D']), "\n";
$s = new class { public function __toString(): string { return 'stringable'; } };
echo $e->dbQueryJson($dsn, 'select ? as s, typeof(?) as t', [$s, PHP_INT_MAX]), "\n";
$evil = "x'); drop table p; --";
echo $e->dbExecute($dsn, 'insert into p (v) values (?)', [$evil]), "\n";
echo $e->dbQueryJson($dsn, 'select v from p where v = ?', [$evil]), "\n";
echo $e->dbQueryJson($dsn, "select count(*) as n from sqlite_master where name = 'p'"), "\n";
echo $e->dbQueryJson($dsn, 'select ? = 1 as int_eq, ? = 1 as text_eq', [1, '1']), "\n";
lyger_show(fn () => $e->dbQueryJson($dsn, 'select ?, ?', [1]));
lyger_show(fn () => $e->dbQueryJson($dsn, 'select 1', [1]));
lyger_show(fn () => $e->dbQueryJson($dsn, 'select ?3', [1, 2]));
lyger_show(fn () => $e->dbQueryJson($dsn, 'select ?', [[1]]));
lyger_show(fn () => $e->dbQueryJson($dsn, 'select ?', ["a\0b"]));
// several statements: the last one's rows; placeholders only in the first
echo $e->dbQueryJson($dsn, "insert into p (v) values (?); insert into p (v) values ('y'); select count(*) as n from p", ['z']), "\n";
lyger_show(fn () => $e->dbQueryJson($dsn, 'select 1; select ?', [1]));
?>
--EXPECT--
[{"a":1,"b":2.5,"c":"x","d":null,"e":1,"f":0,"g":"text"}]
[{"two":"second","one":"first","two_again":"second"}]
[{"b":"B","a":"A","b2":"B","c":"C","d":"D"}]
[{"s":"stringable","t":"integer"}]
1
[{"v":"x'); drop table p; --"}]
[{"n":1}]
[{"int_eq":1,"text_eq":0}]
Lyger\Core\DatabaseException [08P01]: dbQueryJson(): the query has 2 placeholder(s) but 1 parameter(s) were given
Lyger\Core\DatabaseException [08P01]: dbQueryJson(): the query has 0 placeholder(s) but 1 parameter(s) were given
Lyger\Core\DatabaseException [08P01]: dbQueryJson(): the query has 3 placeholder(s) but 2 parameter(s) were given
TypeError: Lyger\Core\Engine::dbQueryJson(): Argument #3 ($params) must contain only null, bool, int, float, string or Stringable values, array given for $1
ValueError: Lyger\Core\Engine::dbQueryJson(): Argument #3 ($params) must not contain strings with null bytes, found in $1
[{"n":3}]
Lyger\Core\DatabaseException [08P01]: dbQueryJson(): the query has 0 placeholder(s) but 1 parameter(s) were given
