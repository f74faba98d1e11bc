--TEST--
Redis tier: an invalidation connection that goes silent without closing (Redis paused: no answer, no reset) is noticed within about a second (a PING after 500 ms of quiet, unanswered): the near cache goes off, and comes back coherent once Redis answers again
--SKIPIF--
<?php require __DIR__ . '/inc/redis.inc'; lyger_redis_skipif(); require __DIR__ . '/inc/skip_native_only.inc'; ?>
--FILE--
<?php
require __DIR__ . '/inc/redis.inc';
$slow = in_array(getenv('LYGER_TEST_MODE'), ['valgrind', 'asan'], true);
// a private server: pausing the shared one would stall the tests beside this one
$redis = lyger_redis_private();
$code = <<<'PHP'
[$port, $bound, $pause] = [__PORT__, __BOUND__, __PAUSE__];
$near = fn () => json_decode($e->systemInfo(), true)['cache']['redis'];
$e->cacheSet('k', 'v');
$t = microtime(true);
while ($near()['near_cache'] !== 'coherent' && microtime(true) - $t < 10) {
    $e->cacheGet('k');
    usleep(1000);
}
echo 'before: ', $near()['near_cache'], ', ', $e->cacheGet('k'), $e->cacheGet('k'), "\n";
$r = new Redis();
$r->connect('127.0.0.1', $port, 5.0);
$r->rawCommand('CLIENT', 'PAUSE', (string) $pause, 'ALL');
$t = microtime(true);
while ($near()['near_cache'] === 'coherent' && microtime(true) - $t < 10) {
    usleep(10000);
}
$ms = (microtime(true) - $t) * 1000;
$info = $near();
echo 'silence noticed: ', $ms <= $bound ? 'within the bound' : sprintf('after %.0f ms', $ms), ', ', $info['near_cache'], "\n";
echo 'reason: ', $info['last_error'], "\n";
$t = microtime(true);
while ($near()['near_cache'] !== 'coherent' && microtime(true) - $t < 20) {
    $e->cacheGet('k');
    usleep(10000);
}
echo 'after the pause: ', $near()['near_cache'], ', ', $e->cacheGet('k'), "\n";
PHP;
$code = strtr($code, ['__PORT__' => $redis['port'], '__BOUND__' => $slow ? 8000 : 1500, '__PAUSE__' => $slow ? 12000 : 3000]);
try {
    $res = lyger_redis_php($code, lyger_redis_ini(lyger_redis_prefix('156'), $redis['dsn']));
    echo $res['out'], $res['err'];
} finally {
    lyger_redis_private_stop($redis);
}
?>
--EXPECT--
before: coherent, vv
silence noticed: within the bound, off (deaf: gets go to Redis)
reason: invalidation connection silent (no answer to PING)
after the pause: coherent, v
