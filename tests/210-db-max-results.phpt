--TEST--
Database: open results are bounded by lyger.db_max_results; past it dbQuery asks to free results, freeing makes room, dbQueryJson needs no handle
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_db_skipif(); ?>
--INI--
lyger.db_max_results=3
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_dsn();
var_dump(json_decode($e->systemInfo(), true)['db']['max_results']);
$h = [];
for ($i = 0; $i < 3; $i++) {
    $h[] = $e->dbQuery($dsn, 'select $1::int as i', [$i]);
}
lyger_show(fn () => $e->dbQuery($dsn, 'select 4'));
echo $e->dbQueryJson($dsn, 'select 5 as five'), "\n";
$e->freeResult($h[1]);
$h[1] = $e->dbQuery($dsn, 'select 6 as six');
echo $e->jsonifyResult($h[0]), $e->jsonifyResult($h[1]), $e->jsonifyResult($h[2]), "\n";
lyger_show(fn () => $e->dbQuery($dsn, 'select 7'));
var_dump(json_decode($e->systemInfo(), true)['db']['open_results']);
?>
--EXPECT--
int(3)
Lyger\Core\DatabaseException []: dbQuery(): too many open results (lyger.db_max_results = 3); free results with freeResult() or use dbQueryJson()
[{"five":5}]
[{"i":0}][{"six":6}][{"i":2}]
Lyger\Core\DatabaseException []: dbQuery(): too many open results (lyger.db_max_results = 3); free results with freeResult() or use dbQueryJson()
int(3)
