--TEST--
cache: gets stay exact when key strings are reused: a freed key string's memory holding another key, a key string changed in place, the same string after a set, a delete or an expiry
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
foreach (['k0' => 'zero', 'k1' => 'one', 'k2' => 'two', 'aaa' => 'AA', 'baa' => 'BB'] as $k => $v) {
    $e->cacheSet($k, $v);
}
// temporary key strings: each is freed when the next is made, so the same memory
// holds k0, k1 and k2 in turn (period 3 over two or so addresses)
$wrong = 0;
for ($i = 0; $i < 3000; $i++) {
    $k = 'k' . ($i % 3);
    if ($e->cacheGet($k) !== ['zero', 'one', 'two'][$i % 3]) $wrong++;
}
echo "wrong values: $wrong\n";
// one string changed in place (not shared, so PHP writes into it)
$k = str_repeat('a', 3);
var_dump($e->cacheGet($k));
$k[0] = 'b';
var_dump($e->cacheGet($k));
$k[0] = 'c';
var_dump($e->cacheGet($k), $e->cacheHas($k));
// the same string after a set of another value, a delete, and an expiry
$k = 'k' . 1;
var_dump($e->cacheGet($k));
$e->cacheSet($k, 'uno');
var_dump($e->cacheGet($k));
$e->cacheSet($k, 'one, longer');
var_dump($e->cacheGet($k));
$e->cacheDelete($k);
var_dump($e->cacheGet($k));
$e->cacheSet($k, 'brief', 1);
var_dump($e->cacheGet($k));
sleep(2);
var_dump($e->cacheGet($k));
$c = json_decode($e->systemInfo(), true)['cache'];
echo "hits={$c['hits']} misses={$c['misses']} expirations={$c['expirations']}\n";
?>
--EXPECT--
wrong values: 0
string(2) "AA"
string(2) "BB"
string(0) ""
bool(false)
string(3) "one"
string(3) "uno"
string(11) "one, longer"
string(0) ""
string(5) "brief"
string(0) ""
hits=3006 misses=3 expirations=1
