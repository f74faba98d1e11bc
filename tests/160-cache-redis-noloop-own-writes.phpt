--TEST--
Redis tier: this process's own sets and deletes are not echoed back to its listener (the tracking connection they go out on tracks with NOLOOP; the writer forgets its near-cache copy itself), its own batches read back at once without waiting for their end marker, while every write by another client is still heard: a copy held in the near cache is replaced within 50 ms; the tracking connection killed between writes: the next write still succeeds, the near cache is flushed and coherent again, and a later foreign write is still heard
--SKIPIF--
<?php require __DIR__ . '/inc/redis.inc'; lyger_redis_skipif(); require __DIR__ . '/inc/skip_native_only.inc'; ?>
--FILE--
<?php
require __DIR__ . '/inc/redis.inc';
$slow = in_array(getenv('LYGER_TEST_MODE'), ['valgrind', 'asan'], true);
$redis = lyger_redis_private();
$code = <<<'PHP'
$prefix = get_cfg_var('lyger.cache_redis_prefix');
[$host, $port, $bound] = [__HOST__, __PORT__, __BOUND__];
$r = new Redis();
$r->connect($host, $port, 5.0);
$info = fn () => json_decode($e->systemInfo(), true)['cache']['redis'];
$coherent = function () use ($e, $info): bool {
    $t = microtime(true);
    while ($info()['near_cache'] !== 'coherent' && microtime(true) - $t < 10) {
        $e->cacheGet('warm-up');
        usleep(1000);
    }
    return $info()['near_cache'] === 'coherent';
};
// gets until $want, for at most 5 s: ms taken, or -1
$until = function (string $key, string $want) use ($e): float {
    $t = microtime(true);
    do {
        if ($e->cacheGet($key) === $want) {
            return (microtime(true) - $t) * 1000;
        }
        usleep(100);
    } while (microtime(true) - $t < 5);
    return -1;
};
$within = fn (float $ms) => $ms < 0 ? 'never' : ($ms <= $bound ? 'within the bound' : sprintf('after %.1f ms', $ms));
echo 'coherent: ', $coherent() ? 'yes' : 'no', "\n";

// own writes: set, delete, batch; each read back at once from this process
$before = $info()['invalidations'];
$ok = 0;
for ($i = 0; $i < 200; $i++) {
    $ok += $e->cacheSet("own:$i", "a$i") && $e->cacheGet("own:$i") === "a$i" && $e->cacheGet("own:$i") === "a$i";
    $ok += $e->cacheSet("own:$i", "b$i") && $e->cacheGet("own:$i") === "b$i";
}
for ($i = 0; $i < 20; $i++) {
    $ok += $e->cacheDelete("own:$i") && $e->cacheGet("own:$i") === '';
}
echo "own writes read back: $ok of 420\n";
usleep(200000);
$e->cacheGet('drain');
echo 'own writes echoed to this listener: ', $info()['invalidations'] - $before, "\n";
// batches (Lua scripts, whose writes Redis 7.0 echoes despite NOLOOP): read back at
// once, and never waiting for their own end marker (this process notes their numbers
// itself; test 161)
$ok = 0;
for ($i = 0; $i < 20; $i++) {
    $ok += $e->cacheSetBatch(json_encode(['own:0' => "c$i", 'own:1' => "d$i"])) === 2 && $e->cacheGet('own:1') === "d$i" && $e->cacheGet('own:0') === "c$i";
}
echo "own batches read back: $ok of 20\n";
echo 'batch gets that waited or flushed: ', $info()['batch_waits'] + $info()['batch_flushes'], "\n";

// another client's writes are still heard, for a copy the near cache holds
$e->cacheSet('k', 'mine');
$e->cacheGet('k');
$e->cacheGet('k');
$before = $info()['invalidations'];
$r->set($prefix . 'k', 'theirs');
echo 'a foreign set replaces the near copy: ', $within($until('k', 'theirs')), "\n";
$e->cacheGet('own:30');
$r->del($prefix . 'own:30');
echo 'a foreign delete drops the near copy: ', $within($until('own:30', '')), "\n";
echo 'heard: ', $info()['invalidations'] - $before, "\n";

// the tracking connection (flags t) killed between two writes
$e->cacheSet('k', 'held');
$e->cacheGet('k');
$flushes = $info()['near_flushes'];
$killed = 0;
foreach ($r->client('list') as $c) {
    if (str_contains($c['flags'], 't')) {
        $killed += (int) $r->rawCommand('CLIENT', 'KILL', 'ID', $c['id']);
    }
}
echo "tracking connections killed: $killed\n";
echo 'the next write: ', var_export($e->cacheSet('k', 'after-kill'), true), ', read back: ', $e->cacheGet('k'), "\n";
$t = microtime(true);
while ($info()['near_flushes'] === $flushes && microtime(true) - $t < 5) {
    usleep(1000);
}
echo 'near cache flushed: ', $info()['near_flushes'] > $flushes ? 'yes' : 'no', ', coherent again: ', $coherent() ? 'yes' : 'no', "\n";
$e->cacheGet('k');
$r->set($prefix . 'k', 'theirs-again');
echo 'a foreign set after the reconnect: ', $within($until('k', 'theirs-again')), "\n";
echo 'own write after the reconnect: ', var_export($e->cacheSet('k', 'last'), true), ' ', $e->cacheGet('k'), "\n";
PHP;
$a = lyger_redis_addr($redis['dsn']);
$code = strtr($code, ['__HOST__' => var_export($a['host'], true), '__PORT__' => $a['port'], '__BOUND__' => $slow ? 3000 : 50]);
try {
    $res = lyger_redis_php($code, lyger_redis_ini(lyger_redis_prefix('160'), $redis['dsn']));
    echo $res['out'], $res['err'];
} finally {
    lyger_redis_private_stop($redis);
}
?>
--EXPECT--
coherent: yes
own writes read back: 420 of 420
own writes echoed to this listener: 0
own batches read back: 20 of 20
batch gets that waited or flushed: 0
a foreign set replaces the near copy: within the bound
a foreign delete drops the near copy: within the bound
heard: 2
tracking connections killed: 1
the next write: true, read back: after-kill
near cache flushed: yes, coherent again: yes
a foreign set after the reconnect: within the bound
own write after the reconnect: true last
