--TEST--
cache: systemInfo()["cache"] reports entries, memory (key + value + 64 per entry), limits, hits, misses, evictions and expirations, consistent after each operation (the per-process store, lyger.cache_shared=0, whose recency is strict LRU as the fallback's; the shared store's CLOCK recency: test 131)
--INI--
lyger.cache_shared=0
lyger.cache_memory=896
lyger.cache_max_entries=0
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
$show = function (string $after) use ($e) {
    // the figures of the store (the shared segment's own keys: tests/120, 128)
    $c = array_diff_key(json_decode($e->systemInfo(), true)['cache'], ['shared' => 0, 'segment_size' => 0, 'lock_repairs' => 0, 'lock_repairs_emptied' => 0, 'host_entries' => 0, 'host_memory_used' => 0, 'namespaces' => 0]);
    echo str_pad($after, 14), implode(' ', array_map(fn ($k, $v) => "$k=$v", array_keys($c), $c)), "\n";
};
$show('start');
$e->cacheSet('k1', str_repeat('a', 100));
$show('set k1');
$e->cacheGet('k1');
$e->cacheGet('nope');
$show('hit+miss');
$e->cacheSet('k1', 'short');
$show('replace k1');
for ($i = 2; $i <= 6; $i++) {
    $e->cacheSet("k$i", str_repeat('b', 100));
}
$show('5 more sets');
$e->cacheDelete('k6');
$show('delete k6');
$e->cacheHas('k5');
$show('has k5');
$e->cacheClear();
$show('clear');
?>
--EXPECT--
start         entries=0 memory_used=0 memory_limit=896 max_entries=0 entry_overhead=64 hits=0 misses=0 evictions=0 expirations=0
set k1        entries=1 memory_used=166 memory_limit=896 max_entries=0 entry_overhead=64 hits=0 misses=0 evictions=0 expirations=0
hit+miss      entries=1 memory_used=166 memory_limit=896 max_entries=0 entry_overhead=64 hits=1 misses=1 evictions=0 expirations=0
replace k1    entries=1 memory_used=71 memory_limit=896 max_entries=0 entry_overhead=64 hits=1 misses=1 evictions=0 expirations=0
5 more sets   entries=5 memory_used=830 memory_limit=896 max_entries=0 entry_overhead=64 hits=1 misses=1 evictions=1 expirations=0
delete k6     entries=4 memory_used=664 memory_limit=896 max_entries=0 entry_overhead=64 hits=1 misses=1 evictions=1 expirations=0
has k5        entries=4 memory_used=664 memory_limit=896 max_entries=0 entry_overhead=64 hits=1 misses=1 evictions=1 expirations=0
clear         entries=0 memory_used=0 memory_limit=896 max_entries=0 entry_overhead=64 hits=1 misses=1 evictions=1 expirations=0
