--TEST--
Database (MySQL/MariaDB): a cached prepared statement that fails while it runs (a duplicate key; a trigger that wrote before it signalled an error) is never run a second time: the error is the caller's, and the rows and counters show exactly one run per call
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_mysql_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_mysql_dsn();
$t = lyger_table('t_once');
$log = lyger_table('t_log');
$e->dbExecute($dsn, "create table $t (id int auto_increment primary key, u varchar(10) unique) engine=InnoDB");
$e->dbExecute($dsn, "create table $log (n int) engine=MyISAM");    // not transactional: every run leaves its row
$e->dbExecute($dsn, "create trigger {$t}_bi before insert on $t for each row insert into $log values (1)");
$ins = "insert into $t (u) values (?)";
echo $e->dbExecute($dsn, $ins, ['a']), "\n";
for ($i = 0; $i < 4; $i++) lyger_show(fn () => $e->dbExecute($dsn, $ins, ['a']));   // text, prepared, cached, cached
echo $e->dbExecute($dsn, $ins, ['b']), "\n";
echo $e->dbQueryJson($dsn, "select count(*) as rows_in from $t"), "\n";
// 6 calls of the insert, 6 runs of the trigger: none ran twice
echo $e->dbQueryJson($dsn, "select count(*) as trigger_runs from $log"), "\n";
// an error raised after the statement wrote (the trigger's row stays, MyISAM): once per call too
$e->dbExecute($dsn, "create table {$t}_2 (v int) engine=InnoDB");
$e->dbExecute($dsn, "create trigger {$t}_2bi before insert on {$t}_2 for each row begin insert into $log values (2);
    if new.v < 0 then signal sqlstate '45000' set message_text = 'negative'; end if; end");
for ($i = 0; $i < 4; $i++) lyger_show(fn () => $e->dbExecute($dsn, "insert into {$t}_2 values (?)", [-1]));
echo $e->dbQueryJson($dsn, "select count(*) as signal_runs from $log where n = 2"), "\n";
$e->dbExecute($dsn, "drop table $t, {$t}_2, $log");
?>
--EXPECTF--
1
Lyger\Core\DatabaseException [23000]: dbExecute(): Duplicate entry 'a' for key 'u' (MySQL error 1062)
Lyger\Core\DatabaseException [23000]: dbExecute(): Duplicate entry 'a' for key 'u' (MySQL error 1062)
Lyger\Core\DatabaseException [23000]: dbExecute(): Duplicate entry 'a' for key 'u' (MySQL error 1062)
Lyger\Core\DatabaseException [23000]: dbExecute(): Duplicate entry 'a' for key 'u' (MySQL error 1062)
1
[{"rows_in":2}]
[{"trigger_runs":6}]
Lyger\Core\DatabaseException [45000]: dbExecute(): negative (MySQL error 1644)
Lyger\Core\DatabaseException [45000]: dbExecute(): negative (MySQL error 1644)
Lyger\Core\DatabaseException [45000]: dbExecute(): negative (MySQL error 1644)
Lyger\Core\DatabaseException [45000]: dbExecute(): negative (MySQL error 1644)
[{"signal_runs":4}]
