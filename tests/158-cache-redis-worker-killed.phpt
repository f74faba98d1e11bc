--TEST--
Redis tier: workers killed at any time (SIGKILL, 6 rounds, on the reading host) do not break coherence: after each kill a change made on the other host is read by both workers of the reading host (the replacement included), and no worker ever reads a value older than one it has read
--SKIPIF--
<?php require __DIR__ . '/inc/redis.inc'; lyger_redis_skipif(); require __DIR__ . '/inc/skip_native_only.inc'; if (!function_exists('posix_kill')) die('skip posix_kill'); ?>
--FILE--
<?php
require __DIR__ . '/inc/redis.inc';
$slow = in_array(getenv('LYGER_TEST_MODE'), ['valgrind', 'asan'], true);
$bound = $slow ? 3000 : 50;
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
$prefix = lyger_redis_prefix('158');
$a = $b = null;
try {
    $a = lyger_server_start($router, ['workers' => 2], lyger_redis_ini($prefix));
    $b = lyger_server_start($router, ['workers' => 2], lyger_redis_ini($prefix));
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
    $results = [];
    for ($i = 1; $i <= 6; $i++) {
        // a worker of B, found by asking, killed between requests or during one
        $victim = (int) explode(' ', $request($b, '/get'), 2)[0];
        if ($i % 2) {
            posix_kill($victim, SIGKILL);
            $request($a, "/set/v$i");
        } else {
            $request($a, "/set/v$i");
            posix_kill($victim, SIGKILL);
        }
        // the replacement needs time to start: wait for both workers, then judge staleness
        $ms = $seenByBoth($b, "v$i");
        $results[] = $ms === -2.0 ? 'a stale read' : ($ms < 0 ? 'never seen by both workers' : 'seen by both workers');
        // both workers answer; a change now must arrive within the bound
        $request($a, "/set/w$i");
        $say("round $i, a change after the kill", $seenByBoth($b, "w$i"));
    }
    echo 'after each kill: ', json_encode(array_count_values($results)), "\n";
} finally {
    foreach ([&$a, &$b] as &$srv) {
        if ($srv) {
            lyger_server_stop($srv);
            $out = lyger_server_output($srv);
            $replaced = '/^Lyger server: worker \\d+ \\(pid \\d+\\) was killed by signal 9; starting a new one\n/m';
            echo 'workers replaced: ', preg_match_all($replaced, $out), "\n";
            echo preg_replace(['/^(Lyger server .* listening on .*|  to listen on all interfaces .*)\n/m', $replaced], '', $out);
            lyger_server_cleanup($srv);
        }
    }
}
?>
--EXPECT--
A: ok
B reads v0: yes
round 1, a change after the kill: seen by both workers within the bound
round 2, a change after the kill: seen by both workers within the bound
round 3, a change after the kill: seen by both workers within the bound
round 4, a change after the kill: seen by both workers within the bound
round 5, a change after the kill: seen by both workers within the bound
round 6, a change after the kill: seen by both workers within the bound
after each kill: {"seen by both workers":6}
workers replaced: 0
workers replaced: 6
