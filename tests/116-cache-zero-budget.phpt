--TEST--
cache: lyger.cache_memory=0 stores nothing: sets return false, a batch with items fails whole, empty batches return 0
--INI--
lyger.cache_memory=0
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
var_dump($e->cacheSet('k', 'v'), $e->cacheGet('k'), $e->cacheSize(), $e->cacheSetBatch('[]'), $e->cacheSetBatch('{}'));
try {
    $e->cacheSetBatch('{"k": "v"}');
} catch (ValueError $ex) {
    echo $ex->getMessage(), "\n";
}
$c = json_decode($e->systemInfo(), true)['cache'];
echo "entries={$c['entries']} used={$c['memory_used']} limit={$c['memory_limit']}\n";
?>
--EXPECT--
bool(false)
string(0) ""
int(0)
int(0)
int(0)
Lyger\Core\Engine::cacheSetBatch(): Argument #1 ($json) has an item 0 too large for the cache (66 bytes with overhead, memory limit 0)
entries=0 used=0 limit=0
