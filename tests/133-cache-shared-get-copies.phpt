--TEST--
cache: the shared store's request-local copies: a repeated get of the same key string returns the copy only while nothing in the segment changed; a set, delete, clear or expiry here or in another process is seen by the next get, and a key string freed and its address reused by another key never answers for it
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc';
if (!function_exists('pcntl_fork')) die('skip pcntl not available'); ?>
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
$k = str_repeat('k', 10) . mt_rand(0, 0); // a non-interned key string, read again and again
$e->cacheSet($k, 'first value');
echo $e->cacheGet($k), ' ', $e->cacheGet($k), "\n";
$e->cacheSet($k, 'other value');          // same size, here
echo $e->cacheGet($k), "\n";
$pid = pcntl_fork();
if ($pid === 0) {
    $e->cacheSet($k, 'child value');      // another process
    posix_kill(getmypid(), SIGKILL);
}
pcntl_waitpid($pid, $status);
echo $e->cacheGet($k), "\n";
$pid = pcntl_fork();
if ($pid === 0) {
    $e->cacheDelete($k);
    posix_kill(getmypid(), SIGKILL);
}
pcntl_waitpid($pid, $status);
var_dump($e->cacheGet($k));
$e->cacheSet($k, 'again');
echo $e->cacheGet($k), "\n";
$e->cacheClear();
var_dump($e->cacheGet($k));
// many key strings made and freed: a new string at a freed one's address is another key
$e->cacheSet('a-key', 'value of a');
$e->cacheSet('b-key', 'value of b');
$wrong = 0;
for ($i = 0; $i < 2000; $i++) {
    $name = ($i % 2 ? 'a' : 'b') . '-key' . str_repeat('', $i % 3);
    $want = $i % 2 ? 'value of a' : 'value of b';
    $wrong += $e->cacheGet($name) === $want ? 0 : 1;
    unset($name);
}
echo "wrong=$wrong\n";
$e->cacheSet('ttl', 'short', 1);
echo $e->cacheGet('ttl'), "\n";
sleep(2);
var_dump($e->cacheGet('ttl'));
$c = json_decode($e->systemInfo(), true)['cache'];
echo "hits={$c['hits']} misses={$c['misses']}\n";
?>
--EXPECT--
first value first value
other value
child value
string(0) ""
again
string(0) ""
wrong=0
short
string(0) ""
hits=2006 misses=3
