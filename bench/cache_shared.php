<?php
/*
 * The host-wide cache against its peers, side by side in one run: ns per get and per set of
 * 100-byte values at 1k, 100k and 1M keys read and written in random order, for
 *   shared   Engine::cacheGet/cacheSet on the shared segment (lyger.cache_shared=1)
 *   local    the same methods on the per-process store (lyger.cache_shared=0)
 *   apcu     apcu_fetch/apcu_store, apc.shm_size large enough and apc.entries_hint = keys
 *   array    a PHP array read/write (the floor), and in the same process the floor of any
 *            set made through a method call: SplFixedArray::offsetSet($i, $value), an
 *            internal method that stores the value's zval into a C array by index (no key
 *            to hash, no lock, no copy; the same random order of indexes), and the same
 *            call spread over 10 slots per key (one write at a random place in a region as
 *            large as the store's entries: the floor of a set that updates its entry in place),
 *            and ArrayObject::offsetSet($k, $value) on a hash table of the same keys (the
 *            floor of a set that finds a string key in a table, without lock or copy)
 *   floor    the locked set floors (bench/floor, built here with phpize): LygerFloor::set
 *            finds the key's 128-byte slot in a table in shared memory and writes the
 *            value there, inside a spin lock (one atomic instruction) or inside a robust
 *            process-shared mutex (the shared store's lock); favoured on every other count.
 *            LygerFloor::get, the get floor: the key's slot found in the same one wait
 *            on shared memory and its value copied into a new string, without lock,
 *            writer check, expiry or counting. LygerCellsFloor::get, the cells get floor:
 *            the same get from a table whose entries are runs of 16-byte cells in home
 *            order, at load 0.85 (within the store's 64-byte charge, which the get floor's
 *            128-byte slots at 70% exceed). LygerChainFloor::get, the chained get floor:
 *            the same get from the store's own layout (a bucket array at most half full,
 *            then 32-byte entry headers with key and value), two waits on shared memory
 * then 2 processes reading at once against 1 (1k keys; throughput ratio), 1, 2 and 4
 * processes writing at once (every set takes the store's lock; 4 processes on a 2-core
 * machine also measure a lock holder being preempted), 1 and 2 processes making 9 gets to
 * 1 set, a batch of
 * 10,000 items (cacheSetBatch(json) against apcu_store(array)), and the memory each store
 * takes per entry beyond its key and value at the largest size (resident memory). Each
 * implementation runs in its own php process; every figure is the best of LYGER_BENCH_PASSES passes (default 3).
 *
 *   php bench/cache_shared.php
 *   LYGER_BENCH_SIZES=1000,100000 LYGER_BENCH_PASSES=1 php bench/cache_shared.php
 */
declare(strict_types=1);

$root = dirname(__DIR__);

// The keys every worker uses, in insertion order ("key:0", "key:1", ...).
function bench_keys(int $n): array
{
    $keys = [];
    for ($i = 0; $i < $n; $i++) {
        $keys[] = "key:$i";
    }
    return $keys;
}

// The order every timed loop reads or writes them in: the keys shuffled, then, for fewer than
// 300,000 keys, 300,000 of them drawn at random (the same order in every worker).
function bench_order(array $keys): array
{
    mt_srand(42);
    shuffle($keys);
    $n = count($keys);
    $ops = max($n, 300000);
    return $ops === $n ? $keys : array_map(static fn () => $keys[mt_rand(0, $n - 1)], range(1, $ops));
}

if (($argv[1] ?? '') === '--memory') {
    // the fill alone, in a process of its own (the timed workers below read nothing
    // more): bytes per entry beyond its key and value. A shared segment (ours, APCu's)
    // counts all of it this process touched, tables and headers included (shared memory
    // is touched only as it is used); a process's own store the growth of its private
    // memory during the fill.
    [, , $impl, $n] = $argv;
    $n = (int) $n;
    $value = str_repeat('v', 100);
    $e = class_exists('Lyger\Core\Engine') ? Lyger\Core\Engine::getInstance() : null;
    $rss = static function (string $kind): int {
        return preg_match("/^$kind:\\s+(\\d+) kB/m", (string) @file_get_contents('/proc/self/status'), $m) ? (int) $m[1] : 0;
    };
    $keys = bench_keys($n);
    $before = $rss('RssAnon');
    foreach ($keys as $k) {
        $impl === 'apcu' ? apcu_store($k, $value) : $e->cacheSet($k, $value);
    }
    $bytes = in_array($impl, ['shared', 'apcu'], true) ? $rss('RssShmem') * 1024 : ($rss('RssAnon') - $before) * 1024;
    $keyBytes = array_sum(array_map('strlen', $keys));
    echo json_encode(['overhead' => $bytes / $n - ($keyBytes / $n + strlen($value))]);
    exit(0);
}

