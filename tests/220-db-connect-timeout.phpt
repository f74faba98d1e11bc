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
// libpq (15) sets its deadline as time(NULL) + timeout, in whole seconds, so a timeout of
// t fails after more than t-1 and about t seconds: 1.24 s for t=2 under valgrind, where
// sending the startup packet can cross a second boundary. The two timeouts are far enough
// apart (2 and 6) that the windows (1, 5) and [5, 14] tell which one applied.
$server = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) substr(strrchr(stream_socket_get_name($server, false), ':'), 1);
foreach (["host=127.0.0.1 port=$port dbname=x user=x" => [1.0, 4.99],
          "postgresql://x@127.0.0.1:$port/x?connect_timeout=6" => [5.0, 14]] as $dsn => [$min, $max]) {
    $t = microtime(true);
    try {
        $e->dbQuery($dsn, 'select 1');
        echo "no exception\n";
    } catch (Lyger\Core\DatabaseException $x) {
        $elapsed = microtime(true) - $t;
        echo '[', $x->getSqlState(), '] ', str_replace((string) $port, 'PORT', strtok($x->getMessage(), "\n")), "\n";
        var_dump($ok = $elapsed >= $min && $elapsed <= $max);
        $ok or printf("elapsed %.3f s, not in [%.2f, %.2f]\n", $elapsed, $min, $max);
    }
}
fclose($server);
?>
--EXPECT--
[08006] dbQuery(): could not connect to PostgreSQL: connection to server at "127.0.0.1", port PORT failed: timeout expired
bool(true)
[08006] dbQuery(): could not connect to PostgreSQL: connection to server at "127.0.0.1", port PORT failed: timeout expired
bool(true)
