--TEST--
cache: a bad batch (invalid JSON, not array/object, bad items, too-large item) is a ValueError naming the position or item, and stores nothing
--INI--
lyger.cache_memory=1M
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
$e->cacheSet('before', 'kept');
$state = function () use ($e) {
    $c = json_decode($e->systemInfo(), true)['cache'];
    return "size={$e->cacheSize()} used={$c['memory_used']} before={$e->cacheGet('before')}";
};
$big = str_repeat('x', 1048576);
$cases = [
    'invalid JSON' => "[{\"key\": \"a\", \"value\": \"1\"},\n {\"key\": \"b\", \"value\": }]",
    'truncated' => '[{"key": "a", "value": "1"}',
    'invalid UTF-8' => "{\"a\": \"\xC3\x28\"}",
    'empty' => '',
    'string' => '"just a string"',
    'number' => '42',
    'null' => 'null',
    'item not object' => '[{"key": "a", "value": "1"}, ["b", "2"]]',
    'missing key' => '[{"key": "a", "value": "1"}, {"value": "2"}]',
    'non-string key' => '[{"key": "a", "value": "1"}, {"key": 7, "value": "2"}]',
    'empty key' => '[{"key": "a", "value": "1"}, {"key": "", "value": "2"}]',
    'empty map key' => '{"a": "1", "": "2"}',
    'missing value' => '[{"key": "a", "value": "1"}, {"key": "b"}]',
    'negative ttl' => '[{"key": "a", "value": "1", "ttl": -1}]',
    'float ttl' => '[{"key": "a", "value": "1", "ttl": 1.5}]',
    'string ttl' => '[{"key": "a", "value": "1", "ttl": "60"}]',
    'unknown member' => '[{"key": "a", "value": "1", "tll": 60}]',
    'too large' => json_encode(['a' => '1', 'b' => $big]),
];
foreach ($cases as $name => $json) {
    try {
        var_dump($e->cacheSetBatch($json));
    } catch (ValueError $ex) {
        echo "$name: ", $ex->getMessage(), "\n";
    }
    echo $state(), "\n";
}
var_dump($e->cacheHas('a'), $e->cacheHas('b'));
?>
--EXPECTF--
invalid JSON: Lyger\Core\Engine::cacheSetBatch(): Argument #1 ($json) is not valid JSON: %s
size=1 used=74 before=kept
truncated: Lyger\Core\Engine::cacheSetBatch(): Argument #1 ($json) is not valid JSON: %s
size=1 used=74 before=kept
invalid UTF-8: Lyger\Core\Engine::cacheSetBatch(): Argument #1 ($json) is not valid JSON: %s
size=1 used=74 before=kept
empty: Lyger\Core\Engine::cacheSetBatch(): Argument #1 ($json) is not valid JSON: %s
size=1 used=74 before=kept
string: Lyger\Core\Engine::cacheSetBatch(): Argument #1 ($json) must be a JSON array or object
size=1 used=74 before=kept
number: Lyger\Core\Engine::cacheSetBatch(): Argument #1 ($json) must be a JSON array or object
size=1 used=74 before=kept
null: Lyger\Core\Engine::cacheSetBatch(): Argument #1 ($json) must be a JSON array or object
size=1 used=74 before=kept
item not object: Lyger\Core\Engine::cacheSetBatch(): Argument #1 ($json) has an invalid item 1: must be an object
size=1 used=74 before=kept
missing key: Lyger\Core\Engine::cacheSetBatch(): Argument #1 ($json) has an invalid item 1: "key" is missing
size=1 used=74 before=kept
non-string key: Lyger\Core\Engine::cacheSetBatch(): Argument #1 ($json) has an invalid item 1: "key" must be a non-empty string
size=1 used=74 before=kept
empty key: Lyger\Core\Engine::cacheSetBatch(): Argument #1 ($json) has an invalid item 1: "key" must be a non-empty string
size=1 used=74 before=kept
empty map key: Lyger\Core\Engine::cacheSetBatch(): Argument #1 ($json) has an invalid item 1: "key" must be a non-empty string
size=1 used=74 before=kept
missing value: Lyger\Core\Engine::cacheSetBatch(): Argument #1 ($json) has an invalid item 1: "value" is missing
size=1 used=74 before=kept
negative ttl: Lyger\Core\Engine::cacheSetBatch(): Argument #1 ($json) has an invalid item 0: "ttl" must be an integer greater than or equal to 0
size=1 used=74 before=kept
float ttl: Lyger\Core\Engine::cacheSetBatch(): Argument #1 ($json) has an invalid item 0: "ttl" must be an integer greater than or equal to 0
size=1 used=74 before=kept
string ttl: Lyger\Core\Engine::cacheSetBatch(): Argument #1 ($json) has an invalid item 0: "ttl" must be an integer greater than or equal to 0
size=1 used=74 before=kept
unknown member: Lyger\Core\Engine::cacheSetBatch(): Argument #1 ($json) has an invalid item 0: unknown member "tll"
size=1 used=74 before=kept
too large: Lyger\Core\Engine::cacheSetBatch(): Argument #1 ($json) has an item 1 too large for the cache (1048641 bytes with overhead, memory limit 1048576)
size=1 used=74 before=kept
bool(false)
bool(false)
