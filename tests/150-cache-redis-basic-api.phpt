--TEST--
Redis tier: set/get/has/delete/clear/size/ttl write through to Redis under the prefix, values binary-safe, in both modes
--SKIPIF--
<?php require __DIR__ . '/inc/redis.inc'; lyger_redis_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/redis.inc';
$prefix = lyger_redis_prefix('150');
$r = lyger_redis_client();
$r->set($prefix . 'pre', 'from redis');
$res = lyger_redis_php(<<<'PHP'
var_dump($e->cacheGet('pre'));
var_dump($e->cacheSet('a', "one\0two"));
var_dump($e->cacheGet('a') === "one\0two", $e->cacheGet('a') === "one\0two");
var_dump($e->cacheHas('a'), $e->cacheHas('missing'), $e->cacheGet('missing'));
var_dump($e->cacheSet('t', 'ttl', 100));
var_dump($e->cacheSize());
var_dump($e->cacheDelete('a'), $e->cacheDelete('a'), $e->cacheGet('a'));
try { $e->cacheSet('', 'x'); } catch (ValueError $x) { echo $x->getMessage(), "\n"; }
try { $e->cacheSet('k', 'x', -1); } catch (ValueError $x) { echo $x->getMessage(), "\n"; }
$info = json_decode($e->systemInfo(), true)['cache']['redis'];
echo $info['state'], ' ', $info['prefix'] === ini_get('lyger.cache_redis_prefix') || $info['prefix'] === get_cfg_var('lyger.cache_redis_prefix') ? 'prefix ok' : 'prefix?', ' errors=', $info['errors'], "\n";
PHP, lyger_redis_ini($prefix));
echo $res['out'], $res['err'];
var_dump($r->get($prefix . 't'), $r->ttl($prefix . 't') > 90, $r->exists($prefix . 'a'));
$res = lyger_redis_php('$e->cacheClear(); var_dump($e->cacheSize(), $e->cacheGet("t"));', lyger_redis_ini($prefix));
echo $res['out'], $res['err'];
var_dump($r->keys($prefix . '*'));
?>
--EXPECT--
string(10) "from redis"
bool(true)
bool(true)
bool(true)
bool(true)
bool(false)
string(0) ""
bool(true)
int(3)
bool(true)
bool(false)
string(0) ""
Lyger\Core\Engine::cacheSet(): Argument #1 ($key) must not be empty
Lyger\Core\Engine::cacheSet(): Argument #3 ($ttl) must be greater than or equal to 0
connected prefix ok errors=0
string(3) "ttl"
bool(true)
int(0)
int(0)
string(0) ""
array(0) {
}
