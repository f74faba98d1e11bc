--TEST--
Redis tier, own writes not echoed (NOLOOP): a write through one worker of host A is seen at once by both workers of A (their shared near cache forgets it synchronously: no stale read after the write returned) and within 50 ms by both workers of host B; the same for writes through B and by a foreign client; the tracking connections killed between two rounds, then the subscribed ones: the next write succeeds and coherence holds
--SKIPIF--
<?php require __DIR__ . '/inc/redis.inc'; lyger_redis_skipif(); require __DIR__ . '/inc/skip_native_only.inc'; ?>
--FILE--
<?php
require __DIR__ . '/inc/redis.inc';
$slow = in_array(getenv('LYGER_TEST_MODE'), ['valgrind', 'asan'], true);
$bound = $slow ? 3000 : 50;
$router = 'function (string $uri) {
    $e = Lyger\Core\Engine::getInstance();
    if (str_starts_with($uri, "/set/")) { return $e->cacheSet("k", substr($uri, 5)) ? "ok" : "failed"; }
    return getmypid() . " " . $e->cacheGet("k");
}';
$redis = lyger_redis_private();
$prefix = lyger_redis_prefix('159');
$ini = lyger_redis_ini($prefix, $redis['dsn']);
$r = lyger_redis_client($redis['dsn']);
$a = $b = null;
try {
    $a = lyger_server_start($router, ['workers' => 2], $ini);
    $b = lyger_server_start($router, ['workers' => 2], $ini);
    $get = function (array $srv): array {
        $res = lyger_request($srv, 'GET', '/get');
        return explode(' ', $res ? $res['body'] : '0 no response', 2) + [1 => ''];
    };
    // reads $srv until both workers answered $want: ms, -1 after 10 s, -2 on a stale read
    $seenByBoth = function (array $srv, string $want) use ($get): float {
        $t = microtime(true);
        $saw = [];
        do {
            [$pid, $value] = $get($srv);
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
    // $n reads of $srv right after a write through it returned: how many were not $want
    $staleAtOnce = function (array $srv, string $want, int $n = 20) use ($get): int {
        $stale = 0;
        for ($i = 0; $i < $n; $i++) {
            $stale += $get($srv)[1] !== $want;
        }
        return $stale;
    };
    $problems = [];
    $round = function (string $tag) use ($a, $b, $r, $prefix, $bound, $seenByBoth, $staleAtOnce, &$problems): void {
        // every worker of both hosts holds the value before each write
        foreach (['A' => [$a, $b], 'B' => [$b, $a]] as $from => [$writer, $other]) {
            $v = "$tag-$from";
            $res = lyger_request($writer, 'GET', "/set/$v");
            if (($res['body'] ?? '') !== 'ok') {
                $problems[] = "$tag: the write through $from failed";
            }
            if (($s = $staleAtOnce($writer, $v)) !== 0) {
                $problems[] = "$tag: $s stale reads on $from right after its own write";
            }
            $ms = $seenByBoth($other, $v);
            if ($ms < 0 || $ms > $bound) {
                $problems[] = sprintf('%s: the write through %s on the other host: %s', $tag, $from, $ms === -2.0 ? 'a stale read' : "$ms ms");
            }
            $seenByBoth($writer, $v);
        }
        $v = "$tag-foreign";
        $r->set($prefix . 'k', $v);
        foreach (['A' => $a, 'B' => $b] as $name => $srv) {
            $ms = $seenByBoth($srv, $v);
            if ($ms < 0 || $ms > $bound) {
                $problems[] = sprintf('%s: the foreign write on %s: %s', $tag, $name, $ms === -2.0 ? 'a stale read' : "$ms ms");
            }
        }
    };
    lyger_request($a, 'GET', '/set/v0');
    foreach ([$a, $b] as $srv) {
        $seenByBoth($srv, 'v0');
    }
    usleep($slow ? 2000000 : 300000); // every listener live
    for ($i = 1; $i <= 5; $i++) {
        $round("r$i");
    }
    echo 'five rounds: ', $problems ? implode('; ', $problems) : 'every write seen', "\n";
    // every tracking connection (both hosts) killed; the next writes go out at once
    $killed = 0;
    foreach ($r->client('list') as $c) {
        if (str_contains($c['flags'], 't')) {
            $killed += (int) $r->rawCommand('CLIENT', 'KILL', 'ID', $c['id']);
        }
    }
    echo 'tracking connections killed: ', $killed >= 2 ? 'at least two' : $killed, "\n";
    $problems = [];
    for ($i = 1; $i <= 5; $i++) {
        $round("k$i");
    }
    echo 'five rounds after the kill: ', $problems ? implode('; ', $problems) : 'every write seen', "\n";
    // now the subscribed connections (every listener's L)
    echo 'subscribed connections killed: ', $r->rawCommand('CLIENT', 'KILL', 'TYPE', 'pubsub') >= 4 ? 'at least four' : 'fewer', "\n";
    $problems = [];
    for ($i = 1; $i <= 3; $i++) {
        $round("p$i");
    }
    echo 'three rounds after that: ', $problems ? implode('; ', $problems) : 'every write seen', "\n";
} finally {
    foreach ([&$a, &$b] as &$srv) {
        if ($srv) {
            lyger_server_stop($srv);
            echo preg_replace('/^(Lyger server .* listening on .*|  to listen on all interfaces .*)\n/m', '', lyger_server_output($srv));
            lyger_server_cleanup($srv);
        }
    }
    lyger_redis_private_stop($redis);
}
?>
--EXPECT--
five rounds: every write seen
tracking connections killed: at least two
five rounds after the kill: every write seen
subscribed connections killed: at least four
three rounds after that: every write seen