if (($argv[1] ?? '') === '--worker' && $argv[2] === 'floor') {
    // the locked set floors (bench/floor/lyger_floor.c): the same keys, order and value as
    // the other workers' sets, through LygerFloor::set with each of its two locks; and the
    // get floor, LygerFloor::get in the same order once the sets are done
    $n = (int) $argv[3];
    $value = str_repeat('v', 100);
    $keys = bench_keys($n);
    $order = bench_order($keys);
    $ops = count($order);
    $out = [];
    foreach (['lockset' => false, 'robustset' => true] as $op => $robust) {
        $floor = new LygerFloor($n, $robust);
        foreach ($keys as $k) {
            $floor->set($k, $value) || exit(1);
        }
        $t = hrtime(true);
        foreach ($order as $k) { $floor->set($k, $value); }
        $out[$op] = (hrtime(true) - $t) / $ops;
        if (!$robust) {
            $t = hrtime(true);
            foreach ($order as $k) { $floor->get($k); }
            $out['get'] = (hrtime(true) - $t) / $ops;
            $floor->get($keys[$n - 1]) === $value || exit(1);
        }
        unset($floor);
    }
    // the cells get floor: a table whose entries are its slots, within the per-entry
    // charge (LygerCellsFloor at load 0.85), read in the same order
    $cells = new LygerCellsFloor($keys, $value, 0.85);
    $t = hrtime(true);
    foreach ($order as $k) { $cells->get($k); }
    $out['cellsget'] = (hrtime(true) - $t) / $ops;
    $cells->get($keys[$n - 1]) === $value || exit(1);
    $out['cellsbytes'] = $cells->overhead();
    unset($cells);
    // the chained get floor: the store's own layout with none of the store's work
    $chain = new LygerChainFloor($keys, $value);
    $t = hrtime(true);
    foreach ($order as $k) { $chain->get($k); }
    $out['chainget'] = (hrtime(true) - $t) / $ops;
    $chain->get($keys[$n - 1]) === $value || exit(1);
    $out['chainbytes'] = $chain->overhead();
    unset($chain);
    echo json_encode($out);
    exit(0);
}

