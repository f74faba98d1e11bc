--TEST--
Database: parameters are sent apart from the SQL (null, bool, int, float, string, Stringable), an injection attempt stays data, other values are a TypeError
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_db_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_dsn();
$s = new class { public function __toString(): string { return 'stringable'; } };
echo $e->dbQueryJson($dsn, 'select $1::int as n, $2::bool as t, $3::bool as f, $4::int8 as i, $5::float8 as d,
    $6::text as s, $7::text as o, $8 as untyped_float, $9 as untyped_bool, $10::float8 as nan, $11::float8 as inf, $12::float8 as ninf',
    [null, true, false, PHP_INT_MIN, 0.1, 'x', $s, 1e25, true, NAN, INF, -INF]), "\n";
// the exact text sent for floats: shortest round trip
echo $e->dbQueryJson($dsn, 'select $1 as a, $2 as b, $3 as c, $4 as d', [1.0, -0.0, 1/3, 123456789012345680.0]), "\n";
// keys are ignored: values go to $1, $2, ... in order
echo $e->dbQueryJson($dsn, 'select $1 as a, $2 as b', ['z' => 'first', 'y' => 'second']), "\n";

// injection attempt: the parameter is a value, never SQL
$t = lyger_table('t_inj');
$e->dbExecute($dsn, "create table $t (name text)");
$evil = "x'); drop table $t; --";
var_dump($e->dbExecute($dsn, "insert into $t (name) values (\$1)", [$evil]));
echo $e->dbQueryJson($dsn, "select name, name = \$1 as same from $t", [$evil]), "\n";
echo $e->dbQueryJson($dsn, "select count(*) as n from $t where name = \$1", ["' or '1'='1"]), "\n";
lyger_show(fn () => $e->dbQuery($dsn, "select 1; drop table $t"));
$e->dbExecute($dsn, "drop table $t");

lyger_show(fn () => $e->dbQuery($dsn, 'select $1', [[1]]));
lyger_show(fn () => $e->dbQuery($dsn, 'select $1, $2', [1, new stdClass]));
lyger_show(fn () => $e->dbQueryJson($dsn, 'select $1', [STDIN]));
lyger_show(fn () => $e->dbExecute($dsn, 'select $1', ["a\0b"]));
lyger_show(fn () => $e->dbQuery($dsn, "select 1\0"));
lyger_show(fn () => $e->dbQuery("host=x\0", 'select 1'));
?>
--EXPECTF--
[{"n":null,"t":true,"f":false,"i":-9223372036854775808,"d":0.1,"s":"x","o":"stringable","untyped_float":"1.0E+25","untyped_bool":"t","nan":"NaN","inf":"Infinity","ninf":"-Infinity"}]
[{"a":"1","b":"-0","c":"0.3333333333333333","d":"1.2345678901234568E+17"}]
[{"a":"first","b":"second"}]
int(1)
[{"name":"x'); drop table t_inj_%s; --","same":true}]
[{"n":0}]
Lyger\Core\DatabaseException [42601]: dbQuery(): cannot insert multiple commands into a prepared statement
TypeError: Lyger\Core\Engine::dbQuery(): Argument #3 ($params) must contain only null, bool, int, float, string or Stringable values, array given for $1
TypeError: Lyger\Core\Engine::dbQuery(): Argument #3 ($params) must contain only null, bool, int, float, string or Stringable values, stdClass given for $2
TypeError: Lyger\Core\Engine::dbQueryJson(): Argument #3 ($params) must contain only null, bool, int, float, string or Stringable values, resource given for $1
ValueError: Lyger\Core\Engine::dbExecute(): Argument #3 ($params) must not contain strings with null bytes, found in $1
ValueError: Lyger\Core\Engine::dbQuery(): Argument #2 ($query) must not contain any null bytes
ValueError: Lyger\Core\Engine::dbQuery(): Argument #1 ($dsn) must not contain any null bytes
