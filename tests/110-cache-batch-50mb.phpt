--TEST--
cache: a 50 MB batch is stored whole when it fits, and evicts its own earlier items (oldest first) when it exceeds the budget (the per-process store, lyger.cache_shared=0: its reads refresh strict LRU as the fallback's; the shared store: test 132)
--SKIPIF--
<?php if (getenv('LYGER_TEST_MODE') === 'valgrind') die('skip parsing 50 MB of JSON takes minutes under valgrind; 108 covers batches there');
// PHP's json_encode grows its buffer a page at a time: with USE_ZEND_ALLOC=0 every step is a
// realloc, which ASan's allocator always copies (quadratic: minutes for 50 MB)
if (getenv('LYGER_TEST_MODE') === 'asan') die('skip json_encode of 50 MB is quadratic under ASan (realloc copies); 108 covers batches there'); ?>
--INI--
lyger.cache_shared=0
lyger.cache_memory=64M
memory_limit=1G
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
$items = [];
for ($i = 0; $i < 50000; $i++) {
    $items["item:$i"] = str_repeat(chr(65 + $i % 26), 1000);
}
$json = json_encode($items);
printf("%.1f MB\n", strlen($json) / 1e6);
var_dump($e->cacheSetBatch($json), $e->cacheSize(), $e->cacheGet('item:0') === $items['item:0'], $e->cacheGet('item:49999') === $items['item:49999']);
$c = json_decode($e->systemInfo(), true)['cache'];
$sum = 0;
foreach ($items as $k => $v) {
    $sum += strlen($k) + strlen($v) + 64;
}
var_dump($c['memory_used'] === $sum, $c['evictions']);

// a second batch of new keys (71 MB) exceeds the whole budget: the first batch's
// entries go first (least recently used), then this batch's own earliest items
$e->cacheSet('newest-before', 'x');
$items2 = [];
for ($i = 0; $i < 70000; $i++) {
    $items2[] = ['key' => "second:$i", 'value' => str_repeat('z', 1000)];
}
var_dump($e->cacheSetBatch(json_encode($items2)));
$c = json_decode($e->systemInfo(), true)['cache'];
var_dump($c['memory_used'] <= $c['memory_limit'], $c['entries'] === $e->cacheSize());
var_dump($e->cacheHas('item:49999'), $e->cacheHas('newest-before'), $e->cacheHas('second:0'), $e->cacheHas('second:69999'));
// one 50 MB value in one item: stored when the budget allows
$e->cacheClear();
var_dump($e->cacheSetBatch(json_encode(['blob' => str_repeat('b', 50000000)])), strlen($e->cacheGet('blob')));
?>
--EXPECT--
50.8 MB
int(50000)
int(50000)
bool(true)
bool(true)
bool(true)
int(0)
int(70000)
bool(true)
bool(true)
bool(false)
bool(false)
bool(false)
bool(true)
int(1)
int(50000000)
