--TEST--
Database: both libpq DSN forms work (URL postgres:// and postgresql://, keyword/value, unix socket); other schemes are a DatabaseException naming the supported forms
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_db_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$url = (string) getenv('LYGER_TEST_DSN_URL');
foreach ([lyger_dsn(), $url, 'postgres://' . substr($url, strlen('postgresql://')),
          $url . '?sslmode=disable&application_name=lyger_test', (string) getenv('LYGER_TEST_DSN_SOCKET')] as $i => $dsn) {
    echo $i, ': ', $e->dbQueryJson($dsn, "select current_user as u, current_database() as d, current_setting('client_encoding') as enc"), "\n";
}
foreach (['oracle://root:secret@localhost/db', 'redis://localhost', 'pgsql:host=localhost;dbname=x', '', 'just-a-name', 'MYSQL://a'] as $dsn) {
    lyger_show(fn () => $e->dbQuery($dsn, 'select 1'));
}
?>
--EXPECT--
0: [{"u":"lyger","d":"lyger_test","enc":"UTF8"}]
1: [{"u":"lyger","d":"lyger_test","enc":"UTF8"}]
2: [{"u":"lyger","d":"lyger_test","enc":"UTF8"}]
3: [{"u":"lyger","d":"lyger_test","enc":"UTF8"}]
4: [{"u":"lyger","d":"lyger_test","enc":"UTF8"}]
Lyger\Core\DatabaseException []: dbQuery(): unsupported DSN scheme "oracle": supported forms are postgres://user:password@host:port/dbname?option=value, postgresql://... and libpq keyword/value strings like "host=... dbname=... user=...", mysql://user:password@host:port/dbname?charset=utf8mb4&socket=...&ssl-mode=..., mariadb://..., sqlite:/path/to.db, sqlite::memory: and a bare path ending .sqlite, .sqlite3 or .db
Lyger\Core\DatabaseException []: dbQuery(): unsupported DSN scheme "redis": supported forms are postgres://user:password@host:port/dbname?option=value, postgresql://... and libpq keyword/value strings like "host=... dbname=... user=...", mysql://user:password@host:port/dbname?charset=utf8mb4&socket=...&ssl-mode=..., mariadb://..., sqlite:/path/to.db, sqlite::memory: and a bare path ending .sqlite, .sqlite3 or .db
Lyger\Core\DatabaseException []: dbQuery(): unsupported DSN scheme "pgsql": supported forms are postgres://user:password@host:port/dbname?option=value, postgresql://... and libpq keyword/value strings like "host=... dbname=... user=...", mysql://user:password@host:port/dbname?charset=utf8mb4&socket=...&ssl-mode=..., mariadb://..., sqlite:/path/to.db, sqlite::memory: and a bare path ending .sqlite, .sqlite3 or .db
Lyger\Core\DatabaseException []: dbQuery(): empty DSN: supported forms are postgres://user:password@host:port/dbname?option=value, postgresql://... and libpq keyword/value strings like "host=... dbname=... user=...", mysql://user:password@host:port/dbname?charset=utf8mb4&socket=...&ssl-mode=..., mariadb://..., sqlite:/path/to.db, sqlite::memory: and a bare path ending .sqlite, .sqlite3 or .db
Lyger\Core\DatabaseException []: dbQuery(): unsupported DSN: supported forms are postgres://user:password@host:port/dbname?option=value, postgresql://... and libpq keyword/value strings like "host=... dbname=... user=...", mysql://user:password@host:port/dbname?charset=utf8mb4&socket=...&ssl-mode=..., mariadb://..., sqlite:/path/to.db, sqlite::memory: and a bare path ending .sqlite, .sqlite3 or .db
Lyger\Core\DatabaseException []: dbQuery(): unsupported DSN scheme "MYSQL": supported forms are postgres://user:password@host:port/dbname?option=value, postgresql://... and libpq keyword/value strings like "host=... dbname=... user=...", mysql://user:password@host:port/dbname?charset=utf8mb4&socket=...&ssl-mode=..., mariadb://..., sqlite:/path/to.db, sqlite::memory: and a bare path ending .sqlite, .sqlite3 or .db
