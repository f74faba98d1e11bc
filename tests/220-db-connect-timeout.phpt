--TEST--
Database: a server that accepts but never answers fails after lyger.db_connect_timeout seconds when the DSN names no connect_timeout, and after the DSN's own connect_timeout when it does
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_db_skipif(); ?>
--INI--
lyger.db_connect_timeout=2
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
// A listening socket nobody accepts on: the kernel completes the TCP handshake, libpq
// sends its startup packet and waits for an answer that never comes.
$server = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) substr(strrchr(stream_socket_get_name($server, false), ':'), 1);
foreach (["host=127.0.0.1 port=$port dbname=x user=x" => [1.5, 8],
          "postgresql://x@127.0.0.1:$port/x?connect_timeout=3" => [2.5, 9]] as $dsn => [$min, $max]) {
    $t = microtime(true);
    try {
        $e->dbQuery($dsn, 'select 1');
        echo "no exception\n";
    } catch (Lyger\Core\DatabaseException $x) {
        $elapsed = microtime(true) - $t;
        echo '[', $x->getSqlState(), '] ', str_replace((string) $port, 'PORT', strtok($x->getMessage(), "\n")), "\n";
        var_dump($elapsed >= $min && $elapsed <= $max);
    }
}
fclose($server);
?>
--EXPECT--
[08006] dbQuery(): could not connect to PostgreSQL: connection to server at "127.0.0.1", port PORT failed: timeout expired
bool(true)
[08006] dbQuery(): could not connect to PostgreSQL: connection to server at "127.0.0.1", port PORT failed: timeout expired
bool(true)
