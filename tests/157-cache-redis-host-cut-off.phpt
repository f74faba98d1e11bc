--TEST--
Redis tier: two hosts (two server process trees, workers => 2, one Redis); host B alone is cut off from Redis (through a forwarder that is stopped) while host A writes: B serves no copy it held (its gets miss), reports the state, and once let back sees A's last write and never an older one; changes then flow within 50 ms again
--SKIPIF--
<?php require __DIR__ . '/inc/redis.inc'; lyger_redis_skipif(); require __DIR__ . '/inc/skip_native_only.inc'; ?>
--FILE--
<?php
require __DIR__ . '/inc/redis.inc';
$slow = in_array(getenv('LYGER_TEST_MODE'), ['valgrind', 'asan'], true);
$bound = $slow ? 3000 : 50;      // ms: a change seen by both workers of the other host
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
$redisPort = lyger_redis_addr()['port'];
$prefix = lyger_redis_prefix('157');
$proxy = lyger_redis_proxy_start($redisPort);
$a = $b = null;
try {
    $a = lyger_server_start($router, ['workers' => 2], lyger_redis_ini($prefix));
    $b = lyger_server_start($router, ['workers' => 2], lyger_redis_ini($prefix, "redis://127.0.0.1:{$proxy['port']}/0"));
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
    echo 'B state: ', $state($b, 'connected, near cache coherent'), "\n";

    // B is cut off; A writes twice meanwhile
    lyger_redis_proxy_stop($proxy);
    echo 'B state while cut off: ', $state($b, 'unavailable, near cache off (deaf: gets go to Redis)'), "\n";
    echo 'A: ', $request($a, '/set/v1'), ', ', $request($a, '/set/v2'), "\n";
    $values = [];
    for ($i = 0; $i < 40; $i++) {
        $values[] = explode(' ', $request($b, '/get'), 2)[1] ?? '?';
    }
    echo 'B reads while cut off: ', json_encode(array_values(array_unique($values))), "\n";

    // let back on the same port: the last write, never an older value
    $proxy = lyger_redis_proxy_start($redisPort, $proxy['port']);
    $t = microtime(true);
    $saw = $older = [];
    while (count($saw) < 2 && microtime(true) - $t < 10) {
        [$pid, $value] = explode(' ', $request($b, '/get'), 2) + [1 => '?'];
        if ($value === 'v2') {
            $saw[$pid] = true;
        } elseif ($value !== '') {
            $older[] = $value; // v0 or v1: a value overwritten while B was cut off
        }
    }
    echo 'B once back: v2 read by ', count($saw), ' workers, older values read: ', json_encode($older), "\n";
    echo 'B state: ', $state($b, 'connected, near cache coherent'), "\n";
    $request($a, '/set/v3');
    $say('B reads v3', $seenByBoth($b, 'v3'));
    $request($b, '/set/v4');
    $say('A reads v4', $seenByBoth($a, 'v4'));
} finally {
    foreach ([&$a, &$b] as &$srv) {
        if ($srv) {
            lyger_server_stop($srv);
            echo preg_replace('/^(Lyger server .* listening on .*|  to listen on all interfaces .*)\n/m', '', lyger_server_output($srv));
            lyger_server_cleanup($srv);
        }
    }
    lyger_redis_proxy_stop($proxy);
}
?>
--EXPECT--
A: ok
B reads v0: yes
B state: connected, near cache coherent
B state while cut off: unavailable, near cache off (deaf: gets go to Redis)
A: ok, ok
B reads while cut off: [""]
B once back: v2 read by 2 workers, older values read: []
B state: connected, near cache coherent
B reads v3: seen by both workers within the bound
A reads v4: seen by both workers within the bound
