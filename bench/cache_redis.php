<?php
/*
 * The cache's Redis tier against its peers, side by side in one run (a throwaway
 * redis-server from scripts/redis.sh on loopback, stopped at the end):
 *   near hit    Engine::cacheGet answered by the near cache (lyger.cache_redis set)
 *       vs      the same get on the host's store without Redis (1k keys, random order)
 *   miss        Engine::cacheGet served from Redis (the near cache can keep nothing:
 *               lyger.cache_memory=1) vs ext/redis $redis->get() of the same keys
 *   set         Engine::cacheSet written through vs ext/redis $redis->set(), each in its
 *               own process, and again taking turns in one process (blocks of 500)
 *   batch       Engine::cacheSetBatch of 10 items (the JSON made beforehand) vs ext/redis
 *               pipeline(), multi(), 10 set(), exec() (one MULTI/EXEC round trip), taking turns in
 *               one process (blocks of 50 batches); no target: it shows what the batch
 *               script (the counter and marker that make batches atomic across hosts)
 *               costs beside a plain MULTI/EXEC
 *   latency     a cacheSet in one process tree, seen by cacheGet in another (its own
 *               segment: another "host"), p50 and p99 of 500 changes
 * Each implementation runs in its own php process; every figure is the best of
 * LYGER_BENCH_PASSES passes (default 3). A near-hit figure is the fastest of 15 blocks of
 * 100,000 gets in its process; near and local run seconds apart in each pass, and the
 * median of the passes' ratios is shown beside the ratio of the bests.
 *
 *   php bench/cache_redis.php
 */
declare(strict_types=1);

$root = dirname(__DIR__);
$value = str_repeat('v', 100);

/** Waits (at most 10 s) until this process's listener is live: the near cache answers. */
function lyger_bench_live(Lyger\Core\Engine $e): void
{
    $t = microtime(true);
    while (json_decode($e->systemInfo(), true)['cache']['redis']['near_cache'] !== 'coherent' && microtime(true) - $t < 10) {
        $e->cacheGet('warm-up');
        usleep(1000);
    }
}