if (($argv[1] ?? '') === '--worker') {
    $impl = $argv[2];
    $n = (int) $argv[3];
    $value = str_repeat('v', 100);
    $e = class_exists('Lyger\Core\Engine') ? Lyger\Core\Engine::getInstance() : null;
    $a = [];
    $get = match ($impl) {
        'shared', 'local' => static fn (string $k) => $e->cacheGet($k),
        'apcu' => static fn (string $k) => apcu_fetch($k),
        'array' => static function (string $k) use (&$a) { return $a[$k]; },
    };
    $keys = bench_keys($n);
    // fill in insertion order, then read and write in one random order
    foreach ($keys as $k) {
        match ($impl) {
            'shared', 'local' => $e->cacheSet($k, $value),
            'apcu' => apcu_store($k, $value),
            'array' => $a[$k] = $value,
        };
    }
    $order = bench_order($keys);
    $ops = count($order);
    $out = [];
    // get: the loop is written out per implementation (a closure call would dominate)
    $t = hrtime(true);
    switch ($impl) {
        case 'shared':
        case 'local':
            foreach ($order as $k) { $e->cacheGet($k); }
            break;
        case 'apcu':
            foreach ($order as $k) { apcu_fetch($k); }
            break;
        default:
            foreach ($order as $k) { $a[$k]; }
    }
    $out['get'] = (hrtime(true) - $t) / $ops;
    $t = hrtime(true);
    switch ($impl) {
        case 'shared':
        case 'local':
            foreach ($order as $k) { $e->cacheSet($k, $value); }
            break;
        case 'apcu':
            foreach ($order as $k) { apcu_store($k, $value); }
            break;
        default:
            foreach ($order as $k) { $a[$k] = $value; }
    }
    $out['set'] = (hrtime(true) - $t) / $ops;
    if ($impl === 'array') {
        $fixed = new SplFixedArray($n);
        $indexes = array_map(static fn (string $k): int => (int) substr($k, 4), $order);
        for ($i = 0; $i < $n; $i++) {
            $fixed[$i] = $value;
        }
        $t = hrtime(true);
        foreach ($indexes as $i) { $fixed->offsetSet($i, $value); }
        $out['callset'] = (hrtime(true) - $t) / $ops;
        unset($fixed);
        // The floor of a set that updates its entry where the entry lives (as APCu's and
        // ours do): the same call into a C array of 10 slots per key (160 bytes, about what
        // the shared segment holds per entry: its overhead, the key and the 100-byte
        // value), so each set writes one line at a random place in a region as large as
        // the store's entries. (A store that appended every write to a log would touch only
        // its index at random: this floor does not bound such a design.)
        $spread = new SplFixedArray($n * 10);
        $at = array_map(static fn (int $i): int => $i * 10, $indexes);
        foreach ($at as $i) {
            $spread[$i] = $value;
        }
        $t = hrtime(true);
        foreach ($at as $i) { $spread->offsetSet($i, $value); }
        $out['inplace'] = (hrtime(true) - $t) / $ops;
        unset($spread, $at);
        // The floor of a set that finds its key in a table, through a method call:
        // ArrayObject::offsetSet($k, $value) on PHP's own hash table holding the same keys
        // (filled in the same order). It reads the key string, the table's index slot
        // and the entry, as every keyed store must, but each more cheaply than the shared
        // store does: the key's hash is cached in its string, the stored key is that very
        // string (one pointer compare), the entry is 32 bytes, and there is no lock and
        // no copy. It does include ArrayObject's own bookkeeping (at 1k keys, its excess
        // over the method-call floor above).
        $keyed = new ArrayObject();
        foreach ($a as $k => $_) {
            $keyed->offsetSet($k, $value);
        }
        $t = hrtime(true);
        foreach ($order as $k) { $keyed->offsetSet($k, $value); }
        $out['keyset'] = (hrtime(true) - $t) / $ops;
        unset($keyed);
    }
    if ($n === 1000 && in_array($impl, ['shared', 'apcu', 'array'], true) && function_exists('pcntl_fork')) {
        // operations per second of 1 process, then of several at once on the same keys in
        // the same order: gets only (readers), sets only (writers: every one takes the
        // store's lock), and 9 gets to 1 set. The PHP array's readers share nothing (each
        // process reads its own copy): how far two processes scale on this machine at all.
        $runFor = static function (float $seconds, string $mix, int $start) use ($impl, $e, $order, $value, $a): int {
            $done = 0;
            while (hrtime(true) < $start) {
                // every process starts at the same instant
            }
            $end = $start + (int) ($seconds * 1e9);
            $shared = $impl === 'shared';
            while (hrtime(true) < $end) {
                if ($mix === 'get') {
                    if ($shared) { foreach ($order as $k) { $e->cacheGet($k); } }
                    elseif ($impl === 'array') { foreach ($order as $k) { $a[$k]; } }
                    else { foreach ($order as $k) { apcu_fetch($k); } }
                } elseif ($mix === 'set') {
                    if ($shared) { foreach ($order as $k) { $e->cacheSet($k, $value); } }
                    else { foreach ($order as $k) { apcu_store($k, $value); } }
                } else {
                    $i = 0;
                    if ($shared) {
                        foreach ($order as $k) { ++$i % 10 ? $e->cacheGet($k) : $e->cacheSet($k, $value); }
                    } else {
                        foreach ($order as $k) { ++$i % 10 ? apcu_fetch($k) : apcu_store($k, $value); }
                    }
                }
                $done += count($order);
            }
            return $done;
        };
        // each process on a core of its own where taskset is there (process p on core
        // p mod the cores), all starting together 0.2 s after the forks
        $cores = max(1, (int) shell_exec('nproc'));
        $pin = static function (int $p) use ($cores): void {
            @exec('taskset -cp ' . ($p % $cores) . ' ' . getmypid() . ' >/dev/null 2>&1');
        };
        $together = static function (int $procs, string $mix) use ($runFor, $pin): int {
            $tmp = [];
            $pids = [];
            $start = hrtime(true) + 200000000;
            for ($p = 1; $p < $procs; $p++) {
                $tmp[$p] = tempnam(sys_get_temp_dir(), 'lyger-bench');
                $pid = pcntl_fork();
                if ($pid === 0) {
                    $pin($p);
                    file_put_contents($tmp[$p], (string) $runFor(1.0, $mix, $start));
                    posix_kill(getmypid(), SIGKILL);
                }
                $pids[] = $pid;
            }
            $pin(0);
            $sum = $runFor(1.0, $mix, $start);
            foreach ($pids as $pid) {
                pcntl_waitpid($pid, $status);
            }
            foreach ($tmp as $f) {
                $sum += (int) file_get_contents($f);
                unlink($f);
            }
            return $sum;
        };
        $out['read1'] = $together(1, 'get');
        $out['read2'] = $together(2, 'get');
    }
    if ($n === 1000 && in_array($impl, ['shared', 'apcu'], true) && function_exists('pcntl_fork')) {
        $out['write1'] = $together(1, 'set');
        $out['write2'] = $together(2, 'set');
        $out['write4'] = $together(4, 'set');
        $out['mix1'] = $together(1, 'mix');
        $out['mix2'] = $together(2, 'mix');
    }
    if ($n === 1000 && $impl !== 'array') {
        $items = [];
        for ($i = 0; $i < 10000; $i++) {
            $items["batch:$i"] = $value;
        }
        $json = json_encode($items);
        $best = INF;
        for ($r = 0; $r < 5; $r++) {
            $t = hrtime(true);
            $impl === 'apcu' ? apcu_store($items) : $e->cacheSetBatch($json);
            $best = min($best, hrtime(true) - $t);
        }
        $out['batch10k'] = $best / 1000; // us
    }
    echo json_encode($out);
    exit(0);
}

