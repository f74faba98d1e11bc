--TEST--
Database (fallback): with neither ext/pgsql nor PDO pgsql usable, every database method throws a clear EngineException
--SKIPIF--
<?php require __DIR__ . '/inc/skip_fallback_only.inc'; ?>
--ENV--
LYGER_FALLBACK_DB_DRIVER=none
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
lyger_show(fn () => $e->dbQuery('host=localhost', 'select 1'));
lyger_show(fn () => $e->dbQueryJson('host=localhost', 'select 1'));
lyger_show(fn () => $e->dbExecute('host=localhost', 'select 1'));
var_dump(json_decode($e->systemInfo(), true)['db']['available']);
// unsupported DSNs are still reported as such
lyger_show(fn () => $e->dbQuery('redis://x', 'select 1'));
?>
--EXPECT--
Lyger\Core\EngineException: dbQuery(): the lyger extension is not loaded and the PHP fallback needs ext/pgsql or PDO pgsql (apt-get install php-pgsql), neither is available
Lyger\Core\EngineException: dbQueryJson(): the lyger extension is not loaded and the PHP fallback needs ext/pgsql or PDO pgsql (apt-get install php-pgsql), neither is available
Lyger\Core\EngineException: dbExecute(): the lyger extension is not loaded and the PHP fallback needs ext/pgsql or PDO pgsql (apt-get install php-pgsql), neither is available
bool(false)
Lyger\Core\DatabaseException []: dbQuery(): unsupported DSN scheme "redis": supported forms are postgres://user:password@host:port/dbname?option=value, postgresql://... and libpq keyword/value strings like "host=... dbname=... user=...", mysql://user:password@host:port/dbname?charset=utf8mb4&socket=...&ssl-mode=..., mariadb://..., sqlite:/path/to.db, sqlite::memory: and a bare path ending .sqlite, .sqlite3 or .db
