--TEST--
Redis tier, batches atomic across hosts: host A writes batches {k1..k10 => n} in a loop; both workers of host B read k10 (never held by the near cache: its ttl is under two seconds) then k9..k1 (held by B's warm near cache), over and over: no read returns a value older than one read before it on the same host (so never "k10 new, then k1 old", and once any key of batch n was read, no later read on the host returns a value older than n)
--SKIPIF--
<?php require __DIR__ . '/inc/redis.inc'; lyger_redis_skipif(); require __DIR__ . '/inc/skip_native_only.inc'; ?>
--FILE--
<?php
require __DIR__ . '/inc/redis.inc';
$slow = in_array(getenv('LYGER_TEST_MODE'), ['valgrind', 'asan'], true);
$seconds = $slow ? 12 : 4;       // of reading while A writes
// B: each request reads k10, k9, ..., k1 in rounds for ~25 ms. $high is the highest batch
// this worker ever read: a read below it is a part of a batch seen after the whole.
$router = 'function (string $uri) {
    static $high = 0, $waitsBefore = 0, $flushesBefore = 0;
    $e = Lyger\Core\Engine::getInstance();
    $min = PHP_INT_MAX; $max = 0; $older = 0; $rounds = 0; $absent = 0; $example = "";
    $t = microtime(true);
    do {
        $first = null;
        for ($i = 10; $i >= 1; $i--) {
            $v = $e->cacheGet("k$i");
            if ($v === "") { $absent++; continue; }
            $n = (int) $v;
            $first ??= $n;
            if ($n < $high) {
                $older++;
                $example = $example ?: "k$i read $n after $high had been read (this round began with $first)";
            }
            $high = max($high, $n);
            $min = min($min, $n);
            $max = max($max, $n);
        }
        $rounds++;
    } while (microtime(true) - $t < 0.025);
    $info = json_decode($e->systemInfo(), true)["cache"]["redis"];
    $out = json_encode(["min" => $min, "max" => $max, "older" => $older, "rounds" => $rounds, "absent" => $absent, "example" => $example,
        "waits" => ($info["batch_waits"] ?? 0) - $waitsBefore, "flushes" => ($info["batch_flushes"] ?? 0) - $flushesBefore]);
    [$waitsBefore, $flushesBefore] = [$info["batch_waits"] ?? 0, $info["batch_flushes"] ?? 0];
    return $out;
}';
$redis = lyger_redis_private();
$prefix = lyger_redis_prefix('161');
$ini = lyger_redis_ini($prefix, $redis['dsn']);
$r = lyger_redis_client($redis['dsn']);
$b = $writer = null;
$dir = sys_get_temp_dir() . '/lyger-161-' . getmypid();
@mkdir($dir);
try {
    $b = lyger_server_start($router, ['workers' => 2], $ini);
    // A: one process of its own (its own store, its own listener), batch after batch,
    // with a short pause so that B's near cache is warm with one batch when the next lands
    $code = <<<'PHP'
<?php
$e = Lyger\Core\Engine::getInstance();
[$stop, $n] = [$argv[1], (int) $argv[2]];
while (!is_file($stop)) {
    $n++;
    $items = [];
    for ($i = 1; $i <= 10; $i++) {
        $items[] = ['key' => "k$i", 'value' => (string) $n, 'ttl' => $i === 10 ? 1 : 0];
    }
    if ($e->cacheSetBatch(json_encode($items)) !== 10) {
        fwrite(STDERR, "batch $n failed\n");
    }
    usleep(300 + $n % 7 * 200);
}
echo $n - (int) $argv[2], "\n";
PHP;
    file_put_contents("$dir/writer.php", $code);
    // A's command line: the extension's, or the fallback's (the same php without it)
    $cmdA = function (bool $fallback, int $from) use ($ini, $dir): array {
        $cmd = lyger_php_cmd($ini);
        if ($fallback) {
            $at = array_search(true, array_map(fn ($a) => str_ends_with($a, '/lyger.so'), $cmd), true);
            array_splice($cmd, $at - 1, 2);
        }
        return array_merge($cmd, ["$dir/writer.php", "$dir/stop", (string) $from]);
    };
    // both workers of B at once, pair after pair; a pair's reads must not be older than
    // any read of a pair that ended before it was sent (the host's later reads)
    $send = function () use ($b) {
        $s = lyger_connect($b, 30);
        fwrite($s, "GET /read HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        return $s;
    };
    $phase = function (bool $fallback) use ($cmdA, $send, $r, $prefix, $dir, $seconds, &$writer): void {
        @unlink("$dir/stop");
        $startN = (int) $r->get($prefix . 'k1');
        $writer = proc_open($cmdA($fallback, $startN), [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, lyger_child_env(getenv()));
        $t = microtime(true);
        while ((int) $r->get($prefix . 'k1') <= $startN && microtime(true) - $t < 30) {
            usleep(10000);
        }
        $highDone = 0;
        $older = $rounds = $absent = 0;
        $examples = [];
        $first = PHP_INT_MAX;
        $last = 0;
        $waits = $flushes = 0;
        $t = microtime(true);
        while (microtime(true) - $t < $seconds) {
            $socks = [$send(), $send()];
            $highPair = 0;
            foreach ($socks as $s) {
                $res = lyger_read_response($s);
                fclose($s);
                $j = $res ? json_decode($res['body'], true) : null;
                if (!is_array($j)) {
                    $examples[] = 'a request failed: ' . ($res['body'] ?? 'no response');
                    continue;
                }
                $rounds += $j['rounds'];
                $absent += $j['absent'];
                $older += $j['older'];
                $waits += $j['waits'];
                $flushes += $j['flushes'];
                if ($j['example'] !== '') {
                    $examples[] = $j['example'];
                }
                if ($j['rounds'] && $j['min'] < $highDone) {
                    $older++;
                    $examples[] = "a request read {$j['min']} after a request that had ended read $highDone";
                }
                $highPair = max($highPair, $j['max']);
                $first = min($first, $j['min']);
                $last = max($last, $j['max']);
            }
            $highDone = max($highDone, $highPair);
        }
        touch("$dir/stop");
        $batches = (int) stream_get_contents($pipes[1]);
        $werr = stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        proc_close($writer);
        $writer = null;
        echo 'A (', $fallback ? 'the fallback' : 'the extension', ') wrote batches: ', $batches > 100 ? 'many' : $batches, ($werr !== '' ? " ($werr)" : ''), "\n";
        echo 'B read rounds: ', $rounds > 200 ? 'many' : $rounds, ', over batches that moved: ', $last - $first > 50 ? 'yes' : "no ($first..$last)", "\n";
        echo 'k10 absent (expired between batches): ', $absent <= $rounds / 100 ? 'rarely or never' : $absent, "\n";
        echo 'reads older than a read before them on host B: ', $older, "\n";
        foreach (array_slice(array_unique($examples), 0, 5) as $x) {
            echo "  $x\n";
        }
        // B's gets did meet values of batches they had not applied yet, and most caught up
        // by waiting for the batch's marker rather than by flushing the near cache
        echo 'B waited for batches: ', $waits > 0 ? 'yes' : 'no', ', flushed instead in fewer than half: ', $flushes * 2 < $waits ? 'yes' : "no ($flushes of $waits)", "\n";
    };
    $phase(false);
    $phase(true);
} finally {
    if ($writer) {
        touch("$dir/stop");
        proc_terminate($writer, 9);
        proc_close($writer);
    }
    if ($b) {
        lyger_server_stop($b);
        echo preg_replace('/^(Lyger server .* listening on .*|  to listen on all interfaces .*)\n/m', '', lyger_server_output($b));
        lyger_server_cleanup($b);
    }
    @unlink("$dir/stop");
    @unlink("$dir/writer.php");
    @rmdir($dir);
    lyger_redis_private_stop($redis);
}
?>
--EXPECT--
A (the extension) wrote batches: many
B read rounds: many, over batches that moved: yes
k10 absent (expired between batches): rarely or never
reads older than a read before them on host B: 0
B waited for batches: yes, flushed instead in fewer than half: yes
A (the fallback) wrote batches: many
B read rounds: many, over batches that moved: yes
k10 absent (expired between batches): rarely or never
reads older than a read before them on host B: 0
B waited for batches: yes, flushed instead in fewer than half: yes
