--TEST--
cache: keys and values are binary-safe (NUL bytes, every byte 0..255, invalid UTF-8) and round-trip exactly
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
var_dump($e->cacheSet("a\0b", "x\0y\0"), $e->cacheGet("a\0b") === "x\0y\0", $e->cacheGet('a'), $e->cacheHas("a\0"));
$all = '';
for ($i = 0; $i < 256; $i++) {
    $all .= chr($i);
}
$ok = 0;
for ($i = 0; $i < 256; $i++) {
    // one-byte keys of every byte, each value naming its byte
    $e->cacheSet(chr($i), "value $i" . chr($i));
}
for ($i = 0; $i < 256; $i++) {
    $ok += $e->cacheGet(chr($i)) === "value $i" . chr($i) ? 1 : 0;
}
echo "one-byte keys round-tripped: $ok\n";
var_dump($e->cacheSet($all, strrev($all)), $e->cacheGet($all) === strrev($all));
// invalid UTF-8 in key and value
$bad = "\xC3\x28\xA0\xA1\xFF\xFE\xED\xA0\x80";
var_dump($e->cacheSet($bad, $bad . $bad), $e->cacheGet($bad) === $bad . $bad);
var_dump($e->cacheSize());
$info = json_decode($e->systemInfo(), true)['cache'];
$expected = (3 + 4 + 64) + (256 + 256 + 64) + (9 + 18 + 64);
for ($i = 0; $i < 256; $i++) {
    $expected += 1 + strlen("value $i") + 1 + 64;
}
var_dump($info['entries'], $info['memory_used'] === $expected);
?>
--EXPECT--
bool(true)
bool(true)
string(0) ""
bool(false)
one-byte keys round-tripped: 256
bool(true)
bool(true)
bool(true)
bool(true)
int(259)
int(259)
bool(true)
