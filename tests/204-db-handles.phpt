--TEST--
Database: result handles live until freed; freeing twice or 0 is a no-op; a freed or never-issued handle is a clear DatabaseException, a negative one a ValueError; systemInfo counts them
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_db_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_dsn();
$db = fn () => json_decode($e->systemInfo(), true)['db'];
$base = $db();
echo implode(',', array_keys($base)), "\n";
$a = $e->dbQuery($dsn, 'select 1 as x');
$b = $e->dbQuery($dsn, "select repeat('y', 10000) as y");
var_dump(is_int($a) && $a >= 1, $a !== $b);
$info = $db();
var_dump($info['open_results'] - $base['open_results'], $info['result_bytes'] > $base['result_bytes'] + 10000);
echo $e->jsonifyResult($a), "\n";
echo $e->jsonifyResult($a), "\n"; // jsonify does not free
var_dump(strlen($e->jsonifyResult($b)));
$e->freeResult($a);
$e->freeResult($a);
$e->freeResult(0);
lyger_show(fn () => $e->jsonifyResult($a));
$c = $e->dbQuery($dsn, 'select 2 as x');
var_dump($c !== $a);              // a new result never revives the freed handle
lyger_show(fn () => $e->jsonifyResult($a));
echo $e->jsonifyResult($c), "\n";
lyger_show(fn () => $e->jsonifyResult(PHP_INT_MAX));
lyger_show(fn () => $e->jsonifyResult(-1));
lyger_show(fn () => $e->freeResult(-5));
$e->freeResult($b);
$e->freeResult($c);
$info = $db();
var_dump($info['open_results'] === $base['open_results'], $info['result_bytes'] === $base['result_bytes']);
?>
--EXPECTF--
available,driver,connections,open_results,result_bytes,max_results,queries,reconnects,engines
bool(true)
bool(true)
int(2)
bool(true)
[{"x":1}]
[{"x":1}]
int(10010)
Lyger\Core\DatabaseException []: jsonifyResult(): result handle %d is not live (never issued, already freed, or from an earlier request)
bool(true)
Lyger\Core\DatabaseException []: jsonifyResult(): result handle %d is not live (never issued, already freed, or from an earlier request)
[{"x":2}]
Lyger\Core\DatabaseException []: jsonifyResult(): result handle 9223372036854775807 is not live (never issued, already freed, or from an earlier request)
ValueError: Lyger\Core\Engine::jsonifyResult(): Argument #1 ($ptr) must be greater than or equal to 0
ValueError: Lyger\Core\Engine::freeResult(): Argument #1 ($ptr) must be greater than or equal to 0
bool(true)
bool(true)
