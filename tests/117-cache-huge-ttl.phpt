--TEST--
cache: a ttl of PHP_INT_MAX (beyond the clock's range) means no expiry, in cacheSet and in batches
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
var_dump($e->cacheSet('forever', 'v', PHP_INT_MAX), $e->cacheGet('forever'));
var_dump($e->cacheSetBatch('[{"key": "b", "value": "w", "ttl": ' . PHP_INT_MAX . '}]'), $e->cacheGet('b'), $e->cacheSize());
?>
--EXPECT--
bool(true)
string(1) "v"
int(1)
string(1) "w"
int(2)
