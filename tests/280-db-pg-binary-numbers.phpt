--TEST--
Database (PostgreSQL): binary results of cached statements give byte for byte the JSON of the text path for ints, floats (edge values, random doubles, float4, extra_float_digits changed by SET and set_config), bool and text types
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_db_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/pg_binary.inc';
$e = Lyger\Core\Engine::getInstance();
$GLOBALS['lyger_pgb'] = lyger_pgb_dsns();
[$bin, $text] = $GLOBALS['lyger_pgb'];
$t = lyger_table('pgbin');

// 1. integers and bool at their edges
lyger_pgb_same('ints', "select 0::int2 as a, (-32768)::int2 as b, 32767::int2 as c, (-2147483648)::int4 as d,
    2147483647::int4 as e, (-9223372036854775808)::int8 as f, 9223372036854775807::int8 as g, 0::oid as h,
    4294967295::oid as i, (-1)::int8 as j, null::int8 as k, true as t, false as u, null::bool as v");
lyger_pgb_same('ints with a parameter', 'select $1::int8 as x, $1::int4 + 1 as y, $1::int2 as z', [-7]);

// 2. doubles and floats: specials, boundaries of the fixed/exponent forms, subnormals
$f8 = ['0', '-0', 'NaN', 'Infinity', '-Infinity', '0.1', '0.3', '1', '-1', '1e15', '1e14', '999999999999999',
    '1234567890123456789', '1e-4', '1e-5', '0.0001234', '0.00001234', '1.5e-7', '1e300', '1e308',
    '1.7976931348623157e308', '-1.7976931348623157e308', '2.2250738585072014e-308', '2.225073858507201e-308',
    '5e-324', '1e-323', '4.9406564584124654e-324', '9007199254740993', '0.30000000000000004', '123.456',
    '1e22', '1e23', '5e-310', '2.5', '100', '1e16', '1.2345678901234567e-300', '8.98846567431158e307'];
$f4 = ['0', '-0', 'NaN', 'Infinity', '-Infinity', '0.1', '1.5', '123456', '1234567', '1e6', '999999', '1e-4',
    '1e-5', '3.4028235e38', '-3.4028235e38', '1.17549435e-38', '1.4e-45', '1e-45', '16777217', '0.333333343',
    '7.006492e-45', '1.0000001', '8388608.5'];
$sel = fn (array $vs, string $type) => implode(', ', array_map(fn ($v, $i) => "'$v'::$type as c$i", $vs, array_keys($vs)));
lyger_pgb_same('float8 edges', 'select ' . $sel($f8, 'float8'));
lyger_pgb_same('float4 edges', 'select ' . $sel($f4, 'float4'));
lyger_pgb_same('floats computed', 'select 0.1::float8 + 0.2 as a, 1/3::float8 as b, 2/3::float4 as c, pi() as d, exp(1) as e');

// random doubles over the whole range (their bit patterns) and random floats, written once
$e->dbExecute($text, "create table $t (id int primary key, d float8, f float4)");
mt_srand(280);
$vals = [];
for ($i = 0; $i < 3000; $i++) {
    $bits = pack('J', mt_rand() << 32 | mt_rand() << 1 | mt_rand(0, 1));
    $d = unpack('E', $bits)[1];
    if (is_nan($d) || is_infinite($d)) $d = 0.5;
    do { // a float's bit pattern, as a double that ::float4 reads back exactly
        $f = unpack('G', pack('N', mt_rand(0, 0xffffffff)))[1];
    } while (is_nan($f) || is_infinite($f));
    $vals[] = '(' . $i . ', ' . var_export($d, true) . '::float8, ' . var_export($f, true) . '::float4)';
}
foreach (array_chunk($vals, 500) as $chunk) $e->dbExecute($text, "insert into $t values " . implode(',', $chunk));
$random = "select d, f, -d as nd, f::float8 as fd, -f as nf from $t order by id";
lyger_pgb_same('3000 random doubles and floats', $random);
// short decimals at every magnitude, many exactly between two doubles (or floats): there
// PostgreSQL's Ryu writes the next longer decimal (1e23 -> 9.999999999999999e+22)
$e->dbExecute($text, "create table {$t}_m (id serial, d float8, f float4)");
$e->dbExecute($text, "insert into {$t}_m (d, f) select (m || 'e' || k)::float8,
    case when (m || 'e' || k)::float8 between 1.2e-38 and 3.4e38 then (m || 'e' || k)::float4 end
    from (select distinct i * 7919 % 999999 + 1 as m from generate_series(1, 1500) i) ms, generate_series(-30, 45) k
    where m % 10 <> 0");
lyger_pgb_same('short decimals', "select d, f from {$t}_m order by id");
$e->dbExecute($text, "drop table {$t}_m");
// doubles as tables hold them (prices, ratios, measurements): 2^-14 .. 2^53 takes the
// 128-bit path, the rest zend_dtoa's digits
lyger_pgb_same('computed doubles', "select g / 7.0::float8 as a, g * 0.1::float8 as b, g / 3.0::float8 as c, sqrt(g::float8) as d,
    g * 1.1::float8 as e, 1 / g::float8 as f, g * 1e-4::float8 as h, g::float8 * 2 ^ 40 + 0.5 as i, exp(g::float8 / 1000) as j,
    (g / 7.0)::float4 as k, 1 / g::float4 as l, g * 0.1::float4 as m, sqrt(g::float4) * 1e-9::float4 as n
    from generate_series(1, 20000) g");
lyger_pgb_same('pseudo-random doubles by magnitude', "select abs(sin(g * 12.9898 + k)) * 10 ^ k as a,
    -abs(cos(g * 78.233 - k)) * 2 ^ (k * 3) as b from generate_series(1, 300) g, generate_series(-20, 20) k");
lyger_pgb_same('powers of two and neighbours', "select (2::numeric ^ n + o * 2::numeric ^ (n - 53))::float8 as d,
    (2::numeric ^ (n / 4) + o * 2::numeric ^ (n / 4 - 24))::float4 as f from generate_series(1, 120) n, generate_series(-40, 40) o");

// 3. text-like types: the same bytes
lyger_pgb_same('text types', "select ''::text as a, 'q\"b\\\\s/é€😀\n\t\x01'::text as b, 'pad'::char(6) as c,
    'v'::varchar(3) as d, 'nm'::name as e, null::text as f, 'x' as g, \$1::text as h", ["par\"am\x7f"]);

// 4. extra_float_digits and bytea_output are not reported by the server: SET, set_config()
// and RESET must still give what the text path gives
lyger_pgb_both('set extra_float_digits = 0');
lyger_pgb_same('extra_float_digits 0', $random);
lyger_pgb_same('extra_float_digits 0, edges', 'select ' . $sel($f8, 'float8'));
lyger_pgb_both('set extra_float_digits = -15');
lyger_pgb_same('extra_float_digits -15', 'select ' . $sel($f4, 'float4'));
lyger_pgb_both('reset extra_float_digits');
lyger_pgb_same('after reset', $random);
$e->dbQueryJson($bin, "select set_config('extra_float_digits', '-3', false)");
$e->dbQueryJson($text, "select set_config('extra_float_digits', '-3', false)");
lyger_pgb_same('after set_config', $random);
lyger_pgb_both('set extra_float_digits = 3');
lyger_pgb_same('extra_float_digits 3', $random);

// 5. the binary path was taken (native): libpq keeps 2,000 int8s of 18 digits in less memory
if (extension_loaded('lyger')) {
    $q = 'select 123456789012345678::int8 as x from generate_series(1, 2000)';
    echo 'binary took less memory: ', var_export(lyger_pgb_result_bytes($bin, $q) < lyger_pgb_result_bytes($text, $q) - 10000, true), "\n";
} else {
    echo "binary took less memory: true\n";
}
$e->dbExecute($text, "drop table $t");
?>
--EXPECT--
ints: same
ints with a parameter: same
float8 edges: same
float4 edges: same
floats computed: same
3000 random doubles and floats: same
short decimals: same
computed doubles: same
pseudo-random doubles by magnitude: same
powers of two and neighbours: same
text types: same
extra_float_digits 0: same
extra_float_digits 0, edges: same
extra_float_digits -15: same
after reset: same
after set_config: same
extra_float_digits 3: same
binary took less memory: true
