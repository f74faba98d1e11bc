--TEST--
Database (PostgreSQL): binary results give byte for byte the text path's JSON for numeric (NaN, infinities, huge scales), date, time, timestamp, timestamptz (BC, far future, infinity; under several DateStyle and TimeZone settings), uuid, json, jsonb and bytea (bytea_output hex and escape)
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_db_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/pg_binary.inc';
$e = Lyger\Core\Engine::getInstance();
$GLOBALS['lyger_pgb'] = lyger_pgb_dsns();
[$bin, $text] = $GLOBALS['lyger_pgb'];
$t = lyger_table('pgbin');
$sel = fn (array $vs, string $type) => implode(', ', array_map(fn ($v, $i) => "'$v'::$type as c$i", $vs, array_keys($vs)));

// 1. numeric
$num = ['0', '0.000', '-0.5', '1', '-1', 'NaN', 'Infinity', '-Infinity', '10000', '9999', '0.0001', '0.00010',
    '123.4500', '-99999999.99999999', '12345678901234567890.000100', '1e-1000', '-1e-1000', '9e1000',
    '1e100', '100000000', '0.1e-5', '1234.5678e10', '5e-16383'];
lyger_pgb_same('numeric edges', 'select ' . $sel($num, 'numeric'));
lyger_pgb_same('numeric scales', "select round(1/3::numeric, 1000) as a, 2::numeric ^ 1000 as b, (-2)::numeric ^ 999 as c,
    1/7::numeric(40, 35) as d, 0::numeric(20, 10) as e, sqrt(2::numeric) as f, \$1::numeric as g", ['-000123.4560']);
$e->dbExecute($text, "create table $t (id int primary key, n numeric, d date, ts timestamp, tz timestamptz,
    tm time, u uuid, b bytea)");
$e->dbExecute($text, "insert into $t select i, round(((random() - 0.5) * 10 ^ (random() * 40 - 20))::numeric, (random() * 30)::int),
    date '2000-01-01' + (random() * 4000000 - 2000000)::int, timestamp '2000-01-01' + (random() * 6e12 - 3e12) * interval '1 ms',
    timestamptz '2000-01-01 00:00:00+00' + (random() * 6e12 - 3e12) * interval '1 ms', time '00:00' + random() * interval '24 hours',
    gen_random_uuid(), decode(md5(i::text) || md5((i * 7)::text), 'hex') from generate_series(1, 2000) i");
$e->dbExecute($text, "update $t set n = null, d = null, ts = null, tz = null, tm = null, u = null, b = null where id % 97 = 0");
$all = "select * from $t order by id";

// 2. dates and times (TimeZone UTC, DateStyle ISO: the binary path)
lyger_pgb_both("set timezone = 'UTC'");
lyger_pgb_both("set datestyle = 'ISO, MDY'");
$dates = ['4713-01-01 BC', '0001-01-01 BC', '0001-12-31 BC', '0001-01-01', '0099-03-01', '1582-10-15', '1900-02-28',
    '1999-12-31', '2000-01-01', '2000-02-29', '2038-01-19', '9999-12-31', '10000-01-01', '5874897-12-31', 'infinity', '-infinity'];
lyger_pgb_same('date edges', 'select ' . $sel($dates, 'date'));
$stamps = ['4713-01-01 00:00:00 BC', '0001-12-31 23:59:59.123 BC', '0001-01-01 00:00:00', '1999-12-31 23:59:59.5',
    '2000-01-01 00:00:00', '2000-01-01 00:00:00.000001', '1969-12-31 23:59:59.999999', '1900-01-01 12:00:00.10',
    '2024-02-29 12:34:56.789', '9999-12-31 23:59:59.999999', '294276-12-31 23:59:59.999999', 'infinity', '-infinity'];
lyger_pgb_same('timestamp edges', 'select ' . $sel($stamps, 'timestamp'));
lyger_pgb_same('timestamptz edges', 'select ' . $sel(array_map(fn ($s) => str_contains($s, 'inf') ? $s : (str_ends_with($s, ' BC') ? substr($s, 0, -3) . '+00 BC' : "$s+00"), $stamps), 'timestamptz'));
lyger_pgb_same('time edges', 'select ' . $sel(['00:00', '00:00:00.000001', '12:34:56.5', '23:59:59.999999', '24:00:00'], 'time'));
lyger_pgb_same('2000 random rows', $all);
foreach (['Etc/UTC', 'GMT', 'Europe/Berlin', 'America/St_Johns', 'Asia/Kolkata', '-03:30', 'UTC'] as $zone) {
    lyger_pgb_both("set timezone = '$zone'");
    lyger_pgb_same("TimeZone $zone", "select tz, ts, d from $t order by id");
}
foreach (['ISO, DMY', 'SQL, DMY', 'SQL, MDY', 'Postgres, MDY', 'German', 'ISO, YMD'] as $style) {
    lyger_pgb_both("set datestyle = '$style'");
    lyger_pgb_same("DateStyle $style", "select tz, ts, d, tm from $t order by id");
}
$e->dbQueryJson($bin, "select set_config('datestyle', 'SQL', false)");
$e->dbQueryJson($text, "select set_config('datestyle', 'SQL', false)");
lyger_pgb_same('DateStyle by set_config', "select tz, ts, d from $t order by id");
lyger_pgb_both("set datestyle = 'ISO'");
lyger_pgb_same('DateStyle ISO again', 'select ' . $sel($dates, 'date'));

// 3. uuid, json, jsonb, bytea
lyger_pgb_same('uuid json jsonb', "select 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid as u, '00000000-0000-0000-0000-000000000000'::uuid as z,
    '{\"x\":  [1, 2.50, \"y\"], \"é\": null}'::json as j, '{\"b\": 1, \"a\": [true, null, 1.50]}'::jsonb as jb,
    '\"s\"'::jsonb as js, '[]'::json as e, null::jsonb as n");
lyger_pgb_same('bytea hex', "select '\\x'::bytea as a, '\\x00ff10'::bytea as b, decode(repeat('00ff7f80', 300), 'hex') as c, b from $t order by id");
lyger_pgb_both("set bytea_output = 'escape'");
lyger_pgb_same('bytea escape', "select '\\x00ff10'::bytea as b, b from $t order by id");
lyger_pgb_both("set bytea_output = 'hex'");
lyger_pgb_same('bytea hex again', "select '\\x00ff10'::bytea as b, b from $t order by id");
lyger_pgb_same('every column', $all);
$e->dbExecute($text, "drop table $t");
?>
--EXPECT--
numeric edges: same
numeric scales: same
date edges: same
timestamp edges: same
timestamptz edges: same
time edges: same
2000 random rows: same
TimeZone Etc/UTC: same
TimeZone GMT: same
TimeZone Europe/Berlin: same
TimeZone America/St_Johns: same
TimeZone Asia/Kolkata: same
TimeZone -03:30: same
TimeZone UTC: same
DateStyle ISO, DMY: same
DateStyle SQL, DMY: same
DateStyle SQL, MDY: same
DateStyle Postgres, MDY: same
DateStyle German: same
DateStyle ISO, YMD: same
DateStyle by set_config: same
DateStyle ISO again: same
uuid json jsonb: same
bytea hex: same
bytea escape: same
bytea hex again: same
every column: same