if (($argv[1] ?? '') === '--worker') {
    $impl = $argv[2];
    $e = class_exists('Lyger\Core\Engine') ? Lyger\Core\Engine::getInstance() : null;
    $r = null;
    if (extension_loaded('redis') && ($u = getenv('LYGER_BENCH_REDIS'))) {
        $a = parse_url($u);
        $r = new Redis();
        $r->connect($a['host'], $a['port'], 5.0);
    }
    $prefix = (string) get_cfg_var('lyger.cache_redis_prefix');
    $n = 1000;
    mt_srand(42);
    $keys = [];
    for ($i = 0; $i < $n; $i++) {
        $keys[] = "key:$i";
    }
    if ($impl === 'reader') {
        // another host: reports how long each change took to be seen here
        lyger_bench_live($e);
        echo "ready\n";
        $seen = [];
        $last = $e->cacheGet('lat');
        $end = microtime(true) + 60;
        while (count($seen) < (int) $argv[3] && microtime(true) < $end) {
            $v = $e->cacheGet('lat');
            if ($v !== $last && $v !== '') {
                $seen[] = (hrtime(true) - (int) explode(':', $v)[1]) / 1e3; // us
                $last = $v;
            }
            usleep(50);
        }
        echo json_encode($seen), "\n";
        exit(0);
    }
    if ($impl === 'writer') {
        for ($i = 1; $i <= (int) $argv[3]; $i++) {
            $e->cacheSet('lat', "$i:" . hrtime(true));
            usleep(5000);
        }
        exit(0);
    }
    $out = [];
    if ($impl === 'near' || $impl === 'local') {
        foreach ($keys as $k) {
            $e->cacheSet($k, $value);
        }
        if ($impl === 'near') {
            lyger_bench_live($e);
        }
        foreach ($keys as $k) {
            $e->cacheGet($k); // the fill
        }
        shuffle($keys);
        $order = array_map(static fn () => $keys[mt_rand(0, $n - 1)], range(1, 100000));
        // the fastest of 15 blocks of 100,000 gets: a block is 3 ms, short enough that some
        // block runs while nothing else on the machine takes the core
        $best = INF;
        for ($block = 0; $block < 15; $block++) {
            $t = hrtime(true);
            foreach ($order as $k) { $e->cacheGet($k); }
            $best = min($best, (hrtime(true) - $t) / count($order));
        }
        $out['hit'] = $best;
        if ($impl === 'near' && $e->cacheGet($keys[0]) !== $value) {
            fwrite(STDERR, "near: wrong value\n");
        }
    } else {
        // the Redis round trips: 20,000 of each, the keys written by ext/redis
        foreach ($keys as $k) {
            $r->set($prefix . $k, $value);
        }
        shuffle($keys);
        $order = array_map(static fn () => $keys[mt_rand(0, $n - 1)], range(1, 20000));
        if ($impl === 'miss') {
            // lyger.cache_memory=1: the near cache can keep nothing, every get goes to Redis
            lyger_bench_live($e);
            $t = hrtime(true);
            foreach ($order as $k) { $e->cacheGet($k); }
            $out['miss'] = (hrtime(true) - $t) / count($order);
            if ($e->cacheGet($keys[0]) !== $value || json_decode($e->systemInfo(), true)['cache']['entries'] !== 0) {
                fwrite(STDERR, "miss: a near cache was used or a value is wrong\n");
            }
        } elseif ($impl === 'write') {
            lyger_bench_live($e);
            $t = hrtime(true);
            foreach ($order as $k) { $e->cacheSet($k, $value); }
            $out['set'] = (hrtime(true) - $t) / count($order);
            if ($r->get($prefix . $keys[0]) !== $value) {
                fwrite(STDERR, "write: a value is wrong\n");
            }
            // paired: the same sets in blocks of 500, cacheSet and $redis->set() taking
            // turns in this one process, so a busy machine slows both alike (the peer's
            // keys are outside the prefix: no invalidation for this listener)
            $tl = $tr = 0;
            foreach (array_chunk($order, 500) as $block) {
                $t = hrtime(true);
                foreach ($block as $k) { $e->cacheSet($k, $value); }
                $tl += hrtime(true) - $t;
                $t = hrtime(true);
                foreach ($block as $k) { $r->set("peer:$k", $value); }
                $tr += hrtime(true) - $t;
            }
            $out['paired_set'] = $tl / count($order);
            $out['paired_peer'] = $tr / count($order);
            // batches of 10, taking turns in blocks of 50
            $batches = array_chunk(array_slice($order, 0, 10000), 10);
            $json = array_map(static fn ($b) => json_encode(array_fill_keys($b, $value)), $batches);
            $tl = $tr = 0;
            foreach (array_chunk(array_keys($batches), 50) as $block) {
                $t = hrtime(true);
                foreach ($block as $i) { $e->cacheSetBatch($json[$i]); }
                $tl += hrtime(true) - $t;
                $t = hrtime(true);
                foreach ($block as $i) {
                    // pipelined: MULTI, the SETs and EXEC in one round trip (plain
                    // multi() waits for each QUEUED)
                    $r->pipeline();
                    $r->multi();
                    foreach ($batches[$i] as $k) { $r->set("peer:$k", $value); }
                    $r->exec();
                    $r->exec();
                }
                $tr += hrtime(true) - $t;
            }
            $out['paired_batch'] = $tl / count($batches);
            $out['paired_batch_peer'] = $tr / count($batches);
        } else {
            $t = hrtime(true);
            foreach ($order as $k) { $r->get($prefix . $k); }
            $out['miss'] = (hrtime(true) - $t) / count($order);
            $t = hrtime(true);
            foreach ($order as $k) { $r->set($prefix . $k, $value); }
            $out['set'] = (hrtime(true) - $t) / count($order);
        }
    }
    echo json_encode($out);
    exit(0);
}

$so = $root . '/modules/lyger.so';
if (!is_file($so)) {
    passthru('bash ' . escapeshellarg($root . '/scripts/build.sh'));
}
if (!extension_loaded('redis')) {
    fwrite(STDERR, "bench/cache_redis.php needs ext/redis (php8.2-redis) as the peer\n");
    exit(1);
}
$env = [];
foreach (explode("\n", (string) shell_exec('bash ' . escapeshellarg("$root/scripts/redis.sh") . ' start')) as $line) {
    if (preg_match("/^export (\\w+)='?([^'\\n]*)'?$/", $line, $m)) {
        $env[$m[1]] = $m[2];
    }
}
if (!isset($env['LYGER_TEST_REDIS'])) {
    fwrite(STDERR, "could not start a throwaway redis-server\n");
    exit(1);
}
register_shutdown_function(static function () use ($root, $env): void {
    shell_exec('bash ' . escapeshellarg("$root/scripts/redis.sh") . ' stop ' . escapeshellarg($env['LYGER_TEST_REDIS_DIR']));
});
putenv('LYGER_BENCH_REDIS=' . $env['LYGER_TEST_REDIS']);

