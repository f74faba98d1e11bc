--TEST--
cache: keys of 64 MiB or more never fit (the entry keeps the key's length in 26 bits beside its namespace): cacheSet returns false for them, a key one byte shorter is stored; the same in both modes
--INI--
lyger.cache_memory=160M
memory_limit=600M
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
$long = str_repeat('k', 1 << 26);
var_dump($e->cacheSet($long, 'v'), $e->cacheHas($long));
$long = substr($long, 1);
var_dump($e->cacheSet($long, 'v'), $e->cacheGet($long), $e->cacheSize());
?>
--EXPECT--
bool(false)
bool(false)
bool(true)
string(1) "v"
int(1)
