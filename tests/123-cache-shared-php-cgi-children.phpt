--TEST--
cache: php-cgi -b with PHP_FCGI_CHILDREN=4: a set, batch, delete or clear through one child is seen by all four (each request reports its pid)
--SKIPIF--
<?php require __DIR__ . '/inc/fcgi.inc'; lyger_fcgi_skipif('cgi'); ?>
--FILE--
<?php
require __DIR__ . '/inc/fcgi.inc';
const SAPI = 'cgi';
$script = <<<'PHP'
<?php
$e = Lyger\Core\Engine::getInstance();
switch ($_GET['do'] ?? 'get') {
    case 'set': $e->cacheSet('greeting', 'hello from ' . getmypid()); break;
    case 'batch': $e->cacheSetBatch('{"b1":"one","b2":"two"}'); break;
    case 'delete': $e->cacheDelete('greeting'); break;
    case 'clear': $e->cacheClear(); break;
}
echo getmypid(), ' ', $e->cacheGet('greeting') !== '' ? 'hello' : '-', ' ', $e->cacheGet('b1'), ' ', $e->cacheSize();
PHP;
$pool = lyger_fcgi_start(SAPI, 4, ['cache.php' => $script], ['lyger.cache_check' => '1']);
try {
    $show = function (string $what) use ($pool) {
        $seen = lyger_fcgi_read_all($pool, 4, 'cache.php');
        $views = array_unique(array_merge(...array_map('array_keys', array_values($seen))));
        echo str_pad($what, 8), count($seen), ' processes, what they see: ', json_encode($views), "\n";
    };
    lyger_fcgi_get($pool, 'cache.php', 'do=set');
    $show('set');
    lyger_fcgi_get($pool, 'cache.php', 'do=batch');
    $show('batch');
    lyger_fcgi_get($pool, 'cache.php', 'do=delete');
    $show('delete');
    lyger_fcgi_get($pool, 'cache.php', 'do=clear');
    $show('clear');
} finally {
    lyger_fcgi_stop($pool);
}
?>
--EXPECT--
set     4 processes, what they see: ["hello  1"]
batch   4 processes, what they see: ["hello one 3"]
delete  4 processes, what they see: ["- one 2"]
clear   4 processes, what they see: ["-  0"]