$passes = (int) (getenv('LYGER_BENCH_PASSES') ?: 3);
$ext = '-d extension=' . escapeshellarg($so);
$tier = "-d lyger.cache_redis=" . escapeshellarg($env['LYGER_TEST_REDIS']) . ' -d lyger.cache_redis_prefix=bench:';
$runs = [
    'near' => "$ext $tier",
    'local' => $ext,
    'miss' => "$ext $tier -d lyger.cache_memory=1",
    'write' => "$ext $tier",
    'redis' => '',
];
$php = escapeshellarg(PHP_BINARY);
$self = escapeshellarg(__FILE__);
$base = "$php -d opcache.enable_cli=1 -d opcache.jit=off";
$r = [];
$hit_ratios = [];
for ($pass = 0; $pass < $passes; $pass++) {
    $pass_hit = [];
    foreach ($runs as $impl => $flags) {
        $figures = json_decode((string) shell_exec("timeout 300 $base $flags $self --worker $impl"), true) ?: [];
        if ($figures === []) {
            fwrite(STDERR, "$impl: no figures\n");
        }
        foreach ($figures as $op => $v) {
            $r[$impl][$op] = min($r[$impl][$op] ?? INF, $v);
        }
        $pass_hit[$impl] = $figures['hit'] ?? null;
    }
    if (($pass_hit['near'] ?? null) && ($pass_hit['local'] ?? null)) {
        $hit_ratios[] = $pass_hit['near'] / $pass_hit['local']; // the two ran seconds apart
    }
}
sort($hit_ratios);
$hit_median = $hit_ratios ? $hit_ratios[intdiv(count($hit_ratios), 2)] : null;

// host to host: the reader (its own process tree and segment) first, then the writer
$changes = 500;
$reader = proc_open("$base $ext $tier $self --worker reader $changes", [1 => ['pipe', 'w']], $pipes);
$ready = fgets($pipes[1]);
shell_exec("$base $ext $tier $self --worker writer $changes");
$lat = json_decode((string) stream_get_contents($pipes[1]), true) ?: [];
fclose($pipes[1]);
proc_close($reader);
sort($lat);
$pct = static fn (float $p): ?float => $lat ? $lat[min(count($lat) - 1, (int) floor($p * count($lat)))] : null;

$f = static fn ($v): string => $v === null ? 'n/a' : sprintf('%.1f', $v);
printf("ns per operation, 100-byte values, 1k keys in random order, Redis on loopback (best of %d passes; opcache on, JIT off)\n", $passes);
printf("%-34s %10s %10s\n", 'operation', 'lyger', 'peer');
printf("%-34s %10s %10s\n", 'get, near-cache hit / local store', $f($r['near']['hit'] ?? null), $f($r['local']['hit'] ?? null));
printf("%-34s %10s %10s\n", 'get from Redis / $redis->get()', $f($r['miss']['miss'] ?? null), $f($r['redis']['miss'] ?? null));
printf("%-34s %10s %10s\n", 'cacheSet / $redis->set()', $f($r['write']['set'] ?? null), $f($r['redis']['set'] ?? null));
printf("%-34s %10s %10s\n", '  the same, taking turns in 1 process', $f($r['write']['paired_set'] ?? null), $f($r['write']['paired_peer'] ?? null));
printf("%-34s %10s %10s\n", 'batch of 10 / pipelined MULTI/EXEC', $f($r['write']['paired_batch'] ?? null), $f($r['write']['paired_batch_peer'] ?? null));
printf("\ninvalidation host to host (%d of %d changes seen), us: p50 %s, p99 %s, max %s\n", count($lat), $changes,
    $f($pct(0.5)), $f($pct(0.99)), $f($lat ? end($lat) : null));

$ratio = static fn (?float $a, ?float $b): ?float => $a !== null && $b ? $a / $b : null;
$rows = [
    ['near-cache hit / local store (time)', $ratio($r['near']['hit'] ?? null, $r['local']['hit'] ?? null), 1.1],
    ['  the same, median of the passes\' ratios', $hit_median, 1.1],
    ['miss from Redis / $redis->get() (time)', $ratio($r['miss']['miss'] ?? null, $r['redis']['miss'] ?? null), 1.2],
    ['write-through / $redis->set() (time)', $ratio($r['write']['set'] ?? null, $r['redis']['set'] ?? null), 1.0],
    ['  the same, taking turns (time)', $ratio($r['write']['paired_set'] ?? null, $r['write']['paired_peer'] ?? null), 1.0],
];
printf("\n%-42s %8s %8s  %s\n", 'ratio', 'measured', 'target', 'result');
foreach ($rows as [$label, $v, $target]) {
    printf("%-42s %8s %8s  %s\n", $label, $v === null ? 'n/a' : sprintf('%.2fx', $v), "<= {$target}x",
        $v === null ? 'not measured' : ($v <= $target ? 'met' : 'MISSED'));
}
$v = $ratio($r['write']['paired_batch'] ?? null, $r['write']['paired_batch_peer'] ?? null);
printf("%-42s %8s %8s  %s\n", 'batch of 10 / MULTI/EXEC, turns (time)', $v === null ? 'n/a' : sprintf('%.2fx', $v), '-', 'no target');
$p99 = $pct(0.99);
printf("%-42s %8s %8s  %s\n", 'invalidation p99, ms', $p99 === null ? 'n/a' : sprintf('%.2f', $p99 / 1000), '<= 50',
    $p99 === null ? 'not measured' : ($p99 <= 50000 ? 'met' : 'MISSED'));
