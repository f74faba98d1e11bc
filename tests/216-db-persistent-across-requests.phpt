--TEST--
Database (native): the connection outlives the request: a second request in the same php-cgi process uses the same server session
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc'; ?>
<?php require __DIR__ . '/inc/db.inc'; lyger_db_skipif();
require __DIR__ . '/inc/sapi.inc'; if (lyger_php_cgi_binary() === null) die('skip no php-cgi beside the PHP under test');
?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$script = sys_get_temp_dir() . '/lyger-216-' . getmypid() . '.php';
file_put_contents($script, <<<'PHP'
<?php
$e = Lyger\Core\Engine::getInstance();
echo $e->dbQueryJson(getenv('LYGER_TEST_DSN'), 'select pg_backend_pid() as p'), "\n";
echo json_decode($e->systemInfo(), true)['db']['connections'], "\n";
PHP);
$lines = explode("\n", trim(lyger_cgi($script, 3)));
@unlink($script);
var_dump(count($lines), $lines[0] === $lines[2] && $lines[2] === $lines[4], $lines[1], $lines[5]);
?>
--EXPECT--
int(6)
bool(true)
string(1) "1"
string(1) "1"
