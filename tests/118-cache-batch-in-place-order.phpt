--TEST--
cache: a batch leaves the store exactly as the same cacheSet calls in order would: same-size updates refresh recency, a repeated key keeps its last value, an item may evict an entry another item of the batch updated, and a batch larger than the budget evicts its own first items (the per-process store, lyger.cache_shared=0, whose recency is strict LRU as the fallback's; the shared store's CLOCK recency: test 131)
--INI--
lyger.cache_shared=0
lyger.cache_memory=272
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
$state = function () use ($e) {
    $c = json_decode($e->systemInfo(), true)['cache'];
    $keys = [];
    foreach (str_split('abcdefghijkx') as $k) {
        if ($e->cacheHas($k)) $keys[] = "$k=" . $e->cacheGet($k);
    }
    return implode(' ', $keys) . " | entries={$c['entries']} used={$c['memory_used']} evictions={$c['evictions']}";
};
// four entries of 100 bytes each (1 + 3 + 64) fill the 272-byte budget
foreach (['a', 'b', 'c', 'd'] as $k) {
    $e->cacheSet($k, '111');
}
// same-size values: updated where they are, and made most recent (order c, d, a, b)
var_dump($e->cacheSetBatch('{"a": "AAA", "b": "BBB"}'));
$e->cacheSet('e', '555'); // evicts c, the least recently used
echo $state(), "\n";
// a key repeated in one batch: the last item wins (order a, b, e, d)
var_dump($e->cacheSetBatch('[{"key": "d", "value": "x"}, {"key": "d", "value": "DDD"}]'));
echo $state(), "\n";
// the new f needs room first and evicts a; then "a" is a new key again and evicts b
var_dump($e->cacheSetBatch('[{"key": "f", "value": "FFF"}, {"key": "a", "value": "A"}]'));
echo $state(), "\n";
// the batch ends within the budget (a shrinks by more than f takes) but f comes
// first and needs room: it evicts a, the oldest, and "a" is then stored anew
$e->cacheClear();
$e->cacheSet('a', str_repeat('a', 50));
$e->cacheSet('b', '111');
$e->cacheSet('c', '111');
var_dump($e->cacheSetBatch('[{"key": "f", "value": "FFF"}, {"key": "a", "value": "A"}]'));
echo $state(), "\n";
// five new items into a budget of four: the batch's own first item goes last
$e->cacheClear();
var_dump($e->cacheSetBatch('{"g": "ggg", "h": "hhh", "i": "iii", "j": "jjj", "k": "kkk"}'));
echo $state(), "\n";
// a map repeating a key keeps the last value, as json_decode does
var_dump($e->cacheSetBatch('{"x": "1", "x": "2"}'), $e->cacheGet('x'));
?>
--EXPECT--
int(2)
a=AAA b=BBB d=111 e=555 | entries=4 used=272 evictions=1
int(2)
a=AAA b=BBB d=DDD e=555 | entries=4 used=272 evictions=1
int(2)
a=A d=DDD e=555 f=FFF | entries=4 used=270 evictions=3
int(2)
a=A b=111 c=111 f=FFF | entries=4 used=270 evictions=4
int(5)
h=hhh i=iii j=jjj k=kkk | entries=4 used=272 evictions=5
int(1)
string(1) "2"
