--TEST--
cache: two php-fpm pools of one master running as two users each see only their own user's entries in the shared store: neither reads, counts nor clears the other's, and each namespace keeps its own figures
--SKIPIF--
<?php require __DIR__ . '/inc/fcgi.inc'; lyger_fcgi_skipif('fpm');
if (!function_exists('posix_geteuid') || posix_geteuid() !== 0) die('skip needs root to run a pool as another user');
if (posix_getpwnam('nobody') === false) die('skip no user nobody'); ?>
--FILE--
<?php
require __DIR__ . '/inc/fcgi.inc';
$script = <<<'PHP'
<?php
$e = Lyger\Core\Engine::getInstance();
$do = $_GET['do'] ?? '';
if ($do === 'set') { $e->cacheSet('name', 'value of ' . posix_getpwuid(posix_geteuid())['name']); $e->cacheSet('only-' . posix_geteuid(), 'x'); }
if ($do === 'clear') { $e->cacheClear(); }
// the figures before this request's get below
$c = json_decode($e->systemInfo(), true)['cache'];
echo posix_getpwuid(posix_geteuid())['name'], ': name=', json_encode($e->cacheGet('name')), ' size=', $e->cacheSize(),
    " entries={$c['entries']} hits={$c['hits']} misses={$c['misses']} host_entries={$c['host_entries']} namespaces={$c['namespaces']}";
PHP;
$pool = lyger_fcgi_start('fpm', 2, ['c.php' => $script], ['lyger.cache_check' => '1', 'extension' => 'posix'], ['rootpool' => null, 'nobodypool' => 'nobody']);
try {
    echo lyger_fcgi_get($pool, 'c.php', 'do=set', 'rootpool'), "\n";
    echo lyger_fcgi_get($pool, 'c.php', '', 'nobodypool'), "\n";
    echo lyger_fcgi_get($pool, 'c.php', 'do=set', 'nobodypool'), "\n";
    echo lyger_fcgi_get($pool, 'c.php', 'do=clear', 'nobodypool'), "\n";
    echo lyger_fcgi_get($pool, 'c.php', '', 'rootpool'), "\n";
} finally {
    lyger_fcgi_stop($pool);
}
?>
--EXPECT--
root: name="value of root" size=2 entries=2 hits=0 misses=0 host_entries=2 namespaces=1
nobody: name="" size=0 entries=0 hits=0 misses=0 host_entries=2 namespaces=2
nobody: name="value of nobody" size=2 entries=2 hits=0 misses=1 host_entries=4 namespaces=2
nobody: name="" size=0 entries=0 hits=1 misses=1 host_entries=2 namespaces=2
root: name="value of root" size=2 entries=2 hits=1 misses=0 host_entries=2 namespaces=2
