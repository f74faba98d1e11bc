--TEST--
Redis tier: two hosts (two independent server process trees, each its own shared segment, workers => 2, one Redis): a set or a delete through one is seen by both workers of the other within 50 ms; Redis stopped mid-run: no request hangs, the state says so, no worker serves its near copy; started again (empty): no stale read after, and changes flow again
--SKIPIF--
<?php require __DIR__ . '/inc/redis.inc'; lyger_redis_skipif(); require __DIR__ . '/inc/skip_native_only.inc'; ?>
--FILE--
<?php
require __DIR__ . '/inc/redis.inc';
$slow = in_array(getenv('LYGER_TEST_MODE'), ['valgrind', 'asan'], true);
$bound = $slow ? 3000 : 50;      // ms: a change seen by both workers of the other host
$hang = $slow ? 20 : 1;          // s: the longest a request may take while Redis is gone
$router = 'function (string $uri) {
    $e = Lyger\Core\Engine::getInstance();
    if (str_starts_with($uri, "/set/")) { return $e->cacheSet("k", substr($uri, 5)) ? "ok" : "failed"; }
    if ($uri === "/delete") {
        try { return $e->cacheDelete("k") ? "deleted" : "missing"; } catch (Lyger\Core\EngineException $x) { return "error"; }
    }
    if ($uri === "/state") {
        $e->cacheGet("k"); // this worker tries Redis (and applies what its listener heard)
        $r = json_decode($e->systemInfo(), true)["cache"]["redis"];
        return $r["state"] . ", near cache " . $r["near_cache"];
    }
    return getmypid() . " " . $e->cacheGet("k");
}';
$redis = lyger_redis_private();
$ini = lyger_redis_ini(lyger_redis_prefix('155'), $redis['dsn']);
$a = $b = null;
try {
    $a = lyger_server_start($router, ['workers' => 2], $ini);
    $b = lyger_server_start($router, ['workers' => 2], $ini);
    $slowest = 0.0;
    $request = function (array $srv, string $uri) use (&$slowest): string {
        $t = microtime(true);
        $r = lyger_request($srv, 'GET', $uri);
        $slowest = max($slowest, microtime(true) - $t);
        return $r ? $r['body'] : 'no response';
    };
    // reads from $srv until both of its workers answered $want; ms taken, or -1 after 10 s.
    // A worker that answered $want and then anything else is a stale read.
    $seenByBoth = function (array $srv, string $want) use ($request): float {
        $t = microtime(true);
        $saw = [];
        do {
            [$pid, $value] = explode(' ', $request($srv, '/get'), 2) + [1 => ''];
            if ($value === $want) {
                $saw[$pid] = true;
            } elseif (isset($saw[$pid])) {
                return -2;
            }
            if (count($saw) === 2) {
                return (microtime(true) - $t) * 1000;
            }
        } while (microtime(true) - $t < 10);
        return -1;
    };
    // asks $srv until it answers $want from both workers (at most 10 s): what it answered last
    $state = function (array $srv, string $want) use ($request): string {
        $t = microtime(true);
        $seen = [];
        do {
            $r = $request($srv, '/state');
            $seen[$r === $want ? 'want' : 'other'][] = $r;
        } while ((count($seen['want'] ?? []) < 4 || $r !== $want) && microtime(true) - $t < 10);
        return $r;
    };
    $say = function (string $what, float $ms) use ($bound): void {
        echo $what, ': ', match (true) {
            $ms === -2.0 => 'a stale read',
            $ms < 0 => 'never seen by both workers',
            $ms <= $bound => 'seen by both workers within the bound',
            default => sprintf('seen after %.1f ms', $ms),
        }, "\n";
    };

    echo 'A: ', $request($a, '/set/v0'), "\n";
    echo 'B reads v0: ', $seenByBoth($b, 'v0') >= 0 ? 'yes' : 'no', "\n";
    // both workers of B now hold v0 (near cache, request-local copies); the listeners are live
    $ms = [];
    for ($i = 1; $i <= 10; $i++) {
        $request($i % 2 ? $a : $b, "/set/v$i");
        $ms[] = $seenByBoth($i % 2 ? $b : $a, "v$i");
    }
    sort($ms);
    $say('10 sets, each through one host, read on the other', $ms[0] < 0 ? $ms[0] : $ms[9]);
    echo 'A: ', $request($a, '/delete'), "\n";
    $say('B reads the delete', $seenByBoth($b, ''));
    echo 'B: ', $request($b, '/set/before'), "\n";
    $say('A reads "before"', $seenByBoth($a, 'before'));

    // Redis goes away
    $slowest = 0.0;
    lyger_redis_private_cmd($redis, 'server-stop');
    echo 'A while Redis is gone: ', $request($a, '/set/lost'), ', ', $request($a, '/delete'), "\n";
    $t = microtime(true);
    do {
        $values = [];
        for ($i = 0; $i < 20; $i++) {
            $values[] = explode(' ', $request($a, '/get'), 2)[1] ?? '?';
        }
    } while (array_unique($values) !== [''] && microtime(true) - $t < 10);
    echo 'A reads while Redis is gone: ', json_encode(array_values(array_unique($values))), "\n";
    echo 'A state: ', $state($a, 'unavailable, near cache off (deaf: gets go to Redis)'), "\n";
    echo 'no request hung: ', $slowest < $hang ? 'yes' : sprintf('no, %.2f s', $slowest), "\n";

    // back, and empty (no persistence): "before" is gone everywhere
    lyger_redis_private_cmd($redis, 'server-start');
    $t = microtime(true);
    $stale = 0;
    while (microtime(true) - $t < 2) {
        foreach ([$a, $b] as $srv) {
            $stale += str_ends_with($request($srv, '/get'), ' before');
        }
    }
    echo 'stale reads after Redis came back: ', $stale, "\n";
    $t = microtime(true);
    while (($r = $request($b, '/set/after')) !== 'ok' && microtime(true) - $t < 10) {
        usleep(20000);
    }
    echo 'B: ', $r, "\n";
    $say('A reads "after"', $seenByBoth($a, 'after'));
    $request($a, '/set/again');
    $say('B reads "again"', $seenByBoth($b, 'again'));
    echo 'B state: ', $state($b, 'connected, near cache coherent'), "\n";
} finally {
    foreach ([&$a, &$b] as &$srv) {
        if ($srv) {
            lyger_server_stop($srv);
            // anything beside the start banner (a warning, a crash) shows in the diff
            echo preg_replace('/^(Lyger server .* listening on .*|  to listen on all interfaces .*)\n/m', '', lyger_server_output($srv));
            lyger_server_cleanup($srv);
        }
    }
    lyger_redis_private_stop($redis);
}
?>
--EXPECT--
A: ok
B reads v0: yes
10 sets, each through one host, read on the other: seen by both workers within the bound
A: deleted
B reads the delete: seen by both workers within the bound
B: ok
A reads "before": seen by both workers within the bound
A while Redis is gone: failed, error
A reads while Redis is gone: [""]
A state: unavailable, near cache off (deaf: gets go to Redis)
no request hung: yes
stale reads after Redis came back: 0
B: ok
A reads "after": seen by both workers within the bound
B reads "again": seen by both workers within the bound
B state: connected, near cache coherent
