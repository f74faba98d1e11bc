--TEST--
cache: a 1 MiB value round-trips; a value larger than the budget returns false and leaves the cache unchanged; the budget is exact
--INI--
lyger.cache_memory=2M
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
$figures = function () use ($e) {
    $c = json_decode($e->systemInfo(), true)['cache'];
    return "entries={$c['entries']} used={$c['memory_used']} limit={$c['memory_limit']} evictions={$c['evictions']}";
};
$mib = str_repeat("\x01\x02\x03\x00", 262144);
var_dump($e->cacheSet('mib', $mib), $e->cacheGet('mib') === $mib);
echo $figures(), "\n";
// larger than the whole budget: false, old entries and the old value under the same key stay
var_dump($e->cacheSet('mib', str_repeat('x', 2 * 1048576)), $e->cacheGet('mib') === $mib);
echo $figures(), "\n";
// exactly the budget (key + value + 64 overhead) fits, one byte more does not
$limit = 2 * 1048576;
var_dump($e->cacheSet('big', str_repeat('y', $limit - 3 - 64 + 1)));
echo $figures(), "\n";
var_dump($e->cacheSet('big', str_repeat('y', $limit - 3 - 64)));
echo $figures(), "\n";
var_dump($e->cacheHas('mib'), $e->cacheSize());
?>
--EXPECT--
bool(true)
bool(true)
entries=1 used=1048643 limit=2097152 evictions=0
bool(false)
bool(true)
entries=1 used=1048643 limit=2097152 evictions=0
bool(false)
entries=1 used=1048643 limit=2097152 evictions=0
bool(true)
entries=1 used=2097152 limit=2097152 evictions=1
bool(false)
int(1)