$so = $root . '/modules/lyger.so';
if (!is_file($so)) {
    passthru('bash ' . escapeshellarg($root . '/scripts/build.sh'));
}
// The locked set floors (bench/floor): built here with the PHP under test's phpize,
// measured in a worker of their own; left out (n/a) where that cannot be built.
$floorSo = (static function () use ($root): ?string {
    $dir = $root . '/bench/build/floor';
    $so = $dir . '/modules/lyger_floor.so';
    $src = $root . '/bench/floor';
    if (is_file($so) && filemtime($so) >= filemtime($src . '/lyger_floor.c')) {
        return $so;
    }
    $phpize = PHP_BINDIR . '/phpize';
    $config = PHP_BINDIR . '/php-config';
    if (!is_executable($phpize) || !is_executable($config)) {
        fwrite(STDERR, "no phpize beside the PHP under test: the locked floors are left out\n");
        return null;
    }
    @mkdir($dir, 0777, true);
    copy($src . '/config.m4', $dir . '/config.m4');
    copy($src . '/lyger_floor.c', $dir . '/lyger_floor.c');
    $q = escapeshellarg($dir);
    exec("cd $q && " . escapeshellarg($phpize) . ' >/dev/null 2>&1 && ./configure --with-php-config=' . escapeshellarg($config)
        . ' >/dev/null 2>&1 && make -j2 >/dev/null 2>&1', $lines, $rc);
    if ($rc !== 0 || !is_file($so)) {
        fwrite(STDERR, "bench/floor did not build: the locked floors are left out\n");
        return null;
    }
    return $so;
})();
$sizes = array_map('intval', explode(',', getenv('LYGER_BENCH_SIZES') ?: '1000,100000,1000000'));
$passes = (int) (getenv('LYGER_BENCH_PASSES') ?: 3);
$ext = '-d extension=' . escapeshellarg($so);
$budget = '1G'; // 1M entries of 100 bytes take ~210 MB of charge in every store
$runs = [
    'shared' => "$ext -d lyger.cache_shared=1 -d lyger.cache_memory=$budget",
    'local' => "$ext -d lyger.cache_shared=0 -d lyger.cache_memory=$budget",
    'apcu' => "-d apc.enable_cli=1 -d apc.shm_size=$budget -d apc.entries_hint=%N%",
    'array' => '',
];
if ($floorSo !== null) {
    $runs['floor'] = '-d extension=' . escapeshellarg($floorSo);
}
$php = escapeshellarg(PHP_BINARY);
$self = escapeshellarg(__FILE__);
$r = [];
$big = max($sizes);
foreach (['shared', 'local', 'apcu'] as $impl) {
    $flags = str_replace('%N%', (string) $big, $runs[$impl]);
    $figures = json_decode((string) shell_exec("timeout 600 $php -d memory_limit=2G $flags $self --memory $impl $big"), true) ?: [];
    $r[$big][$impl]['overhead'] = $figures['overhead'] ?? null;
}
for ($pass = 0; $pass < $passes; $pass++) {
    foreach ($sizes as $n) {
        foreach ($runs as $impl => $flags) {
            $flags = str_replace('%N%', (string) $n, $flags);
            $cmd = "$php -d opcache.enable_cli=1 -d opcache.jit=off -d memory_limit=2G $flags $self --worker $impl $n";
            $figures = json_decode((string) shell_exec("timeout 600 $cmd"), true) ?: [];
            if ($figures === []) {
                fwrite(STDERR, "$impl $n: no figures\n");
            }
            foreach ($figures as $op => $v) {
                $better = preg_match('/^(read|write|mix)/', $op) ? max($r[$n][$impl][$op] ?? 0, $v) : min($r[$n][$impl][$op] ?? INF, $v);
                $r[$n][$impl][$op] = $better;
            }
        }
    }
}

