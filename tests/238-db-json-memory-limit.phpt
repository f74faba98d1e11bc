--TEST--
Database (PostgreSQL): a result whose JSON does not fit in memory_limit throws DatabaseException 53200 from dbQueryJson (streamed or not) and jsonifyResult, instead of PHP's fatal error; no memory is kept and the connection answers the next query in full
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_db_skipif();
if (!extension_loaded('lyger')) die('skip the fallback builds PHP arrays with pg_fetch_all: memory_limit ends it with PHP fatal error');
?>
--INI--
memory_limit=32M
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_dsn();
$streamed = fn () => json_decode($e->systemInfo(), true)['db']['engines']['pgsql']['results_streamed'];
$show = function (callable $f) {
    try {
        $r = $f();
        echo 'returned ', strlen($r), " bytes\n";
    } catch (Lyger\Core\DatabaseException $x) {
        echo get_class($x), ' [', $x->getSqlState(), ']: ', $x->getMessage(), "\n";
    }
};
// 1,000-byte rows: 600 of them (~0.6 MB of JSON) fit; 40,000 (~40 MB) do not
$q = 'select i, repeat(\'x\', 1000) as s from generate_series(1, $1::int) i';
$small = $e->dbQueryJson($dsn, $q, [600]);          // first seen: unprepared
echo 'small: ', strlen($small), " bytes\n";
var_dump($e->dbQueryJson($dsn, $q, [600]) === $small); // prepared, 600 rows noted

// streamed from here on (its last run returned 600 rows)
$before = $streamed();
$base = memory_get_usage();
$show(fn () => $e->dbQueryJson($dsn, $q, [40000]));
echo 'streamed: ', $streamed() - $before, "\n";
echo 'memory kept after the failure (KiB, rounded): ', intdiv(max(0, memory_get_usage() - $base) + 512, 1024), "\n";
var_dump($e->dbQueryJson($dsn, $q, [600]) === $small); // the connection is in step

// a kept result: jsonifyResult checks its estimate before writing
$h = $e->dbQuery($dsn, $q, [40000]);
$show(fn () => $e->jsonifyResult($h));
$e->freeResult($h);

// a statement that does not stream (run once, unprepared): the same exception
$show(fn () => $e->dbQueryJson($dsn, 'select i, repeat(\'y\', 1000) as s from generate_series(1, 40000) i'));

// with room to spare, the same statement returns it whole
ini_set('memory_limit', '256M');
$big = $e->dbQueryJson($dsn, $q, [40000]);
$rows = json_decode($big, true);
printf("256M: %d rows, last id %d, same as a kept result: %s\n", count($rows), $rows[39999]['i'],
       var_export($big === $e->jsonifyResult($h2 = $e->dbQuery($dsn, $q, [40000])), true));
$e->freeResult($h2);
// back under 32M, the small run again: its last run's 41 MB is a size to reserve, not a
// limit to meet, so it returns its JSON (not 53200)
unset($big, $rows);
gc_mem_caches(); // freed chunks kept for reuse still count against a new limit
ini_set('memory_limit', '32M');
var_dump($e->dbQueryJson($dsn, $q, [600]) === $small);

// a run that fails on the server after its reservation was refused (its last run's 41 MB
// does not fit under 32M) reports the server's error, not memory_limit's
$qd = 'select i, repeat(\'x\', 1000) as s, 1 / $2::int as d from generate_series(1, $1::int) i';
ini_set('memory_limit', '256M');
for ($i = 0; $i < 3; $i++) { // unprepared, prepared (40,000 rows noted), streamed (its size noted)
    $e->dbQueryJson($dsn, $qd, [40000, 1]);
}
gc_mem_caches();
ini_set('memory_limit', '32M');
$show(fn () => $e->dbQueryJson($dsn, $qd, [600, 0]));
echo $e->dbQueryJson($dsn, 'select 1 as one'), "\n";
?>
--EXPECT--
small: 610093 bytes
bool(true)
Lyger\Core\DatabaseException [53200]: dbQueryJson(): the result's JSON does not fit in memory_limit (33554432 bytes)
streamed: 1
memory kept after the failure (KiB, rounded): 0
bool(true)
Lyger\Core\DatabaseException [53200]: jsonifyResult(): the result's JSON does not fit in memory_limit (33554432 bytes)
Lyger\Core\DatabaseException [53200]: dbQueryJson(): the result's JSON does not fit in memory_limit (33554432 bytes)
256M: 40000 rows, last id 40000, same as a kept result: true
bool(true)
Lyger\Core\DatabaseException [22012]: dbQueryJson(): division by zero
[{"one":1}]
