--TEST--
cache: set/get/has/delete/clear/size behave as documented; a stored '' differs from a miss; bad arguments are ValueErrors
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
var_dump($e->cacheSize(), $e->cacheGet('missing'), $e->cacheHas('missing'), $e->cacheDelete('missing'));
var_dump($e->cacheSet('a', '1'), $e->cacheSet('b', ''), $e->cacheSet('c', '3', 60));
var_dump($e->cacheGet('a'), $e->cacheGet('b'), $e->cacheHas('b'), $e->cacheGet('c'), $e->cacheSize());
var_dump($e->cacheSet('a', 'replaced'), $e->cacheGet('a'), $e->cacheSize());
var_dump($e->cacheDelete('a'), $e->cacheDelete('a'), $e->cacheHas('a'), $e->cacheSize());
var_dump($e->cacheSet('123', 'numeric key'), $e->cacheGet('123'), $e->cacheHas('0123'));
var_dump($e->cacheClear(), $e->cacheSize(), $e->cacheGet('c'));
foreach ([
    fn () => $e->cacheSet('', 'v'),
    fn () => $e->cacheSet('k', 'v', -1),
    fn () => $e->cacheGet(''),
    fn () => $e->cacheHas(''),
    fn () => $e->cacheDelete(''),
] as $call) {
    try {
        $call();
        echo "no error\n";
    } catch (ValueError $ex) {
        echo $ex->getMessage(), "\n";
    }
}
var_dump($e->cacheSize());
?>
--EXPECT--
int(0)
string(0) ""
bool(false)
bool(false)
bool(true)
bool(true)
bool(true)
string(1) "1"
string(0) ""
bool(true)
string(1) "3"
int(3)
bool(true)
string(8) "replaced"
int(3)
bool(true)
bool(false)
bool(false)
int(2)
bool(true)
string(11) "numeric key"
bool(false)
NULL
int(0)
string(0) ""
Lyger\Core\Engine::cacheSet(): Argument #1 ($key) must not be empty
Lyger\Core\Engine::cacheSet(): Argument #3 ($ttl) must be greater than or equal to 0
Lyger\Core\Engine::cacheGet(): Argument #1 ($key) must not be empty
Lyger\Core\Engine::cacheHas(): Argument #1 ($key) must not be empty
Lyger\Core\Engine::cacheDelete(): Argument #1 ($key) must not be empty
int(0)
