--TEST--
cache: the shared store's recency is CLOCK: a get marks its entry (it does not move it, so reads write no shared line); when full, the oldest entry is evicted unless marked, and a marked one loses its mark and goes to the front instead (a second chance). Pins where that differs from strict LRU
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc'; ?>
--INI--
lyger.cache_max_entries=3
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
$show = function () use ($e) {
    $in = [];
    foreach (['a', 'b', 'c', 'd', 'e', 'f'] as $k) {
        if ($e->cacheHas($k)) {
            $in[] = $k;
        }
    }
    echo implode(',', $in), "\n";
};
$e->cacheSet('a', '1');
$e->cacheSet('b', '2');
$e->cacheSet('c', '3');
$e->cacheGet('b');
$e->cacheGet('a');          // marked: a, b (oldest first: a, b, c)
$e->cacheSet('d', '4');     // a and b get their second chance, c goes (LRU would also drop c)
$show();
$e->cacheSet('e', '5');     // order a, b, d, no marks left: a goes (strict LRU would drop b, read before a)
$show();
$e->cacheGet('b');          // marked
$e->cacheSet('f', '6');     // b gets a second chance, d goes
$show();
$c = json_decode($e->systemInfo(), true)['cache'];
echo "hits={$c['hits']} evictions={$c['evictions']} entries={$c['entries']}\n";
?>
--EXPECT--
a,b,d
b,d,e
b,e,f
hits=3 evictions=3 entries=3
