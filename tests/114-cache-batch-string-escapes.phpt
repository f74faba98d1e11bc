--TEST--
cache: batch string keys and values decode every JSON escape exactly as json_decode does (\u escapes, surrogate pairs, \u0000, raw UTF-8)
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
$strings = ["plain", "quote \" backslash \\ slash /", "\n\r\t\x08\x0c", "\u{e9}\u{4e2d}\u{1f600}", "nul \0 inside", str_repeat('long ', 300) . "\u{1f600}"];
$map = [];
$list = [];
foreach ($strings as $i => $s) {
    $map["m$i:" . str_replace("\0", '0', $s)] = $s; // a map key cannot hold NUL (see below)
    $list[] = ['ttl' => 60 + $i, 'value' => $s, 'key' => "l$i:$s"];
}
// escaped forms: \uXXXX for everything non-ASCII, escaped slashes; and the raw UTF-8 form
foreach ([json_encode($map), json_encode($map, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), json_encode($list), json_encode($list, JSON_UNESCAPED_UNICODE)] as $json) {
    $e->cacheClear();
    $n = $e->cacheSetBatch($json);
    $ok = 0;
    foreach (json_decode($json, true) as $k => $v) {
        [$key, $value] = is_array($v) ? [$v['key'], $v['value']] : [(string) $k, $v];
        $ok += $e->cacheGet($key) === $value ? 1 : 0;
    }
    echo "$n stored, $ok exact, size {$e->cacheSize()}\n";
}
// hand-written escapes, whitespace everywhere
$json = " { \"a\\u0041\" : \"\\ud83d\\ude00\\u00e9\\/\\\"\" ,\n\t\"b\" : \"\" } \r\n";
var_dump($e->cacheSetBatch($json), $e->cacheGet('aA') === "\u{1f600}\u{e9}/\"", $e->cacheHas('b'), $e->cacheGet('b'));
// NUL in a map key is refused (jansson's rule); the array form takes such keys
try {
    $e->cacheSetBatch('{"a\\u0000b": "x"}');
} catch (ValueError $ex) {
    echo preg_replace('/ (near|at line) .*/', '', $ex->getMessage()), "\n";
}
var_dump($e->cacheSetBatch('[{"key": "a\\u0000b", "value": "x"}]'), $e->cacheGet("a\0b"));
?>
--EXPECT--
6 stored, 6 exact, size 6
6 stored, 6 exact, size 6
6 stored, 6 exact, size 6
6 stored, 6 exact, size 6
int(2)
bool(true)
bool(true)
string(0) ""
Lyger\Core\Engine::cacheSetBatch(): Argument #1 ($json) is not valid JSON: NUL byte in object key not supported
int(1)
string(1) "x"
