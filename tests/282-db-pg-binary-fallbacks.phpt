--TEST--
Database (PostgreSQL): a result with a column type that has no binary decoder stays text; ALTER TABLE changing a column's type between runs gives the new type's JSON; DISCARD ALL, transactions and handles jsonified after a SET give what the text path gives
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_db_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/pg_binary.inc';
$e = Lyger\Core\Engine::getInstance();
$GLOBALS['lyger_pgb'] = lyger_pgb_dsns();
[$bin, $text] = $GLOBALS['lyger_pgb'];
$t = lyger_table('pgbin');
$native = extension_loaded('lyger');

// 1. types without a decoder: the whole result comes as text (libpq's memory is the text's)
lyger_pgb_same('no decoder', "select 1::int8 as i, interval '1 day 02:03' as iv, array[1, 2] as a, inet '10.0.0.1/8' as ip,
    12.5::money as m, '12:00+02'::timetz as tt, 'x'::\"char\" as c, point(1, 2) as p, 1.5::float8 as f");
$q = 'select 123456789012345678::int8 as x, interval \'1 day\' as i from generate_series(1, 2000)';
echo 'text when a column has no decoder: ', $native ? var_export(lyger_pgb_result_bytes($bin, $q) === lyger_pgb_result_bytes($text, $q), true) : 'true', "\n";

// 2. a column's type changed under a statement that runs in binary
$e->dbExecute($text, "create table $t (id int primary key, v int8)");
$e->dbExecute($text, "insert into $t values (1, 9007199254740993), (2, -5)");
$q = "select * from $t order by id";
foreach ([null, 'text using v::text', 'numeric using v::numeric / 4', 'float8 using v::float8', 'int8[] using array[v::int8]',
          'timestamptz using timestamptz \'2000-01-01 00:00:00+00\' + v[1]::float8 * interval \'1 us\'', 'bool using v > \'2000-01-01 00:00:00+00\''] as $alter) {
    if ($alter !== null) {
        $e->dbExecute($text, "alter table $t alter column v type $alter");
    }
    lyger_pgb_both("set timezone = 'UTC'");
    $want = $e->dbQueryJson($text, $q);
    $got = [];
    for ($i = 0; $i < 3; $i++) $got[] = $e->dbQueryJson($bin, $q);
    echo $want, count(array_unique($got)) === 1 && $got[0] === $want ? ' same' : ' DIFFERS: ' . implode(' ', $got), "\n";
}

// 3. DISCARD ALL resets extra_float_digits (and forgets the prepared statements)
lyger_pgb_both('set extra_float_digits = 0');
lyger_pgb_same('extra_float_digits 0', 'select 0.1::float8 + 0.2 as x, 1/3::float4 as y');
lyger_pgb_both('discard all');
lyger_pgb_same('after discard all', 'select 0.1::float8 + 0.2 as x, 1/3::float4 as y');

// 4. inside a transaction block, and a handle jsonified after a SET that would change text
lyger_pgb_both('begin');
lyger_pgb_same('in a transaction', "select 0.1::float8 + 0.2 as x, now() - now() as z, v from $t order by id");
lyger_pgb_both('set local extra_float_digits = 0');
lyger_pgb_same('set local', 'select 0.1::float8 + 0.2 as x, 1/3::float4 as y');
lyger_pgb_both('commit');
lyger_pgb_same('after commit', 'select 0.1::float8 + 0.2 as x, 1/3::float4 as y');
lyger_pgb_both("set datestyle = 'ISO'");
$q = "select timestamp '2024-02-29 12:34:56.5' as ts, date '0044-03-15 BC' as d, 0.1::float8 + 0.2 as x";
for ($i = 0; $i < 3; $i++) $h = $e->dbQuery($bin, $q);
$want = $e->dbQueryJson($text, $q);
lyger_pgb_both("set datestyle = 'German'");
lyger_pgb_both('set extra_float_digits = 0');
echo 'handle after SET: ', $e->jsonifyResult($h) === $want ? 'same' : 'DIFFERS', ' ', $want, "\n";
$e->freeResult($h);
lyger_pgb_same('German, extra_float_digits 0', $q);
$e->dbExecute($text, "drop table $t");

