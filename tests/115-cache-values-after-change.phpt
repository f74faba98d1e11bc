--TEST--
cache: a value read earlier stays as read, and the next get sees every change (same-size overwrite, other size, delete, clear, eviction, expiry) (the per-process store, lyger.cache_shared=0, whose recency is strict LRU as the fallback's; the shared store's CLOCK recency: test 131)
--INI--
lyger.cache_shared=0
lyger.cache_max_entries=2
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
$e->cacheSet('k', 'aaaa');
$first = $e->cacheGet('k');
$again = $e->cacheGet('k');             // the same value read twice
$e->cacheSet('k', 'bbbb');              // same size: overwritten in place
$second = $e->cacheGet('k');
$e->cacheSet('k', 'cc');                // other size
$third = $e->cacheGet('k');
$third .= '!';                          // modifying a returned string changes no stored value
var_dump($first, $again, $second, $third, $e->cacheGet('k'));
$e->cacheDelete('k');
var_dump($e->cacheGet('k'), $second);
$e->cacheSet('k', 'dddd');
$e->cacheGet('k');
$e->cacheClear();
var_dump($e->cacheGet('k'));
$e->cacheSet('x', 'xxxx');
$e->cacheGet('x');
$e->cacheSet('y', 'yyyy');
$e->cacheSet('z', 'zzzz');              // evicts x (cap 2)
var_dump($e->cacheGet('x'), $e->cacheGet('y'));
$e->cacheSet('y', 'YYYY', 1);           // same size with a ttl now
var_dump($e->cacheGet('y'));
sleep(2);
$e->cacheSet('y', 'back', 0);           // same size on the expired (not yet reclaimed) entry: live again, no ttl
sleep(1);
var_dump($e->cacheGet('y'), $e->cacheSize());
$e->cacheSet('z', 'ZZZZ', 1);
sleep(2);
var_dump($e->cacheGet('z'), $e->cacheSize());
?>
--EXPECT--
string(4) "aaaa"
string(4) "aaaa"
string(4) "bbbb"
string(3) "cc!"
string(2) "cc"
string(0) ""
string(4) "bbbb"
string(0) ""
string(0) ""
string(4) "yyyy"
string(4) "YYYY"
string(4) "back"
int(2)
string(0) ""
int(1)
