--TEST--
Database: for a mixed-type table the JSON decodes to exactly what the server's own json_agg gives (types, NULLs, unicode, json), except that timestamps and arrays stay in PostgreSQL's text form as strings (as the API documents)
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_db_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_dsn();
$t = lyger_table('t_mix');
$e->dbExecute($dsn, "create table $t (id int primary key, big bigint, amount numeric(14,4), ratio float8, small int2,
    flag bool, label text, at timestamptz, doc jsonb, raw json, maybe text, tags text[], f4 float4)");
$e->dbExecute($dsn, "insert into $t
    select g, g::bigint * 3000000000, (g * 1.2345)::numeric(14,4), g / 3.0, (g % 100)::int2,
           g % 3 = 0, 'label \"' || g || E'\" \\\\ \\t ' || chr(1 + g % 30) || ' ✓ 😀',
           timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute',
           jsonb_build_object('g', g, 'sq', g * g, 'arr', jsonb_build_array(g, 'x', null, true)),
           ('{\"n\": ' || g || '}')::json,
           case when g % 4 = 0 then null else 'm' || g end,
           array['a' || g, 'b'], g * 0.25::float4
    from generate_series(1, 500) g");
$sql = "select * from $t order by id";
$json = $e->dbQueryJson($dsn, $sql);
$agg = json_decode($e->dbQueryJson($dsn, "select json_agg(x order by id)::text as j from ($sql) x"), true)[0]['j'];
$mine = json_decode($json, true, 512, JSON_THROW_ON_ERROR);
$server = json_decode($agg, true, 512, JSON_THROW_ON_ERROR);
// json_agg renders timestamptz as ISO 8601 and arrays as JSON arrays; the API gives their text form
$texts = json_decode($e->dbQueryJson($dsn, "select at::text as at, tags::text as tags from $t order by id"), true);
foreach ($server as $i => &$row) {
    $row['at'] = $texts[$i]['at'];
    $row['tags'] = $texts[$i]['tags'];
}
unset($row);
var_dump(count($mine), $mine === $server);
if ($mine !== $server) {
    foreach ($mine as $i => $row) {
        if ($row !== $server[$i]) { var_dump($row, $server[$i]); break; }
    }
}
$h = $e->dbQuery($dsn, $sql);
var_dump($e->jsonifyResult($h) === $json);
$e->freeResult($h);
echo substr($json, 0, 330), "\n";
$e->dbExecute($dsn, "drop table $t");
?>
--EXPECT--
int(500)
bool(true)
bool(true)
[{"id":1,"big":3000000000,"amount":1.2345,"ratio":0.3333333333333333,"small":1,"flag":false,"label":"label \"1\" \\ \t \u0002 ✓ 😀","at":"2024-01-01 00:01:00+00","doc":{"g": 1, "sq": 1, "arr": [1, "x", null, true]},"raw":{"n": 1},"maybe":"m1","tags":"{a1,b}","f4":0.25},{"id":2,"big":6000000000,"amount":2.4690,"ratio":0.66666
