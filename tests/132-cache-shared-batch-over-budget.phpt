--TEST--
cache: the shared store takes a 50 MB batch whole, then a 71 MB batch into its 64M budget evicts the older entries and the batch's own earliest items, keeping its newest (entries made one by one in the segment as they are applied), with figures that add up; then one 50 MB value
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc';
if (getenv('LYGER_TEST_MODE') === 'valgrind') die('skip parsing 50 MB of JSON takes minutes under valgrind; 122 covers batches there');
if (getenv('LYGER_TEST_MODE') === 'asan') die('skip json_encode of 50 MB is quadratic under ASan (realloc copies)'); ?>
--INI--
lyger.cache_memory=64M
lyger.cache_check=0
memory_limit=1G
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
$items = [];
for ($i = 0; $i < 50000; $i++) {
    $items["item:$i"] = str_repeat(chr(65 + $i % 26), 1000);
}
var_dump($e->cacheSetBatch(json_encode($items)), $e->cacheSize());
$c = json_decode($e->systemInfo(), true)['cache'];
var_dump($c['shared'], $c['memory_used'], $c['evictions']);
$e->cacheSet('newest-before', 'x');
$items2 = [];
for ($i = 0; $i < 70000; $i++) {
    $items2[] = ['key' => "second:$i", 'value' => str_repeat('z', 1000)];
}
var_dump($e->cacheSetBatch(json_encode($items2)));
$c = json_decode($e->systemInfo(), true)['cache'];
var_dump($c['memory_used'] <= $c['memory_limit'], $c['entries'] === $e->cacheSize(), $c['entries'] + $c['evictions'] === 50000 + 1 + 70000);
// (cacheHas marks nothing: these show the order the batch evicted in)
var_dump($e->cacheHas('item:49999'), $e->cacheHas('newest-before'), $e->cacheHas('second:0'), $e->cacheHas('second:69999'));
var_dump($e->cacheGet('second:69999') === str_repeat('z', 1000));
ini_set('lyger.cache_check', '1'); // one walk of the whole store and segment
var_dump($e->cacheSize() > 50000);
$e->cacheClear();
var_dump($e->cacheSetBatch(json_encode(['blob' => str_repeat('b', 50000000)])), strlen($e->cacheGet('blob')));
?>
--EXPECT--
int(50000)
int(50000)
bool(true)
int(53688890)
int(0)
int(70000)
bool(true)
bool(true)
bool(true)
bool(false)
bool(false)
bool(false)
bool(true)
bool(true)
bool(true)
int(1)
int(50000000)
