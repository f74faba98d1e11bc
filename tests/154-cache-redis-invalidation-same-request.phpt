--TEST--
Redis tier: a value the near cache and the request-local copy hold is not served after another client changes or deletes it in Redis (same prefix): the next gets of the same request see the change within 50 ms, also after the invalidation connection is killed (flush on reconnect), on the shared and the per-process store
--SKIPIF--
<?php require __DIR__ . '/inc/redis.inc'; lyger_redis_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/redis.inc';
$slow = in_array(getenv('LYGER_TEST_MODE'), ['valgrind', 'asan'], true);
$code = <<<'PHP'
$prefix = ini_get('lyger.cache_redis_prefix') ?: get_cfg_var('lyger.cache_redis_prefix');
[$host, $port, $bound] = [__HOST__, __PORT__, __BOUND__];
$r = new Redis();
$r->connect($host, $port, 5.0);
$key = 'k';
$e->cacheSet($key, 'v0');
// the listener goes live on first use (until then gets go to Redis); the fallback has none.
// Waits (at most 10 s) until it is coherent on a connection made after $past reconnects.
$native = extension_loaded('lyger');
$reconnects = function () use ($e): int {
    return json_decode($e->systemInfo(), true)['cache']['redis']['reconnects'];
};
$live = function (int $past = -1) use ($e, $key, $native, $reconnects): void {
    $t = microtime(true);
    while ($native && (json_decode($e->systemInfo(), true)['cache']['redis']['near_cache'] !== 'coherent' || $reconnects() <= $past)
           && microtime(true) - $t < 10) {
        $e->cacheGet($key);
        usleep(1000);
    }
};
$live();
// gets until $want, for at most 5 s: the milliseconds it took, or -1
$until = function (string $want) use ($e, $key): float {
    $t = microtime(true);
    do {
        if ($e->cacheGet($key) === $want) {
            return (microtime(true) - $t) * 1000;
        }
        usleep(100);
    } while (microtime(true) - $t < 5);
    return -1;
};
// three gets: the fill from Redis, a near-cache hit kept as the request-local copy, the copy
$hold = function (string $want) use ($e, $key): bool {
    return $e->cacheGet($key) === $want && $e->cacheGet($key) === $want && $e->cacheGet($key) === $want;
};
$report = function (string $what, float $ms) use ($bound): void {
    echo $what, ': ', $ms < 0 ? 'never seen' : ($ms <= $bound ? 'seen within the bound' : sprintf('seen after %.1f ms', $ms)), "\n";
};
$hits = json_decode($e->systemInfo(), true)['cache']['hits'];
$held = $hold('v0');
for ($i = 1; $i <= 5; $i++) {
    $r->set($prefix . $key, "v$i");
    $ms[] = $until("v$i");
    $held = $hold("v$i") && $held;
}
$report('5 changes by another client', max($ms));
$r->del($prefix . $key);
$report('a delete by another client', $until(''));
$r->set($prefix . $key, 'before kill');
$report('set again', $until('before kill'));
$held = $hold('before kill') && $held;
// the invalidation connection dies: what changes then is never announced; the near
// cache is flushed and left alone until the listener is back
$before = $reconnects();
$r->rawCommand('CLIENT', 'KILL', 'TYPE', 'pubsub');
$r->set($prefix . $key, 'while deaf');
$report('a change after the listener was killed', $until('while deaf'));
// the change can be read from Redis before the listener has noticed its connection died
// (a get the near cache does not answer goes there): "coherent" alone may still be the
// old connection's, so wait for a new one
$live($before);
$held = $hold('while deaf') && $held;
$r->set($prefix . $key, 'after reconnect');
$report('a change after the reconnect', $until('after reconnect'));
$info = json_decode($e->systemInfo(), true)['cache'];
// (the fallback keeps no near cache: nothing to check there)
echo 'near cache used and reconnected: ', !$native || ($held && $info['hits'] > $hits && $info['redis']['reconnects'] > $before) ? 'yes' : 'no', "\n";
PHP;
// a server of its own: killing every subscribed connection must not reach the
// listeners of the tests running beside it, nor theirs this one's
$redis = lyger_redis_private();
try {
    $a = lyger_redis_addr($redis['dsn']);
    $code = strtr($code, ['__HOST__' => var_export($a['host'], true), '__PORT__' => $a['port'], '__BOUND__' => $slow ? 2000 : 50]);
    foreach (['1', '0'] as $shared) {
        echo "lyger.cache_shared=$shared\n";
        $prefix = lyger_redis_prefix("154-$shared");
        $res = lyger_redis_php($code, lyger_redis_ini($prefix, $redis['dsn'], ['lyger.cache_shared' => $shared]));
        echo $res['out'], $res['err'];
    }
} finally {
    lyger_redis_private_stop($redis);
}
?>
--EXPECT--
lyger.cache_shared=1
5 changes by another client: seen within the bound
a delete by another client: seen within the bound
set again: seen within the bound
a change after the listener was killed: seen within the bound
a change after the reconnect: seen within the bound
near cache used and reconnected: yes
lyger.cache_shared=0
5 changes by another client: seen within the bound
a delete by another client: seen within the bound
set again: seen within the bound
a change after the listener was killed: seen within the bound
a change after the reconnect: seen within the bound
near cache used and reconnected: yes
