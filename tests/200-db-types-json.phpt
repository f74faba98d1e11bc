--TEST--
Database: every PostgreSQL type becomes the JSON json_agg would give (numbers, NaN/Infinity as strings, bool, embedded json, null, strings)
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_db_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$json = $e->dbQueryJson(lyger_dsn(), <<<'SQL'
select 1::int2 as i2, '-2147483648'::int4 as i4, 9223372036854775807::int8 as i8, 4294967295::oid as o,
       1.5::float4 as f4, 0.1::float8 as f8, 1e300::float8 as big, 1e-7::float8 as tiny, '-0'::float8 as negzero,
       'NaN'::float8 as fnan, 'Infinity'::float8 as finf, '-Infinity'::float4 as fninf,
       12345678901234567890.000100::numeric as num, 'NaN'::numeric as nnan, 'Infinity'::numeric as ninf,
       true as t, false as f,
       '{"x": [1, 2.50, "y"]}'::json as js, '{"b": 1, "a": [true, null]}'::jsonb as jb,
       null::int as n_int, null::text as n_text, null::jsonb as n_jsonb,
       'text'::text as txt, 'c'::char(3) as ch, 'v'::varchar as vc,
       '2024-02-29 12:34:56.789+00'::timestamptz as tstz, '2024-02-29'::date as d, '12:00'::time as tm,
       '1 day 02:00'::interval as iv, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid as u,
       '\x00ff10'::bytea as b, array[1,2,3] as arr, array['a"b', null] as tarr,
       '192.168.0.1/24'::inet as ip, 12.34::money as m, '(1,2)'::point as pt, 'x'::name as nm
SQL);
echo $json, "\n";
var_dump(json_decode($json, true, 512, JSON_THROW_ON_ERROR)[0]['i8'] === PHP_INT_MAX);
?>
--EXPECT--
[{"i2":1,"i4":-2147483648,"i8":9223372036854775807,"o":4294967295,"f4":1.5,"f8":0.1,"big":1e+300,"tiny":1e-07,"negzero":-0,"fnan":"NaN","finf":"Infinity","fninf":"-Infinity","num":12345678901234567890.000100,"nnan":"NaN","ninf":"Infinity","t":true,"f":false,"js":{"x": [1, 2.50, "y"]},"jb":{"a": [true, null], "b": 1},"n_int":null,"n_text":null,"n_jsonb":null,"txt":"text","ch":"c  ","vc":"v","tstz":"2024-02-29 12:34:56.789+00","d":"2024-02-29","tm":"12:00:00","iv":"1 day 02:00:00","u":"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11","b":"\\x00ff10","arr":"{1,2,3}","tarr":"{\"a\\\"b\",NULL}","ip":"192.168.0.1/24","m":"$12.34","pt":"(1,2)","nm":"x"}]
bool(true)
