--TEST--
Database (MySQL/MariaDB): ? parameters (typed, escaped in the connection's character set; a ? inside quotes, backticks or comments is not one), injection attempts stay data; SQL errors with the server's SQLSTATE and error number; malformed DSNs and failed connects (08006) never show the password
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_mysql_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_mysql_dsn();
$t = lyger_table('t_params');
$e->dbExecute($dsn, "create table $t (id int auto_increment primary key, v varchar(100) unique, n int not null default 0)");
echo $e->dbQueryJson($dsn, 'select ? as a, ? as b, ? as c, ? as d, ? as e, ? as f', [1, 2.5, 'x', null, true, false]), "\n";
echo $e->dbQueryJson($dsn, "select '?' as q1, \"?\" as q2, ? as `col?`, 'it''s ?' as q3 /* ? */ -- ?\n", ['p']), "\n";
echo $e->dbQueryJson($dsn, "select ? as big, ? as tiny, ? as neg", [PHP_INT_MAX, 1.5e-7, -0.25]), "\n";
$s = new class { public function __toString(): string { return 'stringable'; } };
echo $e->dbQueryJson($dsn, 'select ? as s', [$s]), "\n";
foreach (["x'); drop table $t; --", "back\\slash' or '1'='1", "quote\" and `tick`", "ünï ✓ 😀"] as $evil) {
    $e->dbExecute($dsn, "insert into $t (v) values (?)", [$evil]);
    echo $e->dbQueryJson($dsn, "select v from $t where v = ?", [$evil]), "\n";
}
echo $e->dbQueryJson($dsn, "select count(*) as n from $t"), "\n";
lyger_show(fn () => $e->dbQueryJson($dsn, 'select ?, ?', [1]));
lyger_show(fn () => $e->dbQueryJson($dsn, 'select 1', [1]));
lyger_show(fn () => $e->dbQueryJson($dsn, 'select ?', [NAN]));
lyger_show(fn () => $e->dbQueryJson($dsn, 'selec 1'));
lyger_show(fn () => $e->dbQueryJson($dsn, 'select * from no_such_table_here'));
lyger_show(fn () => $e->dbExecute($dsn, "insert into $t (v) values ('ünï ✓ 😀')"));
lyger_show(fn () => $e->dbExecute($dsn, "insert into $t (v, n) values ('z', null)"));
lyger_show(fn () => $e->dbQueryJson($dsn, 'select 1; select 2'));
echo 'still works: ', $e->dbQueryJson($dsn, 'select 1 as ok'), "\n";
$e->dbExecute($dsn, "drop table $t");
// DSNs: malformed ones, a refused port, a wrong password: never the password in the message
$u = parse_url($dsn);
$secret = 'Very$ecretPassw0rd';
foreach (["mysql://lyger:$secret@127.0.0.1:99999/x", "mysql://lyger:$secret@127.0.0.1/x?foo=1",
          "mariadb://lyger:$secret@127.0.0.1/x?ssl-mode=bogus", "mysql://lyger:$secret@[::1/x",
          "mysql://lyger:$secret@127.0.0.1:{$u['port']}/lyger_test", "mysql://lyger:%zz@127.0.0.1/x"] as $bad) {
    try {
        $e->dbQueryJson($bad, 'select 1');
        echo "no exception\n";
    } catch (Lyger\Core\DatabaseException $x) {
        echo '[', $x->getSqlState(), '] ', str_contains($x->getMessage(), $secret) ? 'PASSWORD SHOWN' : preg_replace('/\(\d+\)|\bon \S+|Connection refused/', '', $x->getMessage()), "\n";
    }
}
// the same server through the unix socket and the mariadb:// scheme
$sock = (string) getenv('LYGER_TEST_MYSQL_SOCKET');
echo $e->dbQueryJson("mariadb://{$u['user']}:{$u['pass']}@localhost/lyger_test?socket=" . rawurlencode($sock) . '&charset=utf8mb4', 'select @@character_set_client as cs'), "\n";
?>
--EXPECTF--
[{"a":1,"b":2.5,"c":"x","d":null,"e":1,"f":0}]
[{"q1":"?","q2":"?","col?":"p","q3":"it's ?"}]
[{"big":9223372036854775807,"tiny":0.00000015,"neg":-0.25}]
[{"s":"stringable"}]
[{"v":"x'); drop table t_params_%s; --"}]
[{"v":"back\\slash' or '1'='1"}]
[{"v":"quote\" and `tick`"}]
[{"v":"ünï ✓ 😀"}]
[{"n":4}]
Lyger\Core\DatabaseException [08P01]: dbQueryJson(): the query has 2 placeholder(s) but 1 parameter(s) were given
Lyger\Core\DatabaseException [08P01]: dbQueryJson(): the query has 0 placeholder(s) but 1 parameter(s) were given
Lyger\Core\DatabaseException [22003]: dbQueryJson(): MySQL has no NaN or Infinity: parameter $1
Lyger\Core\DatabaseException [42000]: dbQueryJson(): You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near 'selec 1' at line 1 (MySQL error 1064)
Lyger\Core\DatabaseException [42S02]: dbQueryJson(): Table 'lyger_test.no_such_table_here' doesn't exist (MySQL error 1146)
Lyger\Core\DatabaseException [23000]: dbExecute(): Duplicate entry 'ünï ✓ ?' for key 'v' (MySQL error 1062)
Lyger\Core\DatabaseException [23000]: dbExecute(): Column 'n' cannot be null (MySQL error 1048)
Lyger\Core\DatabaseException [42000]: dbQueryJson(): You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near 'select 2' at line 1 (MySQL error 1064)
still works: [{"ok":1}]
[08006] dbQueryJson(): could not connect to MySQL: malformed MySQL DSN: the port must be a number from 1 to 65535
[08006] dbQueryJson(): could not connect to MySQL: malformed MySQL DSN: unknown option "foo" (known: charset, socket, ssl-mode, connect_timeout)
[08006] dbQueryJson(): could not connect to MySQL: malformed MySQL DSN: ssl-mode must be DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY
[08006] dbQueryJson(): could not connect to MySQL: malformed MySQL DSN: unterminated [IPv6] host
[08006] dbQueryJson(): could not connect to MySQL: Access denied for user 'lyger'@'127.0.0.1' (using password: YES) (MySQL error 1045)
[08006] dbQueryJson(): could not connect to MySQL: malformed MySQL DSN: bad percent-escape in the password
[{"cs":"utf8mb4"}]