// 5. lyger.db_pg_binary: auto (the default) takes binary only where it is faster (a date,
// time, timestamp, uuid or float column, no numeric one); off never; a bad value is refused
echo 'bad value refused: ', var_export(!$native || ini_set('lyger.db_pg_binary', 'sometimes') === false, true), "\n";
$auto = lyger_pgb_dsn('auto');
$off = lyger_pgb_dsn('off');
$all = lyger_pgb_dsn('all');
foreach ([$text, $auto, $off, $all] as $d) $e->dbExecute($d, 'reset all');
$shapes = [
    'timestamp, int8' => "select timestamp '2024-01-01' + g * interval '1 s' as ts, g::int8 * 1000000000000003 as x from generate_series(1, 2000) g",
    'timestamp, int8, float8' => "select timestamp '2024-01-01' + g * interval '1 s' as ts, g::int8 * 1000000000000003 as x, g / 7.0::float8 as f from generate_series(1, 2000) g",
    'timestamp, int8, numeric' => "select timestamp '2024-01-01' + g * interval '1 s' as ts, g::int8 * 1000000000000003 as x, g / 7.0 as n from generate_series(1, 2000) g",
    'int8 only' => 'select g::int8 * 1000000000000003 as x from generate_series(1, 2000) g',
    'float8 only' => 'select g / 7.0::float8 as f, g / 3.0::float8 as h, g / 11.0::float8 as i, g / 13.0::float8 as j from generate_series(1, 2000) g',
];
foreach ($shapes as $label => $q) {
    $bytes = [];
    foreach (['text' => $text, 'auto' => $auto, 'off' => $off, 'all' => $all] as $k => $d) {
        $bytes[$k] = $native ? lyger_pgb_result_bytes($d, $q) : 0;
        if ($e->dbQueryJson($d, $q) !== $e->dbQueryJson($text, $q)) echo "$label: $k DIFFERS\n";
    }
    // (the fallback always reads text: it prints the extension's answer)
    $binary = fn ($k) => $native ? ($bytes[$k] < $bytes['text'] ? 'binary' : 'text') : ['auto' => !str_starts_with($label, 'int8') && !str_ends_with($label, 'numeric') ? 'binary' : 'text', 'off' => 'text', 'all' => 'binary'][$k];
    echo "$label: auto ", $binary('auto'), ', off ', $binary('off'), ', all ', $binary('all'), "\n";
}
?>
--EXPECT--
no decoder: same
text when a column has no decoder: true
[{"id":1,"v":9007199254740993},{"id":2,"v":-5}] same
[{"id":1,"v":"9007199254740993"},{"id":2,"v":"-5"}] same
[{"id":1,"v":2251799813685248.2500},{"id":2,"v":-1.2500000000000000}] same
[{"id":1,"v":2.251799813685248e+15},{"id":2,"v":-1.25}] same
[{"id":1,"v":"{2251799813685248}"},{"id":2,"v":"{-1}"}] same
[{"id":1,"v":"2071-05-10 11:56:53.685248+00"},{"id":2,"v":"1999-12-31 23:59:59.999999+00"}] same
[{"id":1,"v":true},{"id":2,"v":false}] same
extra_float_digits 0: same
after discard all: same
in a transaction: same
set local: same
after commit: same
handle after SET: same [{"ts":"2024-02-29 12:34:56.5","d":"0044-03-15 BC","x":0.30000000000000004}]
German, extra_float_digits 0: same
bad value refused: true
timestamp, int8: auto binary, off text, all binary
timestamp, int8, float8: auto binary, off text, all binary
timestamp, int8, numeric: auto text, off text, all binary
int8 only: auto text, off text, all binary
float8 only: auto binary, off text, all binary
