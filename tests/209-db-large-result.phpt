--TEST--
Database: a 100,000-row result comes back whole and typed, the same data as the server's own json_agg, through dbQueryJson and through a handle
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_db_skipif();
if (getenv('LYGER_TEST_MODE') === 'valgrind') die('skip 1e5 rows take minutes under valgrind; 217-db-json-agg-parity covers the same code paths with fewer rows');
?>
--INI--
memory_limit=512M
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_dsn();
$sql = "select g as id, g::int8 * 1000003 as big, (g / 7.0)::numeric(12,4) as num, g * 0.5::float8 as half,
               g % 2 = 0 as even, 'row \"' || g || E'\"\\n\\u00e9' as label,
               case when g % 10 = 0 then null else jsonb_build_object('g', g) end as doc
        from generate_series(1, 100000) g";
$json = $e->dbQueryJson($dsn, $sql);
$rows = json_decode($json, true, 512, JSON_THROW_ON_ERROR);
var_dump(count($rows));
var_dump($rows[0]);
var_dump($rows[99999]['id'], $rows[99999]['doc'], $rows[99998]['doc']);
// the same values as the server's own JSON rendering
$agg = $e->dbQueryJson($dsn, "select json_agg(t)::text as j from ($sql) t");
$server = json_decode(json_decode($agg, true)[0]['j'], true, 512, JSON_THROW_ON_ERROR);
var_dump($server === $rows);
$h = $e->dbQuery($dsn, $sql);
var_dump($e->jsonifyResult($h) === $json);
$e->freeResult($h);
?>
--EXPECT--
int(100000)
array(7) {
  ["id"]=>
  int(1)
  ["big"]=>
  int(1000003)
  ["num"]=>
  float(0.1429)
  ["half"]=>
  float(0.5)
  ["even"]=>
  bool(false)
  ["label"]=>
  string(10) "row "1"
é"
  ["doc"]=>
  array(1) {
    ["g"]=>
    int(1)
  }
}
int(100000)
NULL
array(1) {
  ["g"]=>
  int(99999)
}
bool(true)
bool(true)
