--TEST--
Database (SQLite): every storage class typed in JSON (INTEGER 64-bit exact, REAL shortest round trip as json_encode, TEXT escaped, BLOB as "\\x<hex>", NULL), whatever the declared type; the same in both implementations
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_sqlite_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_sqlite_dsn('221');
$e->dbExecute($dsn, 'create table t (id integer primary key, i integer, r real, n numeric, s text, b blob, bo boolean, d date, j json, any_ "")');
$e->dbExecute($dsn, "insert into t (i, r, n, s, b, bo, d, j, any_) values
    (9223372036854775807, 1.5, 10.25, 'héllo \"q\" \\ tab\tnl\n', x'00ff10', 1, '2024-02-29', '{\"a\": [1, 2]}', 3),
    (-9223372036854775808, -0.0, 12, '', x'', 0, '2024-02-29 12:34:56.789', '[]', 'x'),
    (0, 1e22, 1e-7, 'ünïcödé ✓ 😀', null, true, null, 'null', 2.5),
    (null, null, null, null, null, null, null, null, null),
    (42, 0.1, '007', 'control ' || char(1) || char(31), x'41', false, '12:00', '1', x'00')");
echo str_replace('},{', "},\n{", $e->dbQueryJson($dsn, 'select * from t order by id')), "\n";
echo $e->dbQueryJson($dsn, 'select 1 as a, 1.0 as b, 2e20 as c, 1e-5 as d, typeof(1e-5) as t, 9e999 as inf, -9e999 as ninf, 0 / 0 as nan'), "\n";
echo $e->dbQueryJson($dsn, 'select 1 as same, 2 as same, 3 as "quo""te"'), "\n";
echo $e->dbQueryJson($dsn, 'select * from t where 0'), "\n";
// random doubles read back exactly as json_encode writes them
mt_srand(221);
$bad = 0;
for ($k = 0; $k < 300; $k++) {
    $d = unpack('e', pack('P', mt_rand() << 32 | mt_rand()))[1];
    if (!is_finite($d)) {
        continue;
    }
    $got = $e->dbQueryJson($dsn, 'select ? as v', [$d]);
    if ($got !== '[{"v":' . json_encode($d) . '}]') {
        $bad++;
        echo "mismatch: $got vs ", json_encode($d), "\n";
    }
}
echo "random doubles mismatched: $bad\n";
?>
--EXPECT--
[{"id":1,"i":9223372036854775807,"r":1.5,"n":10.25,"s":"héllo \"q\" \\ tab\tnl\n","b":"\\x00ff10","bo":1,"d":"2024-02-29","j":"{\"a\": [1, 2]}","any_":3},
{"id":2,"i":-9223372036854775808,"r":0,"n":12,"s":"","b":"\\x","bo":0,"d":"2024-02-29 12:34:56.789","j":"[]","any_":"x"},
{"id":3,"i":0,"r":1.0e+22,"n":1.0e-7,"s":"ünïcödé ✓ 😀","b":null,"bo":1,"d":null,"j":"null","any_":2.5},
{"id":4,"i":null,"r":null,"n":null,"s":null,"b":null,"bo":null,"d":null,"j":null,"any_":null},
{"id":5,"i":42,"r":0.1,"n":7,"s":"control \u0001\u001f","b":"\\x41","bo":0,"d":"12:00","j":1,"any_":"\\x00"}]
[{"a":1,"b":1,"c":2.0e+20,"d":1.0e-5,"t":"real","inf":"Infinity","ninf":"-Infinity","nan":null}]
[{"same":1,"same":2,"quo\"te":3}]
[]
random doubles mismatched: 0
