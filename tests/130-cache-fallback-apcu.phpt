--TEST--
cache: with APCu loaded and enabled the fallback keeps its entries in APCu, shared by the host's processes (a forked child's set, delete and clear are seen by its parent), under its own prefix with the uid in it; systemInfo() says shared
--SKIPIF--
<?php require __DIR__ . '/inc/skip_fallback_only.inc';
if (!function_exists('apcu_enabled')) die('skip APCu not loaded');
if (!function_exists('pcntl_fork')) die('skip pcntl not available'); ?>
--INI--
apc.enable_cli=1
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
$e->cacheSet('parent', 'p', 60);
apcu_store('someone-else', 'not ours');
$pid = pcntl_fork();
if ($pid === 0) {
    $e->cacheSet('child', str_repeat('c', 5000));
    $e->cacheDelete('parent');
    $e->cacheSetBatch('[{"key":"b1","value":"one"},{"key":"b2","value":[1,2],"ttl":60},{"key":"b1","value":"last"}]');
    posix_kill(getmypid(), SIGKILL);
}
pcntl_waitpid($pid, $status);
var_dump(strlen($e->cacheGet('child')), $e->cacheGet('parent'), $e->cacheHas('parent'), $e->cacheGet('b1'), $e->cacheGet('b2'));
var_dump($e->cacheSize());
$uid = function_exists('posix_geteuid') ? posix_geteuid() : getmyuid();
var_dump(apcu_fetch("lyger:e:$uid:b1"));
$c = json_decode($e->systemInfo(), true)['cache'];
var_dump($c['shared'], $c['segment_size'] > 0, $c['entries'], $c['hits'], $c['misses'], $c['memory_used'] === 5 + 5000 + 2 + 4 + 2 + 5 + 3 * 64);
$e->cacheClear();
var_dump($e->cacheSize(), apcu_fetch('someone-else'));
--EXPECT--
int(5000)
string(0) ""
bool(false)
string(4) "last"
string(5) "[1,2]"
int(3)
string(4) "last"
bool(true)
bool(true)
int(3)
int(3)
int(1)
bool(true)
int(0)
string(8) "not ours"
