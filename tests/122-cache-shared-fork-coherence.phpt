--TEST--
cache: processes forked after startup share one store: a set, delete, overwrite, batch or clear in one is seen by the next get in the other, and the figures are host-wide
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc';
if (!function_exists('pcntl_fork')) die('skip pcntl not available'); ?>
--INI--
lyger.cache_memory=4M
lyger.cache_check=1
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
// runs $fn in a forked child; the child ends with SIGKILL (no shutdown: only the
// parent owns the request) after saying so on STDOUT if $fn failed
function in_child(callable $fn): void
{
    $pid = pcntl_fork();
    if ($pid === 0) {
        try {
            if (!$fn()) {
                echo "child: failed\n";
            }
        } catch (Throwable $t) {
            echo 'child: ', $t->getMessage(), "\n";
        }
        posix_kill(getmypid(), SIGKILL);
    }
    pcntl_waitpid($pid, $status);
}
$e->cacheSet('from-parent', 'p1');
in_child(function () use ($e) {
    $e->cacheSet('from-child', str_repeat('c', 10000)); // large: the two-step copy
    $e->cacheSet('big', str_repeat('x', 5000));
    $e->cacheSetBatch('{"b1":"one","b2":"two"}');
    return true;
});
var_dump($e->cacheGet('from-child') === str_repeat('c', 10000), $e->cacheGet('b1'), $e->cacheGet('b2'));
$e->cacheDelete('from-child');
$e->cacheSet('big', 'small now');
$seen = tempnam(sys_get_temp_dir(), 'lyger');
in_child(function () use ($e, $seen) {
    file_put_contents($seen, json_encode([$e->cacheGet('from-child'), $e->cacheGet('big'), $e->cacheGet('from-parent'), $e->cacheHas('b1')]));
    $e->cacheClear();
    return true;
});
echo file_get_contents($seen), "\n";
unlink($seen);
var_dump($e->cacheSize(), $e->cacheGet('from-parent'));
$c = json_decode($e->systemInfo(), true)['cache'];
// gets: parent 3 hits + 1 miss after the clear; child 2 hits + 1 miss
echo "hits={$c['hits']} misses={$c['misses']} entries={$c['entries']}\n";
--EXPECT--
bool(true)
string(3) "one"
string(3) "two"
["","small now","p1",true]
int(0)
string(0) ""
hits=5 misses=2 entries=0
