--TEST--
cache: cacheSetBatch stores an array of {key, value, ttl?} items or an object map; non-string values as compact JSON
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
$items = [
    ['key' => 'str', 'value' => "plain \u{e9} / \"quoted\""],
    ['key' => "nul\0key", 'value' => "nul\0value", 'ttl' => 60],
    ['key' => 'obj', 'value' => ['name' => 'Zoë', 'path' => '/a/b', 'n' => [1, 2.5, 0.1, 3.0, 1e25, -0.0, null, true, false], 'empty' => new stdClass(), 'list' => []]],
    ['key' => 'int', 'value' => 42],
    ['key' => 'null', 'value' => null],
    ['key' => 'ctl', 'value' => ["tab\there\x01\x1f\u{2028}"]],
    ['key' => 'str', 'value' => 'later item wins'],
];
var_dump($e->cacheSetBatch(json_encode($items, JSON_PRESERVE_ZERO_FRACTION)));
foreach (['str', "nul\0key", 'obj', 'int', 'null', 'ctl'] as $k) {
    $v = $e->cacheGet($k);
    echo strlen($v), ' ', addcslashes($v, "\0..\37"), "\n";
}
var_dump($e->cacheSize());
// the object map form; a JSON duplicate key keeps the last value (as json_decode does)
var_dump($e->cacheSetBatch('{"m1": "one", "m2": {"x": [1, {}]}, "m1": "uno", "1": 1.5}'));
var_dump($e->cacheGet('m1'), $e->cacheGet('m2'), $e->cacheGet('1'), $e->cacheSize());
// empty batches store nothing
var_dump($e->cacheSetBatch('[]'), $e->cacheSetBatch('{}'), $e->cacheSetBatch(" [ ]\n"), $e->cacheSize());
// ttl is honoured like cacheSet's
var_dump($e->cacheSetBatch('[{"key": "t", "value": "x", "ttl": 0}, {"key": "u", "value": "y", "ttl": 1}]'));
sleep(2);
var_dump($e->cacheHas('t'), $e->cacheHas('u'));
?>
--EXPECT--
int(7)
15 later item wins
9 nul\000value
99 {"name":"Zoë","path":"/a/b","n":[1,2.5,0.1,3.0,1.0e+25,-0.0,null,true,false],"empty":{},"list":[]}
2 42
4 null
28 ["tab\there\u0001\u001f "]
int(6)
int(3)
string(3) "uno"
string(12) "{"x":[1,{}]}"
string(3) "1.5"
int(9)
int(0)
int(0)
int(0)
int(9)
int(2)
bool(true)
bool(false)
