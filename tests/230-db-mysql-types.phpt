--TEST--
Database (MySQL/MariaDB): every column type typed in JSON (integers 64-bit exact incl. unsigned, DECIMAL exact, FLOAT/DOUBLE as the server prints them, TINYINT(1)/BOOLEAN as 0/1, binary strings and BIT as "\\x<hex>", dates and times as strings, MariaDB's JSON as a string, NULL); the same in both implementations
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_mysql_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_mysql_dsn();
$t = lyger_table('t_types');
$e->dbExecute($dsn, "create table $t (id int auto_increment primary key, ti tinyint, b1 boolean, si smallint, mi mediumint,
    bi bigint, bu bigint unsigned, de decimal(20,4), f float, dbl double, c char(3), vc varchar(20), tx text, bl blob,
    bn binary(2), vb varbinary(8), bt bit(12), dt date, dtt datetime(3), ts timestamp null, tm time, yr year, js json,
    en enum('a','b'), st set('x','y'))");
echo $e->dbExecute($dsn, "insert into $t (ti, b1, si, mi, bi, bu, de, f, dbl, c, vc, tx, bl, bn, vb, bt, dt, dtt, ts, tm, yr, js, en, st) values
    (-128, true, -32768, 8388607, 9223372036854775807, 18446744073709551615, -12345.6789, 0.1, 1e300, 'ab', 'q''uo\"te\\\\',
     'héllo\n✓ 😀', x'00ff', x'4142', x'', b'101000000101', '2024-02-29', '2024-02-29 12:34:56.789', '2024-02-29 12:34:56',
     '-838:59:59', 2024, '{\"a\": [1, 2]}', 'b', 'x,y'),
    (127, false, 0, 0, -9223372036854775808, 0, 0, -0.5, -2.5e-7, '', '', '', '', x'0000', null, b'0', '1000-01-01',
     '9999-12-31 23:59:59', null, '00:00:00', 1901, '[]', 'a', ''),
    (null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null)"), "\n";
echo str_replace('},{', "},\n{", $e->dbQueryJson($dsn, "select * from $t order by id")), "\n";
echo $e->dbQueryJson($dsn, "select 1 as a, -1.50 as b, 1e-7 as c, 'x' as d, null as e, 9223372036854775807 as f, cast(1 as unsigned) as g, now() is not null as h, char(0) as i"), "\n";
echo $e->dbQueryJson($dsn, "select 1 as same, 2 as same, 3 as `quo\"te`"), "\n";
echo $e->dbQueryJson($dsn, "select * from $t where 0"), "\n";
echo $e->dbExecute($dsn, "update $t set ti = 1 where id > 1"), "\n";
echo $e->dbExecute($dsn, "select * from $t"), "\n";
$e->dbExecute($dsn, "drop table $t");
?>
--EXPECT--
3
[{"id":1,"ti":-128,"b1":1,"si":-32768,"mi":8388607,"bi":9223372036854775807,"bu":18446744073709551615,"de":-12345.6789,"f":0.1,"dbl":1e300,"c":"ab","vc":"q'uo\"te\\","tx":"héllo\n✓ 😀","bl":"\\x00ff","bn":"\\x4142","vb":"\\x","bt":"\\x0a05","dt":"2024-02-29","dtt":"2024-02-29 12:34:56.789","ts":"2024-02-29 12:34:56","tm":"-838:59:59","yr":2024,"js":"{\"a\": [1, 2]}","en":"b","st":"x,y"},
{"id":2,"ti":127,"b1":0,"si":0,"mi":0,"bi":-9223372036854775808,"bu":0,"de":0.0000,"f":-0.5,"dbl":-0.00000025,"c":"","vc":"","tx":"","bl":"\\x","bn":"\\x0000","vb":null,"bt":"\\x0000","dt":"1000-01-01","dtt":"9999-12-31 23:59:59.000","ts":null,"tm":"00:00:00","yr":1901,"js":"[]","en":"a","st":""},
{"id":3,"ti":null,"b1":null,"si":null,"mi":null,"bi":null,"bu":null,"de":null,"f":null,"dbl":null,"c":null,"vc":null,"tx":null,"bl":null,"bn":null,"vb":null,"bt":null,"dt":null,"dtt":null,"ts":null,"tm":null,"yr":null,"js":null,"en":null,"st":null}]
[{"a":1,"b":-1.50,"c":0.0000001,"d":"x","e":null,"f":9223372036854775807,"g":1,"h":1,"i":"\\x00"}]
[{"same":1,"same":2,"quo\"te":3}]
[]
2
3