$f = static fn ($v): string => $v === null ? 'n/a' : sprintf('%.1f', $v);
printf("ns per operation, 100-byte values, keys in random order (best of %d passes; opcache on, JIT off)\n", $passes);
printf("%-6s %9s %9s %9s %9s %9s\n", 'op', 'keys', 'shared', 'local', 'apcu', 'array');
foreach (['get', 'set'] as $op) {
    foreach ($sizes as $n) {
        printf("%-6s %9s %9s %9s %9s %9s\n", $op, number_format($n), $f($r[$n]['shared'][$op] ?? null),
            $f($r[$n]['local'][$op] ?? null), $f($r[$n]['apcu'][$op] ?? null), $f($r[$n]['array'][$op] ?? null));
    }
}
// one figure at every size: "1,000 keys 25.5 ns, 100,000 keys ..."
$bySize = static fn (string $impl, string $op): string => implode(', ', array_map(
    static fn (int $n): string => number_format($n) . ' keys ' . $f($r[$n][$impl][$op] ?? null) . ' ns', $sizes));
printf("set floor through a method call (SplFixedArray::offsetSet, no hash, no lock, no copy): %s\n", $bySize('array', 'callset'));
printf("in-place set floor (the same call, one slot of a region of 160 bytes per key): %s\n", $bySize('array', 'inplace'));
printf("keyed set floor through a method call (ArrayObject::offsetSet: a hash table, the key's hash cached, no lock, no copy): %s\n",
    $bySize('array', 'keyset'));
printf("locked set floor (LygerFloor::set: the key's entry found and written in place in shared memory, in 128-byte slots, no bucket array; bench/floor): spin lock %s; robust mutex %s\n",
    $bySize('floor', 'lockset'), $bySize('floor', 'robustset'));
printf("get floor (LygerFloor::get: the key's slot found in one wait on shared memory, its value copied into a new string; no lock, writer check, expiry or counting): %s\n",
    $bySize('floor', 'get'));
