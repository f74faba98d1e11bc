--TEST--
Database (MySQL/MariaDB): a query text run again runs as a cached prepared statement with binary rows, and its JSON is byte for byte the text protocol's for every column type (integers signed/unsigned/ZEROFILL, DECIMAL, FLOAT/DOUBLE, dates and times with fractions, YEAR, BIT, binary strings, JSON, ENUM/SET, values longer than their first buffer), with parameters, errors and transactions unchanged; lyger.db_mysql_statement_cache=0 keeps every query on the text protocol
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_mysql_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_mysql_dsn();
$native = extension_loaded('lyger');
// a second connection (another DSN text) opened with the cache off: the text protocol's answers
ini_set('lyger.db_mysql_statement_cache', '0');
$text = $dsn . (str_contains($dsn, '?') ? '&' : '?') . 'charset=utf8mb4';
$e->dbQueryJson($text, 'select 1');
ini_restore('lyger.db_mysql_statement_cache');
// session counters of the server: statements prepared, executed and closed on this connection
// (a new text each time, with a comment, so this query is itself never prepared)
$status = function (string $d) use ($e) {
    static $n = 0;
    $n++;
    $rows = json_decode($e->dbQueryJson($d, "select /* $n */ lower(variable_name) as k, variable_value as v from information_schema.session_status
        where variable_name in ('COM_STMT_PREPARE', 'COM_STMT_EXECUTE', 'COM_STMT_CLOSE')"), true);
    return array_column($rows, 'v', 'k');
};
$t = lyger_table('t_stmt');
$e->dbExecute($dsn, "create table $t (id int auto_increment primary key, ti tinyint, tu tinyint unsigned, b1 boolean, si smallint,
    mi mediumint unsigned, bi bigint, bu bigint unsigned, zf int(6) zerofill, de decimal(20,4), d0 decimal(65,30), f float,
    f2 float(7,3), dbl double, c char(3), vc varchar(20), tx text, bl blob, bn binary(2), vb varbinary(8), bt bit(12),
    b64 bit(64), dt date, dtt datetime(3), ts timestamp null, ts2 timestamp(2) null, tm time, t6 time(6), yr year, js json,
    en enum('a','b'), st set('x','y'))");
$e->dbExecute($dsn, "insert into $t (ti, tu, b1, si, mi, bi, bu, zf, de, d0, f, f2, dbl, c, vc, tx, bl, bn, vb, bt, b64, dt, dtt, ts, ts2,
    tm, t6, yr, js, en, st) values
    (-128, 255, true, -32768, 16777215, 9223372036854775807, 18446744073709551615, 42, -12345.6789, 1e30, 0.1, 1.5, 1e300, 'ab',
     'q''uo\"te\\\\', 'héllo\n✓ 😀\t', x'00ff', x'4142', x'', b'101000000101', x'ffffffffffffffff', '2024-02-29',
     '2024-02-29 12:34:56.789', '2024-02-29 12:34:56', '2024-01-01 00:00:00.5', '-838:59:59', '-12:00:00.000001', 2024,
     '{\"a\": [1, 2]}', 'b', 'x,y'),
    (127, 0, false, 0, 0, -9223372036854775808, 0, 0, 0, -0.000000000000000000000000000001, -0.5, -0, -2.5e-7, '', '', '', '',
     x'0000', null, b'0', b'0', '1000-01-01', '9999-12-31 23:59:59', null, null, '00:00:00', '838:59:59', 0, '[]', 'a', ''),
    (null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
     null, null, null, null, null, null, null, null, null, null, null)");
$e->dbExecute($dsn, "insert into $t (f, dbl, tx, bl, vc) select rand(seq) * pow(10, cast(seq % 30 as signed) - 15), rand(seq + 1) * pow(10, cast(seq % 600 as signed) - 300),
    repeat('ab\"c', seq * 40), unhex(repeat('0f', seq * 30)), concat('v', seq) from seq_1_to_60");

// 1. every type: the text protocol's JSON, then the same text prepared (2nd run) and cached (3rd, 4th)
$q = "select * from $t order by id";
$want = $e->dbQueryJson($text, $q);
echo str_replace('},{', "},\n{", implode('},{', array_slice(explode('},{', $want), 0, 3))), "}]\n";
$before = $status($dsn);
$runs = [];
for ($i = 0; $i < 4; $i++) $runs[] = $e->dbQueryJson($dsn, $q);
echo 'every run equals the text protocol: ', var_export(array_unique($runs) === [$want], true), "\n";
$after = $status($dsn);
echo 'prepared once, executed 3 times: ', $native ? var_export($after['com_stmt_prepare'] - $before['com_stmt_prepare'] === 1
    && $after['com_stmt_execute'] - $before['com_stmt_execute'] >= 3, true) : 'true', "\n";
$exprs = "select 1 as a, -1.50 as b, 1e-7 as c, 'x' as d, null as e, 9223372036854775807 as f, cast(1 as unsigned) as g,
    char(0) as i, pi() as j, 1/3 as k, 0.1e0 + 0.2e0 as l, cast(-0.0 as double) as m, year(0) as n, sec_to_time(3600.5) as o,
    cast('2020-01-01 10:00:00.123' as datetime(2)) as p, json_object('a', 1) as q, b'1' as r, 18446744073709551615 + 0 as s,
    timestamp'2024-02-29 23:59:59.999999' as t, time'-00:00:01.5' as u, cast('0000-00-00' as date) as v,
    cast('0000-00-00 00:00:00' as datetime) as w, time'34 10:00:00' as x, cast(now(6) as date) = curdate() as y,
    cast('2020-01-01 10:00:00.123456' as datetime(6)) as z";
$w = $e->dbQueryJson($text, $exprs);
echo $w, "\n";
for ($i = 0; $i < 3; $i++) echo $e->dbQueryJson($dsn, $exprs) === $w ? "same\n" : "differs\n";
// doubles of every size and length (the short fixed-notation ones are written by lyger,
// the others by Connector/C, in one column), and a DOUBLE column after a long text
$dq = "select seq / 7e0 as a, seq * 1.5e10 as b, 1 / (seq + 0e0) as c, seq * 1e-5 as d, -seq / 4e0 as e,
    pow(10, cast(seq % 40 as signed) - 20) as f, seq * 1e-4 + 1e14 as g, round(seq * 123.456e0, seq % 15) as h
    from seq_1_to_3000";
$w = $e->dbQueryJson($text, $dq);
for ($i = 0; $i < 3; $i++) echo $e->dbQueryJson($dsn, $dq) === $w ? "same\n" : "differs\n";
$lq = "select repeat('x', seq * 100) as t, seq / 8e0 as d, 1 / (seq + 0e0) as e from seq_1_to_40";
$w = $e->dbQueryJson($text, $lq);
for ($i = 0; $i < 3; $i++) echo $e->dbQueryJson($dsn, $lq) === $w ? "same\n" : "differs\n";

// 2. parameters by type, the same answers as the text protocol
$pq = "select id, vc, ? as i, ? as s, ? as f, ? as n, ? as b from $t where id = ? or vc = ?";
foreach ([[7, 'a\'b"c\\', 1.5, null, true, 1, 'v3'], [-1, '', 0.1, null, false, 2, "x' or '1'='1"], [PHP_INT_MAX, 'ü', 1e-7, null, true, 0, 'v9']] as $p) {
    $w = $e->dbQueryJson($text, $pq, $p);
    $got = [$e->dbQueryJson($dsn, $pq, $p), $e->dbQueryJson($dsn, $pq, $p)];
    echo $w, $got === [$w, $w] ? " same\n" : ' differs: ' . implode(' ', $got) . "\n";
}

// 3. errors, every time the same, and counts: affected rows
for ($i = 0; $i < 3; $i++) lyger_show(fn () => $e->dbQueryJson($dsn, "select nope from $t"));
for ($i = 0; $i < 3; $i++) lyger_show(fn () => $e->dbQueryJson($dsn, "select id from $t where id = ?", [1, 2]));
for ($i = 0; $i < 3; $i++) lyger_show(fn () => $e->dbQueryJson($dsn, "select id from $t where id = ?", [NAN]));
for ($i = 0; $i < 3; $i++) echo $e->dbExecute($dsn, "update $t set ti = ti where id > ?", [61]), ' ';
for ($i = 0; $i < 3; $i++) echo $e->dbExecute($dsn, "select id from $t where id < ?", [4]), ' ';
echo "\n";

// 4. inside a transaction: prepared there too, rolled back as usual
$e->dbExecute($dsn, 'begin');
for ($i = 0; $i < 3; $i++) $e->dbExecute($dsn, "insert into $t (vc) values (?)", ["tx$i"]);
echo $e->dbQueryJson($dsn, "select count(*) as n from $t where vc like 'tx%'"), "\n";
$e->dbExecute($dsn, 'rollback');
echo $e->dbQueryJson($dsn, "select count(*) as n from $t where vc like 'tx%'"), "\n";

// 5. more texts than the cache holds (32), each run 3 times: right answers, at most 32 live on the server
$bad = 0;
$before = $status($dsn);
for ($k = 0; $k < 50; $k++) {
    for ($round = 0; $round < 3; $round++) {
        $bad += json_decode($e->dbQueryJson($dsn, "select $k as k, ? as p", [$round]), true) !== [['k' => $k, 'p' => $round]];
    }
}
$after = $status($dsn);
$live = $after['com_stmt_prepare'] - $after['com_stmt_close'];
echo "50 texts 3 times: $bad wrong; ", $native ? 'live statements <= 32: ' . var_export($live <= 32 && $live > 0, true)
    . ', evicted ones closed: ' . var_export($after['com_stmt_close'] - $before['com_stmt_close'] >= 18, true)
    : 'live statements <= 32: true, evicted ones closed: true', "\n";

// 6. the cache off: nothing is prepared
$before = $status($text);
for ($i = 0; $i < 3; $i++) $two = $e->dbQueryJson($text, "select 2 as two from $t where id = ?", [1]);
$after = $status($text);
echo "off: $two prepared: ", $after['com_stmt_prepare'] - $before['com_stmt_prepare'], "\n";
$e->dbExecute($dsn, "drop table $t");
?>
--EXPECT--
[{"id":1,"ti":-128,"tu":255,"b1":1,"si":-32768,"mi":16777215,"bi":9223372036854775807,"bu":18446744073709551615,"zf":000042,"de":-12345.6789,"d0":1000000000000000000000000000000.000000000000000000000000000000,"f":0.1,"f2":1.500,"dbl":1e300,"c":"ab","vc":"q'uo\"te\\","tx":"héllo\n✓ 😀\t","bl":"\\x00ff","bn":"\\x4142","vb":"\\x","bt":"\\x0a05","b64":"\\xffffffffffffffff","dt":"2024-02-29","dtt":"2024-02-29 12:34:56.789","ts":"2024-02-29 12:34:56","ts2":"2024-01-01 00:00:00.50","tm":"-838:59:59","t6":"-12:00:00.000001","yr":2024,"js":"{\"a\": [1, 2]}","en":"b","st":"x,y"},
{"id":2,"ti":127,"tu":0,"b1":0,"si":0,"mi":0,"bi":-9223372036854775808,"bu":0,"zf":000000,"de":0.0000,"d0":-0.000000000000000000000000000001,"f":-0.5,"f2":0.000,"dbl":-0.00000025,"c":"","vc":"","tx":"","bl":"\\x","bn":"\\x0000","vb":null,"bt":"\\x0000","b64":"\\x0000000000000000","dt":"1000-01-01","dtt":"9999-12-31 23:59:59.000","ts":null,"ts2":null,"tm":"00:00:00","t6":"838:59:59.000000","yr":0000,"js":"[]","en":"a","st":""},
{"id":3,"ti":null,"tu":null,"b1":null,"si":null,"mi":null,"bi":null,"bu":null,"zf":null,"de":null,"d0":null,"f":null,"f2":null,"dbl":null,"c":null,"vc":null,"tx":null,"bl":null,"bn":null,"vb":null,"bt":null,"b64":null,"dt":null,"dtt":null,"ts":null,"ts2":null,"tm":null,"t6":null,"yr":null,"js":null,"en":null,"st":null}]
every run equals the text protocol: true
prepared once, executed 3 times: true
[{"a":1,"b":-1.50,"c":0.0000001,"d":"x","e":null,"f":9223372036854775807,"g":1,"i":"\\x00","j":3.141593,"k":0.3333,"l":0.30000000000000004,"m":0,"n":0,"o":"01:00:00.5","p":"2020-01-01 10:00:00.12","q":"{\"a\": 1}","r":"\\x01","s":18446744073709551615,"t":"2024-02-29 23:59:59.999999","u":"-00:00:01.5","v":"0000-00-00","w":"0000-00-00 00:00:00","x":"826:00:00","y":1,"z":"2020-01-01 10:00:00.123456"}]
same
same
same
same
same
same
same
same
same
[{"id":1,"vc":"q'uo\"te\\","i":7,"s":"a'b\"c\\","f":1.5,"n":null,"b":1},{"id":6,"vc":"v3","i":7,"s":"a'b\"c\\","f":1.5,"n":null,"b":1}] same
[{"id":2,"vc":"","i":-1,"s":"","f":0.1,"n":null,"b":0}] same
[{"id":12,"vc":"v9","i":9223372036854775807,"s":"ü","f":0.0000001,"n":null,"b":1}] same
Lyger\Core\DatabaseException [42S22]: dbQueryJson(): Unknown column 'nope' in 'SELECT' (MySQL error 1054)
Lyger\Core\DatabaseException [42S22]: dbQueryJson(): Unknown column 'nope' in 'SELECT' (MySQL error 1054)
Lyger\Core\DatabaseException [42S22]: dbQueryJson(): Unknown column 'nope' in 'SELECT' (MySQL error 1054)
Lyger\Core\DatabaseException [08P01]: dbQueryJson(): the query has 1 placeholder(s) but 2 parameter(s) were given
Lyger\Core\DatabaseException [08P01]: dbQueryJson(): the query has 1 placeholder(s) but 2 parameter(s) were given
Lyger\Core\DatabaseException [08P01]: dbQueryJson(): the query has 1 placeholder(s) but 2 parameter(s) were given
Lyger\Core\DatabaseException [22003]: dbQueryJson(): MySQL has no NaN or Infinity: parameter $1
Lyger\Core\DatabaseException [22003]: dbQueryJson(): MySQL has no NaN or Infinity: parameter $1
Lyger\Core\DatabaseException [22003]: dbQueryJson(): MySQL has no NaN or Infinity: parameter $1
0 0 0 3 3 3 
[{"n":3}]
[{"n":0}]
50 texts 3 times: 0 wrong; live statements <= 32: true, evicted ones closed: true
off: [{"two":2}] prepared: 0
