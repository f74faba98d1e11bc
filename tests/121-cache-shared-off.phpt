--TEST--
cache: lyger.cache_shared=0 gives each process its own store: a forked child's set is not seen by its parent, and systemInfo() says shared=false with no segment
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc';
if (!function_exists('pcntl_fork')) die('skip pcntl not available'); ?>
--INI--
lyger.cache_shared=0
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
$e->cacheSet('parent', 'p');
$pid = pcntl_fork();
if ($pid === 0) {
    $e->cacheSet('child', 'c');
    $e->cacheDelete('parent');
    exit($e->cacheGet('child') === 'c' ? 0 : 1);
}
pcntl_waitpid($pid, $status);
var_dump(pcntl_wexitstatus($status));
var_dump($e->cacheGet('child'), $e->cacheGet('parent'));
$c = json_decode($e->systemInfo(), true)['cache'];
var_dump($c['shared'], $c['segment_size']);
--EXPECT--
int(0)
string(0) ""
string(1) "p"
bool(false)
int(0)