printf("cells get floor (LygerCellsFloor::get: the key's run of 16-byte cells found from its home cell in a table at load 0.85, a bitmap marking where runs start; as the get floor, no lock, writer check, expiry or counting): %s; bytes per entry beyond key and value: %s\n",
    $bySize('floor', 'cellsget'), $f($r[$big]['floor']['cellsbytes'] ?? null));
printf("chained get floor (LygerChainFloor::get: the store's own layout, the key's bucket then its entry, two waits on shared memory; as the get floor, no lock, writer check, expiry or counting): %s; bytes per entry beyond key and value: %s\n",
    $bySize('floor', 'chainget'), $f($r[$big]['floor']['chainbytes'] ?? null));
$k = 1000;
printf("\nreaders (1k keys, gets per second): shared 1 process %s, 2 processes %s; apcu 1 process %s, 2 processes %s; PHP array (each process its own) 1 process %s, 2 processes %s\n",
    number_format($r[$k]['shared']['read1'] ?? 0), number_format($r[$k]['shared']['read2'] ?? 0),
    number_format($r[$k]['apcu']['read1'] ?? 0), number_format($r[$k]['apcu']['read2'] ?? 0),
    number_format($r[$k]['array']['read1'] ?? 0), number_format($r[$k]['array']['read2'] ?? 0));
printf("writers (1k keys, sets per second): shared 1 process %s, 2 processes %s, 4 processes %s; apcu 1 process %s, 2 processes %s, 4 processes %s\n",
    number_format($r[$k]['shared']['write1'] ?? 0), number_format($r[$k]['shared']['write2'] ?? 0),
    number_format($r[$k]['shared']['write4'] ?? 0), number_format($r[$k]['apcu']['write1'] ?? 0),
    number_format($r[$k]['apcu']['write2'] ?? 0), number_format($r[$k]['apcu']['write4'] ?? 0));
printf("9 gets to 1 set (1k keys, operations per second): shared 1 process %s, 2 processes %s; apcu 1 process %s, 2 processes %s\n",
    number_format($r[$k]['shared']['mix1'] ?? 0), number_format($r[$k]['shared']['mix2'] ?? 0),
    number_format($r[$k]['apcu']['mix1'] ?? 0), number_format($r[$k]['apcu']['mix2'] ?? 0));
printf("batch of 10,000 items, us: cacheSetBatch(json) shared %s, local %s; apcu_store(array) %s\n",
    $f($r[$k]['shared']['batch10k'] ?? null), $f($r[$k]['local']['batch10k'] ?? null), $f($r[$k]['apcu']['batch10k'] ?? null));

// (not the array's: it holds references to the very key and value strings, copying neither)
printf("memory per entry beyond key + value, %s keys, bytes (resident memory after the fill / keys; shared and apcu: all of the segment touched, table included): shared %s, local %s, apcu %s\n",
    number_format($big), $f($r[$big]['shared']['overhead'] ?? null), $f($r[$big]['local']['overhead'] ?? null),
    $f($r[$big]['apcu']['overhead'] ?? null));

