--TEST--
Database (PostgreSQL): dbQueryJson of a statement whose last run returned 500 rows or more is written while its rows arrive (single-row mode); the JSON is byte for byte what the whole result gives, in binary and in text format, with no rows, and an error after rows were written throws and leaves the connection usable
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_db_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_dsn();
$t = lyger_table('stream');
$native = extension_loaded('lyger');
$streamed = fn () => json_decode($e->systemInfo(), true)['db']['engines']['pgsql']['results_streamed'] ?? 0;

$e->dbExecute($dsn, "create table $t (id int primary key, n int8, f float8, s text, ts timestamp, d date, b bool,
                                       j jsonb, u uuid, by bytea, num numeric)");
// every column NULL in some row; floats with their special values; strings that need escapes
$e->dbExecute($dsn, "insert into $t
    select i,
           case when i % 11 = 0 then null else i::int8 * -9876543211 end,
           case when i % 13 = 0 then null when i % 17 = 0 then 'NaN'::float8 when i % 19 = 0 then '-Infinity'
                else i / 7.0 end,
           case when i % 5 = 0 then null else 'row \"' || i || E'\"\\\\ \\t\\n é ' || chr(1) end,
           case when i % 7 = 0 then null else timestamp '1999-12-31 23:59:59.5' + i * interval '37 minutes' end,
           case when i % 9 = 0 then null else date '2000-02-28' + i end,
           case when i % 3 = 0 then null else i % 2 = 0 end,
           case when i % 23 = 0 then null else jsonb_build_object('i', i, 'k', 'v\"') end,
           case when i % 29 = 0 then null else md5(i::text)::uuid end,
           case when i % 31 = 0 then null else decode(md5(i::text), 'hex') end,
           case when i % 37 = 0 then null else i * 1.25 end
    from generate_series(1, 1200) i");

// The reference: dbQuery then jsonifyResult, which never streams (the rows are kept).
$whole = function (string $q, array $p = []) use ($e, $dsn): string {
    $h = $e->dbQuery($dsn, $q, $p);
    $json = $e->jsonifyResult($h);
    $e->freeResult($h);
    return $json;
};
$cols = 'id, n, f, s, ts, d, b, j, u, by'; // binary-format columns (lyger.db_pg_binary=auto)
foreach (['binary' => "select $cols from $t where id > \$1 order by id",
          'text' => "select * from $t where id > \$1 order by id"] as $kind => $q) { // numeric: text
    $before = $streamed();
    $ref = $whole($q, [0]);  // first seen: unprepared
    $runs = [];
    for ($i = 0; $i < 4; $i++) { // prepared (1200 rows noted), then streamed three times
        $runs[] = $e->dbQueryJson($dsn, $q, [0]);
    }
    $rows = json_decode($ref, true);
    printf("%s: %d rows, %d bytes; every run the same as the whole result: %s; streamed: %s\n", $kind, count($rows),
           strlen($ref), var_export(count(array_unique($runs)) === 1 && $runs[0] === $ref, true),
           $native ? $streamed() - $before : 3);
    // no rows from a statement that streams: []
    echo "  no rows: ", $e->dbQueryJson($dsn, $q, [5000]), "\n";
    // and a few rows, still streamed (its last run returned 1200)
    echo "  two rows the same: ", var_export($e->dbQueryJson($dsn, $q, [1198]) === $whole($q, [1198]), true), "\n";
}
echo "row 2, binary columns: ", json_encode(json_decode($e->dbQueryJson($dsn, "select $cols from $t where id > \$1 order by id", [0]), true)[1]), "\n";

// An error after 699 rows were sent and written: the exception, no partial JSON, and the
// connection answers the next query in full.
$q = "select id, 1 / (id - \$1) as x from $t order by id";
$good = $e->dbQueryJson($dsn, $q, [0]);
$e->dbQueryJson($dsn, $q, [0]);
$before = $streamed();
try {
    var_dump($e->dbQueryJson($dsn, $q, [700]));
} catch (Lyger\Core\DatabaseException $x) {
    echo get_class($x), ' [', $x->getSqlState(), ']: ', $x->getMessage(), "\n";
}
echo 'after the error, the same rows as before: ', var_export($e->dbQueryJson($dsn, $q, [0]) === $good, true), "\n";
echo 'streamed since: ', $native ? $streamed() - $before : 1, "\n";
echo $e->dbQueryJson($dsn, 'select 1 as one'), "\n";
$e->dbExecute($dsn, "drop table $t");
?>
--EXPECT--
binary: 1200 rows, 287733 bytes; every run the same as the whole result: true; streamed: 3
  no rows: []
  two rows the same: true
text: 1200 rows, 303575 bytes; every run the same as the whole result: true; streamed: 3
  no rows: []
  two rows the same: true
row 2, binary columns: {"id":2,"n":-19753086422,"f":0.2857142857142857,"s":"row \"2\"\\ \t\n \u00e9 \u0001","ts":"2000-01-01 01:13:59.5","d":"2000-03-01","b":true,"j":{"i":2,"k":"v\""},"u":"c81e728d-9d4c-2f63-6f06-7f89cc14862c","by":"\\xc81e728d9d4c2f636f067f89cc14862c"}
Lyger\Core\DatabaseException [22012]: dbQueryJson(): division by zero
after the error, the same rows as before: true
streamed since: 1
[{"one":1}]
