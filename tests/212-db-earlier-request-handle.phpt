--TEST--
Database: a result handle from an earlier request (same php-cgi process) is not live: jsonifyResult throws, freeResult is a no-op, nothing crashes
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_db_skipif();
require __DIR__ . '/inc/sapi.inc'; if (lyger_php_cgi_binary() === null) die('skip no php-cgi beside the PHP under test');
?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$marker = sys_get_temp_dir() . '/lyger-212-' . getmypid();
$script = $marker . '.php';
file_put_contents($script, <<<'PHP'
<?php
$e = Lyger\Core\Engine::getInstance();
$dsn = getenv('LYGER_TEST_DSN');
$marker = getenv('MARKER');
if (!file_exists($marker)) {
    $h = $e->dbQuery($dsn, 'select 1 as one');
    file_put_contents($marker, (string) $h);
    echo "request 1: ", $e->jsonifyResult($h), "\n";
} else {
    $old = (int) file_get_contents($marker);
    $mine = $e->dbQuery($dsn, 'select 2 as two'); // a live result in this request
    try {
        echo $e->jsonifyResult($old), "\n";
    } catch (Lyger\Core\DatabaseException $x) {
        echo "request 2: ", str_replace((string) $old, 'N', $x->getMessage()), "\n";
    }
    $e->freeResult($old);
    echo "request 2: own result still live: ", $e->jsonifyResult($mine), "\n";
}
PHP);
echo lyger_cgi($script, 2, ['MARKER' => $marker]);
@unlink($marker);
@unlink($script);
?>
--EXPECT--
request 1: [{"one":1}]
request 2: jsonifyResult(): result handle N is not live (never issued, already freed, or from an earlier request)
request 2: own result still live: [{"two":2}]