$ratio = static fn (?float $a, ?float $b): ?float => $a !== null && $b ? $a / $b : null;
$rows = [];
foreach ([1000, 100000, 1000000] as $n) {
    if (!isset($r[$n])) {
        continue;
    }
    $target = $n === 1000 ? 3.0 : ($n === 1000000 ? 1.5 : null);
    $rows[] = ["apcu_fetch / cacheGet, $n keys (speed-up)", $ratio($r[$n]['apcu']['get'] ?? null, $r[$n]['shared']['get'] ?? null), $target, true];
    $rows[] = ["apcu_fetch / get floor, $n keys (max)", $ratio($r[$n]['apcu']['get'] ?? null, $r[$n]['floor']['get'] ?? null), null, true];
    $rows[] = ["apcu_fetch / cells get floor, within the charge, $n keys (max)", $ratio($r[$n]['apcu']['get'] ?? null, $r[$n]['floor']['cellsget'] ?? null), null, true];
    $rows[] = ["apcu_fetch / chained get floor, the store's layout, $n keys (max)", $ratio($r[$n]['apcu']['get'] ?? null, $r[$n]['floor']['chainget'] ?? null), null, true];
    $rows[] = ["apcu_store / cacheSet, $n keys (speed-up)", $ratio($r[$n]['apcu']['set'] ?? null, $r[$n]['shared']['set'] ?? null), 5.0, true];
    $rows[] = ["apcu_store / method-call floor, $n keys (max)", $ratio($r[$n]['apcu']['set'] ?? null, $r[$n]['array']['callset'] ?? null), null, true];
    $rows[] = ["apcu_store / in-place floor, $n keys (max)", $ratio($r[$n]['apcu']['set'] ?? null, $r[$n]['array']['inplace'] ?? null), null, true];
    $rows[] = ["apcu_store / keyed floor, $n keys (max)", $ratio($r[$n]['apcu']['set'] ?? null, $r[$n]['array']['keyset'] ?? null), null, true];
    $rows[] = ["apcu_store / locked floor, spin lock, $n keys (max)", $ratio($r[$n]['apcu']['set'] ?? null, $r[$n]['floor']['lockset'] ?? null), null, true];
    $rows[] = ["apcu_store / locked floor, robust mutex, $n keys (max)", $ratio($r[$n]['apcu']['set'] ?? null, $r[$n]['floor']['robustset'] ?? null), null, true];
}
$rows[] = ['shared get / local get, 1k keys (time)', $ratio($r[$k]['shared']['get'] ?? null, $r[$k]['local']['get'] ?? null), 1.5, false];
$rows[] = ['2 readers / 1 reader, shared (throughput)', $ratio((float) ($r[$k]['shared']['read2'] ?? 0), (float) ($r[$k]['shared']['read1'] ?? 0)), 1.8, true];
$rows[] = ['2 readers / 1 reader, apcu (info)', $ratio((float) ($r[$k]['apcu']['read2'] ?? 0), (float) ($r[$k]['apcu']['read1'] ?? 0)), null, true];
$rows[] = ['2 readers / 1 reader, PHP array, nothing shared (the machine\'s own scaling, max)', $ratio((float) ($r[$k]['array']['read2'] ?? 0), (float) ($r[$k]['array']['read1'] ?? 0)), null, true];
$rows[] = ['2 writers, shared / apcu (info)', $ratio((float) ($r[$k]['shared']['write2'] ?? 0), (float) ($r[$k]['apcu']['write2'] ?? 0)), null, true];
$rows[] = ['4 writers, shared / apcu (info)', $ratio((float) ($r[$k]['shared']['write4'] ?? 0), (float) ($r[$k]['apcu']['write4'] ?? 0)), null, true];
$rows[] = ['2 writers / 1 writer, shared (info)', $ratio((float) ($r[$k]['shared']['write2'] ?? 0), (float) ($r[$k]['shared']['write1'] ?? 0)), null, true];
$rows[] = ['9:1 mix, 2 processes, shared / apcu (info)', $ratio((float) ($r[$k]['shared']['mix2'] ?? 0), (float) ($r[$k]['apcu']['mix2'] ?? 0)), null, true];
$rows[] = ["per-entry overhead in the segment, $big keys (bytes)", $r[$big]['shared']['overhead'] ?? null, 64.0, false, 'b'];
$rows[] = ['apcu_store(10k) / cacheSetBatch(10k) (info)', $ratio($r[$k]['apcu']['batch10k'] ?? null, $r[$k]['shared']['batch10k'] ?? null), null, true];
printf("\n%-46s %8s %8s  %s\n", 'ratio', 'measured', 'target', 'result');
foreach ($rows as $row) {
    [$label, $v, $target, $higher] = $row;
    $unit = $row[4] ?? 'x';
    $shown = $v === null ? 'n/a' : ($unit === 'b' ? sprintf('%.1f', $v) : sprintf('%.2fx', $v));
    if ($target === null) {
        printf("%-46s %8s %8s\n", $label, $shown, '-');
        continue;
    }
    $met = $v !== null && ($higher ? $v >= $target : $v <= $target);
    printf("%-46s %8s %8s  %s\n", $label, $shown, ($higher ? '>= ' : '<= ') . $target . ($unit === 'b' ? '' : 'x'), $v === null ? 'not measured' : ($met ? 'met' : 'MISSED'));
}
