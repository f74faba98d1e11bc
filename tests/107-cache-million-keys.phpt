--TEST--
cache: 1e6 distinct keys under an 8M budget evict the oldest and keep size and memory figures exact
--SKIPIF--
<?php if (getenv('LYGER_TEST_MODE') === 'valgrind') die('skip 1e6 sets take minutes under valgrind; 105/106 cover eviction there'); ?>
--INI--
lyger.cache_memory=8M
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
for ($i = 0; $i < 1000000; $i++) {
    $e->cacheSet("key:$i", "v$i");
}
$c = json_decode($e->systemInfo(), true)['cache'];
$n = $e->cacheSize();
var_dump($n === $c['entries'], $c['entries'] + $c['evictions'] === 1000000, $c['memory_used'] <= $c['memory_limit']);
// the live entries are exactly the newest $n keys, and memory_used is their exact sum
$sum = 0;
for ($i = 1000000 - $n; $i < 1000000; $i++) {
    $sum += strlen("key:$i") + strlen("v$i") + 64;
}
$first = 1000000 - $n;
var_dump($sum === $c['memory_used'], $e->cacheHas("key:$first"), $e->cacheHas('key:' . ($first - 1)));
// and the budget is full: one more entry of that size would not have fitted
var_dump($c['memory_limit'] - $c['memory_used'] < strlen("key:" . ($first - 1)) + strlen('v' . ($first - 1)) + 64);
var_dump($e->cacheGet('key:999999'), $e->cacheGet('key:0'));
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(false)
bool(true)
string(7) "v999999"
string(0) ""
