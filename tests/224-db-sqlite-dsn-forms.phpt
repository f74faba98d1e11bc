--TEST--
Database (SQLite): the DSN forms (sqlite:/abs, sqlite:relative, bare paths ending .sqlite/.sqlite3/.db, sqlite::memory: one per process), handles, per-engine figures in systemInfo(); other kinds' messages name the SQLite forms
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_sqlite_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_sqlite_dsn('224');
$path = substr($dsn, 7);
$e->dbExecute($dsn, 'create table f (v text)');
$e->dbExecute($dsn, "insert into f values ('via sqlite:')");
echo 'bare path sees it: ', $e->dbQueryJson($path, 'select v from f'), "\n";
foreach (['.sqlite', '.sqlite3'] as $ext) {
    $p = sys_get_temp_dir() . '/lyger-224-' . getmypid() . $ext;
    echo "bare $ext: ", $e->dbQueryJson($p, "select 'ok' as r"), ' file created: ', var_export(is_file($p), true), "\n";
    @unlink($p); @unlink("$p-wal"); @unlink("$p-shm");
}
$cwd = getcwd();
chdir(sys_get_temp_dir());
$rel = 'lyger-224-rel-' . getmypid() . '.db';
echo 'relative: ', $e->dbQueryJson("sqlite:$rel", "select 'ok' as r"), ' in cwd: ', var_export(is_file(sys_get_temp_dir() . "/$rel"), true), "\n";
@unlink($rel); @unlink("$rel-wal"); @unlink("$rel-shm");
chdir($cwd);
// one in-memory database per process, kept across calls
$e->dbExecute('sqlite::memory:', 'create table m (v)');
$e->dbExecute('sqlite::memory:', 'insert into m values (1), (2)');
echo 'memory kept: ', $e->dbQueryJson('sqlite::memory:', 'select sum(v) as s from m'), "\n";
// handles
$h = $e->dbQuery($dsn, 'select v from f');
echo 'handle: ', $e->jsonifyResult($h), ' again: ', $e->jsonifyResult($h), "\n";
$info = json_decode($e->systemInfo(), true)['db'];
echo 'open_results: ', $info['open_results'], ' result_bytes > 0: ', var_export($info['result_bytes'] > 0, true), "\n";
$e->freeResult($h);
lyger_show(fn () => $e->jsonifyResult($h));
$h0 = $e->dbQuery($dsn, 'delete from f where 0');
echo 'empty result handle: ', $e->jsonifyResult($h0), "\n";
$e->freeResult($h0);
$sq = json_decode($e->systemInfo(), true)['db']['engines']['sqlite'];
echo 'sqlite figures: ', implode(',', array_keys($sq)), ' connections: ', $sq['connections'], ' queries > 5: ', var_export($sq['queries'] > 5, true), "\n";
echo 'dbExecute on select counts rows: ', $e->dbExecute($dsn, 'select * from f'), "\n";
lyger_show(fn () => $e->dbQueryJson('oracle://x', 'select 1'));
?>
--EXPECTF--
bare path sees it: [{"v":"via sqlite:"}]
bare .sqlite: [{"r":"ok"}] file created: true
bare .sqlite3: [{"r":"ok"}] file created: true
relative: [{"r":"ok"}] in cwd: true
memory kept: [{"s":3}]
handle: [{"v":"via sqlite:"}] again: [{"v":"via sqlite:"}]
open_results: 1 result_bytes > 0: true
Lyger\Core\DatabaseException []: jsonifyResult(): result handle %d is not live (never issued, already freed, or from an earlier request)
empty result handle: []
sqlite figures: library,connections,queries,reconnects,statements_cached,results_streamed connections: 6 queries > 5: true
dbExecute on select counts rows: 1
Lyger\Core\DatabaseException []: dbQueryJson(): unsupported DSN scheme "oracle": supported forms are postgres://user:password@host:port/dbname?option=value, postgresql://... and libpq keyword/value strings like "host=... dbname=... user=...", mysql://user:password@host:port/dbname?charset=utf8mb4&socket=...&ssl-mode=..., mariadb://..., sqlite:/path/to.db, sqlite::memory: and a bare path ending .sqlite, .sqlite3 or .db
