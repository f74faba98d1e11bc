--TEST--
Database (MySQL/MariaDB): a result whose JSON does not fit in memory_limit throws DatabaseException 53200 from dbQueryJson (a cached prepared statement writing its rows straight into the returned string, or the text protocol) and jsonifyResult, instead of PHP's fatal error; no memory is kept and the connection answers the next query in full
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_mysql_skipif();
if (!extension_loaded('lyger')) die('skip the fallback builds PHP arrays with mysqli: memory_limit ends it with PHP fatal error');
?>
--INI--
memory_limit=32M
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_mysql_dsn();
$cached = fn () => json_decode($e->systemInfo(), true)['db']['engines']['mysql']['statements_cached'];
$show = function (callable $f) {
    try {
        $r = $f();
        echo 'returned ', strlen($r), " bytes\n";
    } catch (Lyger\Core\DatabaseException $x) {
        echo get_class($x), ' [', $x->getSqlState(), ']: ', $x->getMessage(), "\n";
    }
};
// 1,000-byte rows: 600 of them (~0.6 MB of JSON) fit; 40,000 (~40 MB) do not
// (MariaDB's SEQUENCE engine: seq_1_to_N is a table of the numbers 1 to N)
$q = "select seq as i, repeat('x', 1000) as s from seq_1_to_40000 where seq <= ?";
$small = $e->dbQueryJson($dsn, $q, [600]);          // first seen: the text protocol
$rows = json_decode($small, true);
printf("small: %d rows, row 600 = {i: %d, s: %d x}\n", count($rows), $rows[599]['i'], substr_count($rows[599]['s'], 'x'));
var_dump($e->dbQueryJson($dsn, $q, [600]) === $small); // prepared from here on

// prepared: its rows go into the string as they are fetched, until memory_limit stops them
$before = $cached();
$base = memory_get_usage();
$show(fn () => $e->dbQueryJson($dsn, $q, [40000]));
echo 'ran as the cached statement: ', $cached() - $before, "\n";
echo 'memory kept after the failure (KiB, rounded): ', intdiv(max(0, memory_get_usage() - $base) + 512, 1024), "\n";
var_dump($e->dbQueryJson($dsn, $q, [600]) === $small); // the connection is in step

// a kept result: jsonifyResult checks its size before writing
$h = $e->dbQuery($dsn, $q, [40000]);
$show(fn () => $e->jsonifyResult($h));
$e->freeResult($h);

// a text run once (the text protocol, not prepared): the same exception
$base = memory_get_usage();
$show(fn () => $e->dbQueryJson($dsn, "select seq as i, repeat('y', 1000) as s from seq_1_to_40000"));
echo 'memory kept after the failure (KiB, rounded): ', intdiv(max(0, memory_get_usage() - $base) + 512, 1024), "\n";

// with room to spare, the same statement returns it whole, the same as a kept result
ini_set('memory_limit', '256M');
$big = $e->dbQueryJson($dsn, $q, [40000]);
$rows = json_decode($big, true);
printf("256M: %d rows, last id %d, same as a kept result: %s\n", count($rows), $rows[39999]['i'],
       var_export($big === $e->jsonifyResult($h2 = $e->dbQuery($dsn, $q, [40000])), true));
$e->freeResult($h2);
unset($big, $rows);
gc_mem_caches();
ini_set('memory_limit', '32M');
var_dump($e->dbQueryJson($dsn, $q, [600]) === $small);
var_dump($e->dbQueryJson($dsn, $q, [0]) === $e->dbQueryJson($dsn, 'select 1 as one where 0'));
echo $e->dbQueryJson($dsn, 'select 1 as one'), "\n";
?>
--EXPECT--
small: 600 rows, row 600 = {i: 600, s: 1000 x}
bool(true)
Lyger\Core\DatabaseException [53200]: dbQueryJson(): the result's JSON does not fit in memory_limit (33554432 bytes)
ran as the cached statement: 1
memory kept after the failure (KiB, rounded): 0
bool(true)
Lyger\Core\DatabaseException [53200]: jsonifyResult(): the result's JSON does not fit in memory_limit (33554432 bytes)
Lyger\Core\DatabaseException [53200]: dbQueryJson(): the result's JSON does not fit in memory_limit (33554432 bytes)
memory kept after the failure (KiB, rounded): 0
256M: 40000 rows, last id 40000, same as a kept result: true
bool(true)
bool(true)
[{"one":1}]
