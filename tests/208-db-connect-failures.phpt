--TEST--
Database: bad password, unknown host and a server that is down are DatabaseExceptions (SQLSTATE 08006) with libpq's reason, and the password never appears in any message
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_db_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$host = getenv('LYGER_TEST_PG_HOST');
$port = getenv('LYGER_TEST_PG_PORT');
$secret = 'S3cr3t-' . bin2hex(random_bytes(4));
// a port nothing listens on: bind one, close it
$s = stream_socket_server('tcp://127.0.0.1:0');
$free = (int) substr(strrchr(stream_socket_get_name($s, false), ':'), 1);
fclose($s);
$cases = [
    'bad password (keyword)' => "host=$host port=$port dbname=lyger_test user=lyger password=$secret",
    'bad password (URL)'     => "postgresql://lyger:$secret@$host:$port/lyger_test",
    'bad password (URL-encoded)' => 'postgresql://lyger:' . rawurlencode("$secret/#?") . "@$host:$port/lyger_test",
    'bad password (quoted)'  => "host=$host port=$port dbname=lyger_test user=lyger password='$secret x'",
    'unknown user'           => "host=$host port=$port dbname=lyger_test user=nobody_$secret password=$secret",
    'unknown host'           => "host=no-such-host.invalid dbname=lyger_test user=lyger password=$secret",
    'server down'            => "postgresql://lyger:$secret@127.0.0.1:$free/lyger_test?connect_timeout=3",
    'bad option'             => "host=$host port=$port password=$secret sslmode=$secret",
];
foreach ($cases as $what => $dsn) {
    try {
        $e->dbQuery($dsn, 'select 1');
        echo "$what: no exception\n";
    } catch (Lyger\Core\DatabaseException $x) {
        $leak = str_contains($x->getMessage(), $secret) || str_contains($x->getMessage(), rawurlencode("$secret/#?"));
        echo "$what: [", $x->getSqlState(), '] ', $leak ? 'PASSWORD LEAKED' : 'no password', "\n";
        echo '  ', strtok($x->getMessage(), "\n"), "\n";
    }
}
?>
--EXPECTF--
bad password (keyword): [08006] no password
  dbQuery(): could not connect to PostgreSQL: connection to server at "127.0.0.1", port %d failed: FATAL:  password authentication failed for user "lyger"
bad password (URL): [08006] no password
  dbQuery(): could not connect to PostgreSQL: connection to server at "127.0.0.1", port %d failed: FATAL:  password authentication failed for user "lyger"
bad password (URL-encoded): [08006] no password
  dbQuery(): could not connect to PostgreSQL: connection to server at "127.0.0.1", port %d failed: FATAL:  password authentication failed for user "lyger"
bad password (quoted): [08006] no password
  dbQuery(): could not connect to PostgreSQL: connection to server at "127.0.0.1", port %d failed: FATAL:  password authentication failed for user "lyger"
unknown user: [08006] no password
  dbQuery(): could not connect to PostgreSQL: connection to server at "127.0.0.1", port %d failed: FATAL:  password authentication failed for user "nobody_********"
unknown host: [08006] no password
  dbQuery(): could not connect to PostgreSQL: could not translate host name "no-such-host.invalid" to address: %s
server down: [08006] no password
  dbQuery(): could not connect to PostgreSQL: connection to server at "127.0.0.1", port %d failed: Connection refused
bad option: [08006] no password
  dbQuery(): could not connect to PostgreSQL: invalid sslmode value: "********"
