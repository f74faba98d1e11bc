--TEST--
Database (MySQL/MariaDB): prepared statements cached before pcntl_fork stay the parent's: the child prepares its own on its own connection and never closes the parent's (nothing is sent on the inherited socket); the parent's cached statements keep running afterwards
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_mysql_skipif();
if (!function_exists('pcntl_fork')) die('skip pcntl not available');
?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_mysql_dsn();
$native = extension_loaded('lyger');
$n = 0;
// this session's statement counters (a new text each time: never prepared itself)
$status = function () use ($e, $dsn, &$n) {
    $n++;
    $rows = json_decode($e->dbQueryJson($dsn, "select /* $n */ connection_id() as id, lower(variable_name) as k, variable_value as v
        from information_schema.session_status where variable_name in ('COM_STMT_PREPARE', 'COM_STMT_CLOSE', 'COM_STMT_EXECUTE')"), true);
    return ['id' => $rows[0]['id']] + array_column($rows, 'v', 'k');
};
$q = 'select ? * 2 as twice';
for ($i = 1; $i <= 3; $i++) echo $e->dbQueryJson($dsn, $q, [$i]), ' ';
echo "\n";
$before = $status();
$pipe = sys_get_temp_dir() . '/lyger-274-' . getmypid();
$child = pcntl_fork();
if ($child === 0) {
    $out = [];
    for ($i = 4; $i <= 6; $i++) $out[] = $e->dbQueryJson($dsn, $q, [$i]);
    $mine = $status();
    $out[] = 'child on its own session: ' . var_export($mine['id'] !== $before['id'], true);
    $out[] = 'child prepared its own: ' . ($native ? var_export($mine['com_stmt_prepare'] >= 1, true) : 'true');
    file_put_contents($pipe, implode("\n", $out) . "\n");
    exit(0);
}
pcntl_waitpid($child, $st);
echo file_get_contents($pipe);
@unlink($pipe);
var_dump(pcntl_wifexited($st) && pcntl_wexitstatus($st) === 0);
usleep(200000);
for ($i = 7; $i <= 9; $i++) echo $e->dbQueryJson($dsn, $q, [$i]), ' ';
echo "\n";
$after = $status();
// natively the parent's session is the same one, nothing of it was closed, and the three
// runs executed the statement prepared before the fork (no new prepare)
echo 'parent kept its session and statements: ', $native ? var_export($after['id'] === $before['id']
    && $after['com_stmt_close'] === $before['com_stmt_close'] && $after['com_stmt_prepare'] === $before['com_stmt_prepare']
    && $after['com_stmt_execute'] - $before['com_stmt_execute'] === 3, true) : 'true', "\n";
?>
--EXPECT--
[{"twice":2}] [{"twice":4}] [{"twice":6}] 
[{"twice":8}]
[{"twice":10}]
[{"twice":12}]
child on its own session: true
child prepared its own: true
bool(true)
[{"twice":14}] [{"twice":16}] [{"twice":18}] 
parent kept its session and statements: true
