--TEST--
cache: ttl 1 expires after sleep(2): miss, not counted by size, reclaimed first when the cache is full (the per-process store, lyger.cache_shared=0, whose recency is strict LRU as the fallback's; the shared store's CLOCK recency: test 131)
--INI--
lyger.cache_shared=0
lyger.cache_max_entries=3
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
$e->cacheSet('short', 'gone soon', 1);
$e->cacheSet('other', 'gone too', 1);
$e->cacheSet('keep', 'stays');
$e->cacheSet('long', 'stays too', 3600);
var_dump($e->cacheSize(), $e->cacheGet('short'));   // 'short' is the LRU: evicted by 'long'
sleep(2);
var_dump($e->cacheSize(), $e->cacheGet('other'), $e->cacheHas('other'), $e->cacheGet('keep'), $e->cacheGet('long'));
$e->cacheSet('x', '1', 1);
$e->cacheSet('y', '2');     // full: room comes from nothing expired yet, so LRU 'keep' goes
var_dump($e->cacheHas('keep'));
sleep(2);
$e->cacheSet('z', '3');     // full again: the expired 'x' goes first, not the LRU 'long'
var_dump($e->cacheHas('long'), $e->cacheHas('x'), $e->cacheHas('y'), $e->cacheHas('z'), $e->cacheSize());
$c = json_decode($e->systemInfo(), true)['cache'];
echo "entries={$c['entries']} evictions={$c['evictions']} expirations={$c['expirations']} used={$c['memory_used']}\n";
?>
--EXPECT--
int(3)
string(0) ""
int(2)
string(0) ""
bool(false)
string(5) "stays"
string(9) "stays too"
bool(false)
bool(true)
bool(false)
bool(true)
bool(true)
int(3)
entries=3 evictions=2 expirations=2 used=209
