--TEST--
cache: a 100 MiB value is stored and read back exactly when the budget allows it
--INI--
lyger.cache_memory=160M
memory_limit=1G
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
$v = str_repeat("0123456789abcdef", 100 * 65536);
$v[12345] = "\0";
var_dump(strlen($v), $e->cacheSet('huge', $v), $e->cacheGet('huge') === $v);
$c = json_decode($e->systemInfo(), true)['cache'];
var_dump($c['memory_used'] === 4 + 104857600 + 64);
// a second one does not fit beside it: the first is evicted
var_dump($e->cacheSet('huge2', $v), $e->cacheHas('huge'), $e->cacheSize());
$e->cacheClear();
$c = json_decode($e->systemInfo(), true)['cache'];
var_dump($c['entries'], $c['memory_used']);
?>
--EXPECT--
int(104857600)
bool(true)
bool(true)
bool(true)
bool(true)
bool(false)
int(1)
int(0)
int(0)
