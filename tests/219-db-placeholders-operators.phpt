--TEST--
Database: $n placeholders in any order and repeated, ? operators (jsonb), and $n or ? inside literals, quoted names and comments reach PostgreSQL as written (the fallback here uses PDO pgsql, which rewrites them)
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_db_skipif();
if (!extension_loaded('lyger') && !extension_loaded('pdo_pgsql')) die('skip the fallback test of this behaviour needs PDO pgsql');
?>
--ENV--
LYGER_FALLBACK_DB_DRIVER=pdo
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_dsn();
echo $e->dbQueryJson($dsn, 'select $2::text as b, $1::text as a, $1::text || $2::text as ab', ['A', 'B']), "\n";
echo $e->dbQueryJson($dsn, <<<'SQL'
select '{"k": 1}'::jsonb ? 'k' as has_k, '{"k": 1}'::jsonb ?| array['x', 'k'] as any_k,
       '$1 ? :name' as lit, E'it\'s $1' as esc, $$ $1 ? $$ as dollar, $tag$ ?? $2 $tag$ as tagged,
       $1::int as p /* $2 ? */ -- $3 ?
SQL, [7]), "\n";
echo $e->dbQueryJson($dsn, 'select 1 as "$1 ?"'), "\n";
lyger_show(fn () => $e->dbQuery($dsn, 'select $1::int, $2::int, $1::int', [1]));
echo json_decode($e->systemInfo(), true)['db']['driver'] === (extension_loaded('lyger') ? 'libpq' : 'pdo_pgsql') ? "driver ok\n" : "wrong driver\n";
?>
--EXPECT--
[{"b":"B","a":"A","ab":"AB"}]
[{"has_k":true,"any_k":true,"lit":"$1 ? :name","esc":"it's $1","dollar":" $1 ? ","tagged":" ?? $2 ","p":7}]
[{"$1 ?":1}]
Lyger\Core\DatabaseException [08P01]: dbQuery(): bind message supplies 1 parameters, but prepared statement "" requires 2
driver ok
