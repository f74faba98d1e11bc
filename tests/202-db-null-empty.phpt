--TEST--
Database: NULLs become null, empty results and statements without rows give [], an empty query too
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_db_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_dsn();
echo $e->dbQueryJson($dsn, 'select null as a, null::int as b, null::bool as c, null::json as d, null::float8 as e'), "\n";
echo $e->dbQueryJson($dsn, 'select 1 as a where false'), "\n";
echo $e->dbQueryJson($dsn, 'select'), "\n";
echo $e->dbQueryJson($dsn, 'set search_path = public'), "\n";
echo $e->dbQueryJson($dsn, ''), "\n";
$h = $e->dbQuery($dsn, 'select g from generate_series(1, 0) g');
var_dump($h >= 1, $e->jsonifyResult($h));
$e->freeResult($h);
$t = lyger_table('t_empty');
$h = $e->dbQuery($dsn, "create temp table $t (a int)");
var_dump($e->jsonifyResult($h));
$e->freeResult($h);
var_dump($e->jsonifyResult(0));
?>
--EXPECT--
[{"a":null,"b":null,"c":null,"d":null,"e":null}]
[]
[]
[]
[]
bool(true)
string(2) "[]"
string(2) "[]"
string(2) "[]"
