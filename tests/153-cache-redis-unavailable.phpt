--TEST--
Redis tier: with no Redis listening, writes report failure at once (cacheSet false; cacheSetBatch, cacheDelete, cacheClear and cacheSize throw), gets miss, nothing hangs, systemInfo shows the state and the errors
--SKIPIF--
<?php require __DIR__ . '/inc/redis.inc'; lyger_redis_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/redis.inc';
// a port that was free a moment ago: nothing listens there
$s = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) substr(strrchr(stream_socket_get_name($s, false), ':'), 1);
fclose($s);
$res = lyger_redis_php(<<<'PHP'
$t = microtime(true);
var_dump($e->cacheSet('k', 'v'), $e->cacheGet('k'), $e->cacheHas('k'));
foreach (['cacheSetBatch' => ['{"a":"1"}'], 'cacheDelete' => ['k'], 'cacheClear' => [], 'cacheSize' => []] as $m => $args) {
    try { $e->$m(...$args); echo "$m: no exception\n"; }
    catch (Lyger\Core\EngineException $x) { echo preg_replace('/:\d+ failed: .*/', ':PORT failed: ...', $x->getMessage()), "\n"; }
}
for ($i = 0; $i < 200; $i++) { $e->cacheSet("k$i", 'v'); $e->cacheGet("k$i"); }
$elapsed = microtime(true) - $t;
echo $elapsed < 5 ? "no hang\n" : "took $elapsed s\n";
$i = json_decode($e->systemInfo(), true)['cache']['redis'];
echo $i['state'], ' ', $i['errors'] >= 400 ? 'errors counted' : "errors={$i['errors']}", ' ', str_contains($i['last_error'], 'refused') || $i['last_error'] !== '' ? 'reason given' : 'no reason', "\n";
PHP, lyger_redis_ini('t153:', "redis://127.0.0.1:$port/0", ['lyger.cache_redis_timeout' => '50', 'lyger.cache_redis_connect_timeout' => '100']));
echo $res['out'], $res['err'];
?>
--EXPECT--
bool(false)
string(0) ""
bool(false)
cacheSetBatch(): Redis at 127.0.0.1:PORT failed: ...
cacheDelete(): Redis at 127.0.0.1:PORT failed: ...
cacheClear(): Redis at 127.0.0.1:PORT failed: ...
cacheSize(): Redis at 127.0.0.1:PORT failed: ...
no hang
unavailable errors counted reason given
