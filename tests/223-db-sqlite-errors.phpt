--TEST--
Database (SQLite): errors are DatabaseExceptions with an SQLSTATE mapped from the result code and SQLite's own code in the message: SQL errors, each constraint kind, a file that is a directory, a missing directory, a corrupt file, a lock held by another writer past lyger.db_busy_timeout
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_sqlite_skipif(); ?>
--INI--
lyger.db_busy_timeout=200
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_sqlite_dsn('223');
$e->dbExecute($dsn, 'create table parent (id integer primary key)');
$e->dbExecute($dsn, 'create table c (id integer primary key, u text unique, nn text not null default \'x\', ck int check (ck > 0), pid int references parent(id))');
$e->dbExecute($dsn, 'pragma foreign_keys = on');
$e->dbExecute($dsn, "insert into c (id, u, ck) values (1, 'a', 1)");
lyger_show(fn () => $e->dbQueryJson($dsn, 'selec 1'));
lyger_show(fn () => $e->dbQueryJson($dsn, 'select * from missing_table'));
lyger_show(fn () => $e->dbQueryJson($dsn, 'select nope from c'));
lyger_show(fn () => $e->dbExecute($dsn, "insert into c (id, u, ck) values (1, 'b', 1)"));
lyger_show(fn () => $e->dbExecute($dsn, "insert into c (u, ck) values ('a', 1)"));
lyger_show(fn () => $e->dbExecute($dsn, "insert into c (u, nn, ck) values ('n', null, 1)"));
lyger_show(fn () => $e->dbExecute($dsn, "insert into c (u, ck) values ('k', 0)"));
lyger_show(fn () => $e->dbExecute($dsn, "insert into c (u, ck, pid) values ('f', 1, 99)"));
lyger_show(fn () => $e->dbExecute($dsn, "select abs(-9223372036854775808)"));
lyger_show(fn () => $e->dbExecute($dsn, 'rollback'));
echo "still works: ", $e->dbQueryJson($dsn, 'select count(*) as n from c'), "\n";

// files that cannot be databases
$dir = sys_get_temp_dir() . '/lyger-223-dir-' . getmypid();
@mkdir($dir);
lyger_show(fn () => $e->dbQueryJson("sqlite:$dir", 'select 1'));
lyger_show(fn () => $e->dbQueryJson("sqlite:$dir/no/such/dir/x.db", 'select 1'));
$corrupt = "$dir/corrupt.db";
file_put_contents($corrupt, str_repeat('this is not an SQLite database. ', 200));
lyger_show(fn () => $e->dbQueryJson("sqlite:$corrupt", 'select 1'));
lyger_show(fn () => $e->dbQueryJson('sqlite:', 'select 1'));

// a lock held by another connection (the same file through a second DSN form)
$path = substr($dsn, 7);
$other = $path; // the bare path: its own connection
$e->dbExecute($other, 'begin immediate');
$e->dbExecute($other, "insert into c (u, ck) values ('held', 1)");
$t = microtime(true);
lyger_show(fn () => $e->dbExecute($dsn, "insert into c (u, ck) values ('waits', 1)"));
$waited = microtime(true) - $t;
echo 'waited about the busy timeout: ', var_export($waited > 0.15 && $waited < 3, true), "\n";
echo 'readers still read (WAL): ', $e->dbQueryJson($dsn, 'select count(*) as n from c'), "\n";
$e->dbExecute($other, 'commit');
echo 'after commit: ', $e->dbExecute($dsn, "insert into c (u, ck) values ('waits', 1)"), "\n";
echo 'journal mode: ', $e->dbQueryJson($dsn, 'pragma journal_mode'), "\n";
@unlink($corrupt);
@rmdir($dir);
?>
--EXPECTF--
Lyger\Core\DatabaseException [42000]: dbQueryJson(): near "selec": syntax error (SQLite code 1)
Lyger\Core\DatabaseException [42000]: dbQueryJson(): no such table: missing_table (SQLite code 1)
Lyger\Core\DatabaseException [42000]: dbQueryJson(): no such column: nope (SQLite code 1)
Lyger\Core\DatabaseException [23505]: dbExecute(): UNIQUE constraint failed: c.id (SQLite code 1555)
Lyger\Core\DatabaseException [23505]: dbExecute(): UNIQUE constraint failed: c.u (SQLite code 2067)
Lyger\Core\DatabaseException [23502]: dbExecute(): NOT NULL constraint failed: c.nn (SQLite code 1299)
Lyger\Core\DatabaseException [23514]: dbExecute(): CHECK constraint failed: ck > 0 (SQLite code 275)
Lyger\Core\DatabaseException [23503]: dbExecute(): FOREIGN KEY constraint failed (SQLite code 787)
Lyger\Core\DatabaseException [42000]: dbExecute(): integer overflow (SQLite code 1)
Lyger\Core\DatabaseException [42000]: dbExecute(): cannot rollback - no transaction is active (SQLite code 1)
still works: [{"n":1}]
Lyger\Core\DatabaseException [08006]: dbQueryJson(): could not open SQLite database "/tmp/lyger-223-dir-%d" (a directory, a missing directory or no permission?): unable to open database file (SQLite code 14)
Lyger\Core\DatabaseException [08006]: dbQueryJson(): could not open SQLite database "/tmp/lyger-223-dir-%d/no/such/dir/x.db" (a directory, a missing directory or no permission?): unable to open database file (SQLite code 14)
Lyger\Core\DatabaseException [08006]: dbQueryJson(): could not open SQLite database "/tmp/lyger-223-dir-%d/corrupt.db": file is not a database (SQLite code 26)
Lyger\Core\DatabaseException [08006]: dbQueryJson(): could not open SQLite database: the DSN names no file (sqlite:/path/to.db, or sqlite::memory:)
Lyger\Core\DatabaseException [55P03]: dbExecute(): database is locked (another connection holds the lock; waited lyger.db_busy_timeout) (SQLite code 5)
waited about the busy timeout: true
readers still read (WAL): [{"n":1}]
after commit: 1
journal mode: [{"journal_mode":"wal"}]
