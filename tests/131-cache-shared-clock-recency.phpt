--TEST--
cache: the shared store's recency is CLOCK: a get marks its entry (it does not move it, so reads write no shared line); when full, the oldest entry is evicted unless marked, and a marked one loses its mark and goes to the front instead (a second chance); a same-size overwrite marks its entry too instead of moving it. Pins where that differs from strict LRU
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc'; ?>
--INI--
lyger.cache_max_entries=3
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
$show = function () use ($e) {
    $in = [];
    foreach (['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] as $k) {
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
// order e, b, f, no marks. A same-size overwrite of b marks it where it stands (moving it
// to the front, as strict LRU does, would give e, f, b and drop b at the third set below)
$e->cacheSet('b', '7');
$e->cacheSet('g', '7');     // e goes: b, f, g
$e->cacheSet('h', '8');     // b's second chance (to the front: f, g, b), f goes
$e->cacheSet('i', '9');     // g goes
$show();
var_dump($e->cacheGet('b'));
$c = json_decode($e->systemInfo(), true)['cache'];
echo "hits={$c['hits']} evictions={$c['evictions']} entries={$c['entries']}\n";
?>
--EXPECT--
a,b,d
b,d,e
b,e,f
b,h,i
string(1) "7"
hits=4 evictions=6 entries=3
