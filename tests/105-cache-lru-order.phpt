--TEST--
cache: when full, the least recently used entry is evicted; a get refreshes recency (has does not)
--INI--
lyger.cache_max_entries=3
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
$e->cacheSet('a', '1');
$e->cacheSet('b', '2');
$e->cacheSet('c', '3');
$e->cacheGet('a');          // order now (old→new) b, c, a
$e->cacheHas('b');          // does not refresh b
$e->cacheSet('d', '4');     // evicts b
var_dump($e->cacheHas('a'), $e->cacheHas('b'), $e->cacheHas('c'), $e->cacheHas('d'));
$e->cacheSet('c', '33');    // replacing refreshes c: order a, d, c
$e->cacheSet('e', '5');     // evicts a
var_dump($e->cacheHas('a'), $e->cacheGet('c'), $e->cacheSize());
$c = json_decode($e->systemInfo(), true)['cache'];
echo "entries={$c['entries']} max={$c['max_entries']} evictions={$c['evictions']} used={$c['memory_used']}\n";
?>
--EXPECT--
bool(true)
bool(false)
bool(true)
bool(true)
bool(false)
string(2) "33"
int(3)
entries=3 max=3 evictions=2 used=199
