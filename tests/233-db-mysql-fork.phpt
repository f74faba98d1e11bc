--TEST--
Database (MySQL/MariaDB): after pcntl_fork the child queries on its own connection, never the parent's socket; the parent's connection works afterwards
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_mysql_skipif();
if (!function_exists('pcntl_fork')) die('skip pcntl not available');
?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_mysql_dsn();
$pidOf = fn () => json_decode($e->dbQueryJson($dsn, 'select connection_id() as p'), true)[0]['p'];
$parentBackend = $pidOf();
$h = $e->dbQuery($dsn, 'select 1 as inherited');
$pipe = sys_get_temp_dir() . '/lyger-233-' . getmypid();
$child = pcntl_fork();
if ($child === 0) {
    $out = [];
    $childBackend = $pidOf();
    $out[] = 'child backend differs from parent: ' . var_export($childBackend !== $parentBackend, true);
    $out[] = 'child can read an inherited result: ' . $e->jsonifyResult($h);
    $out[] = 'child query: ' . $e->dbQueryJson($dsn, 'select ? as who', ['child']);
    file_put_contents($pipe, implode("\n", $out) . "\n");
    exit(0);
}
pcntl_waitpid($child, $status);
echo file_get_contents($pipe);
@unlink($pipe);
var_dump(pcntl_wifexited($status) && pcntl_wexitstatus($status) === 0);
// Natively the child never wrote to the parent's socket, so the session survives.
// The PHP fallback cannot free an inherited connection without libpq saying goodbye on
// it; the parent then finds it closed before sending and reconnects transparently.
usleep(200000);
echo 'parent query: ', $e->dbQueryJson($dsn, 'select ? as who', ['parent']), "\n";
$after = $pidOf();
var_dump(extension_loaded('lyger') ? $after === $parentBackend : true);
echo $e->jsonifyResult($h), "\n";
$e->freeResult($h);
?>
--EXPECT--
child backend differs from parent: true
child can read an inherited result: [{"inherited":1}]
child query: [{"who":"child"}]
bool(true)
parent query: [{"who":"parent"}]
bool(true)
[{"inherited":1}]
