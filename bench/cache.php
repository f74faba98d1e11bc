<?php
/*
 * Cache benchmark: ns per operation for get and set of short keys and 100-byte
 * values, side by side in one run, then the ratio table with the targets of the
 * cache issue. Each implementation runs in its own php process (the native class
 * and the fallback cannot coexist in one process):
 *   native    Engine::cacheGet/cacheSet from modules/lyger.so, per-process store
 *             (lyger.cache_shared=0)
 *   fallback  the pure-PHP Engine (php/), extension not loaded
 *   array     a plain PHP array ($a[$k] / $a[$k] = $v), the physical floor
 *   apcu      apcu_fetch/apcu_store (php8.2-apcu, apc.enable_cli=1)
 *   ffi       the same C store through FFI (bench/build/liblyger_core.so)
 * plus cacheSetBatch(json of 10,000 items) against 10,000 cacheSet calls.
 * Rows: get/set over 1024 keys (the issue's figures); get1, one hot key; getwide,
 * gets over 4096 keys, more than the extension's 1024 request-local value copies,
 * so most native gets copy the value as APCu always does; floor, the cheapest
 * Engine method call ($e->cacheSize()), what any native cache method costs before
 * it does anything.
 *
 *   php bench/cache.php            (builds what is missing; a few minutes)
 *   LYGER_BENCH_OPS=100000 LYGER_BENCH_PASSES=1 LYGER_BENCH_OPCACHE=0 php bench/cache.php
 */
declare(strict_types=1);

const KEYS = 1024;
const WIDE_KEYS = 4096;

$root = dirname(__DIR__);
$ops = (int) (getenv('LYGER_BENCH_OPS') ?: 400000);
$rounds = 5;

function keys(): array
{
    $k = [];
    for ($i = 0; $i < KEYS; $i++) {
        $k[] = 'key:' . $i;
    }
    return $k;
}

function wideKeys(): array
{
    $k = [];
    for ($i = 0; $i < WIDE_KEYS; $i++) {
        $k[] = 'wide:' . $i;
    }
    return $k;
}

function value(): string
{
    return str_repeat('v', 100);
}

/** The best ns/op of $rounds runs of $fn($ops): the least disturbed by other load. */
function measure(callable $fn, int $ops, int $rounds): float
{
    $fn(intdiv($ops, 10)); // warm-up
    $best = INF;
    for ($r = 0; $r < $rounds; $r++) {
        $t = hrtime(true);
        $fn($ops);
        $best = min($best, (hrtime(true) - $t) / $ops);
    }
    return $best;
}

/** One implementation's figures; runs inside a child process. */
function worker(string $impl, string $root, int $ops, int $rounds): array
{
    $keys = keys();
    $wide = wideKeys();
    $value = value();
    $m = KEYS - 1;
    $wm = WIDE_KEYS - 1;
    switch ($impl) {
        case 'native':
        case 'fallback':
            if ($impl === 'fallback') {
                require $root . '/php/autoload.php';
            }
            $e = Lyger\Core\Engine::getInstance();
            foreach ($keys as $k) {
                $e->cacheSet($k, $value);
            }
            $get = function (int $n) use ($e, $keys, $m) {
                for ($i = 0; $i < $n; $i++) {
                    $v = $e->cacheGet($keys[$i & $m]);
                }
            };
            $set = function (int $n) use ($e, $keys, $m, $value) {
                for ($i = 0; $i < $n; $i++) {
                    $e->cacheSet($keys[$i & $m], $value);
                }
            };
            $hot = function (int $n) use ($e) {
                for ($i = 0; $i < $n; $i++) {
                    $v = $e->cacheGet('key:7');
                }
            };
            $out = ['get' => measure($get, $ops, $rounds), 'set' => measure($set, $ops, $rounds),
                'get1' => measure($hot, $ops, $rounds)];
            foreach ($wide as $k) {
                $e->cacheSet($k, $value);
            }
            $getwide = function (int $n) use ($e, $wide, $wm) {
                for ($i = 0; $i < $n; $i++) {
                    $v = $e->cacheGet($wide[$i & $wm]);
                }
            };
            $floor = function (int $n) use ($e, $keys, $m) {
                for ($i = 0; $i < $n; $i++) {
                    $k = $keys[$i & $m];
                    $v = $e->cacheSize();
                }
            };
            $out['getwide'] = measure($getwide, $ops, $rounds);
            $out['floor'] = measure($floor, $ops, $rounds);
            // batch of 10k fresh items against 10k cacheSet calls of the same items
            $items = [];
            for ($i = 0; $i < 10000; $i++) {
                $items['batch:' . $i] = $value;
            }
            $json = json_encode($items);
            $batch = function (int $n) use ($e, $json) {
                for ($i = 0; $i < $n; $i++) {
                    $e->cacheSetBatch($json);
                }
            };
            $calls = function (int $n) use ($e, $items) {
                for ($i = 0; $i < $n; $i++) {
                    foreach ($items as $k => $v) {
                        $e->cacheSet((string) $k, $v);
                    }
                }
            };
            $out['batch10k'] = measure($batch, 20, $rounds) * 1;
            $out['calls10k'] = measure($calls, 20, $rounds) * 1;
            return $out;
        case 'array':
            $a = [];
            foreach ($keys as $k) {
                $a[$k] = $value;
            }
            $get = function (int $n) use (&$a, $keys, $m) {
                for ($i = 0; $i < $n; $i++) {
                    $v = $a[$keys[$i & $m]];
                }
            };
            $set = function (int $n) use (&$a, $keys, $m, $value) {
                for ($i = 0; $i < $n; $i++) {
                    $a[$keys[$i & $m]] = $value;
                }
            };
            $hot = function (int $n) use (&$a) {
                for ($i = 0; $i < $n; $i++) {
                    $v = $a['key:7'];
                }
            };
            $out = ['get' => measure($get, $ops, $rounds), 'set' => measure($set, $ops, $rounds),
                'get1' => measure($hot, $ops, $rounds)];
            foreach ($wide as $k) {
                $a[$k] = $value;
            }
            $getwide = function (int $n) use (&$a, $wide, $wm) {
                for ($i = 0; $i < $n; $i++) {
                    $v = $a[$wide[$i & $wm]];
                }
            };
            return $out + ['getwide' => measure($getwide, $ops, $rounds)];
        case 'apcu':
            if (!function_exists('apcu_fetch') || !apcu_enabled()) {
                return [];
            }
            foreach ($keys as $k) {
                apcu_store($k, $value);
            }
            $get = function (int $n) use ($keys, $m) {
                for ($i = 0; $i < $n; $i++) {
                    $v = apcu_fetch($keys[$i & $m]);
                }
            };
            $set = function (int $n) use ($keys, $m, $value) {
                for ($i = 0; $i < $n; $i++) {
                    apcu_store($keys[$i & $m], $value);
                }
            };
            $hot = function (int $n) {
                for ($i = 0; $i < $n; $i++) {
                    $v = apcu_fetch('key:7');
                }
            };
            $out = ['get' => measure($get, $ops, $rounds), 'set' => measure($set, $ops, $rounds),
                'get1' => measure($hot, $ops, $rounds)];
            foreach ($wide as $k) {
                apcu_store($k, $value);
            }
            $getwide = function (int $n) use ($wide, $wm) {
                for ($i = 0; $i < $n; $i++) {
                    $v = apcu_fetch($wide[$i & $wm]);
                }
            };
            return $out + ['getwide' => measure($getwide, $ops, $rounds)];
        case 'ffi':
            $ffi = FFI::cdef('
                typedef struct lyger_cache lyger_cache;
                lyger_cache *lyger_cache_create(size_t memory_limit, size_t max_entries);
                void lyger_cache_destroy(lyger_cache *cache);
                int lyger_cache_set(lyger_cache *cache, const char *key, size_t key_len,
                                    const char *value, size_t value_len, int64_t ttl);
                void *lyger_cache_get(lyger_cache *cache, const char *key, size_t key_len, size_t *value_len);
            ', $root . '/bench/build/liblyger_core.so');
            $c = $ffi->lyger_cache_create(64 << 20, 0);
            foreach ($keys as $k) {
                $ffi->lyger_cache_set($c, $k, strlen($k), $value, strlen($value), 0);
            }
            $len = $ffi->new('size_t');
            $lenp = FFI::addr($len);
            $get = function (int $n) use ($ffi, $c, $keys, $m, $lenp, $len) {
                for ($i = 0; $i < $n; $i++) {
                    $k = $keys[$i & $m];
                    $p = $ffi->lyger_cache_get($c, $k, strlen($k), $lenp);
                    $v = FFI::string($p, $len->cdata);
                }
            };
            $set = function (int $n) use ($ffi, $c, $keys, $m, $value) {
                for ($i = 0; $i < $n; $i++) {
                    $k = $keys[$i & $m];
                    $ffi->lyger_cache_set($c, $k, strlen($k), $value, 100, 0);
                }
            };
            $out = ['get' => measure($get, intdiv($ops, 4), $rounds), 'set' => measure($set, intdiv($ops, 4), $rounds)];
            $ffi->lyger_cache_destroy($c);
            return $out;
    }
    throw new LogicException("unknown implementation $impl");
}

if (($argv[1] ?? '') === '--worker') {
    echo json_encode(worker($argv[2], $root, $ops, $rounds)), "\n";
    exit(0);
}

// ---- parent: build, run each worker, print the table
$so = $root . '/modules/lyger.so';
if (!is_file($so)) {
    passthru('bash ' . escapeshellarg($root . '/scripts/build.sh'), $rc);
}
if (!is_file($root . '/bench/build/liblyger_core.so')) {
    passthru('bash ' . escapeshellarg($root . '/bench/build-core.sh') . ' >/dev/null', $rc);
}
$php = PHP_BINARY;
$self = escapeshellarg(__FILE__);
// every worker runs with the same opcache setting: on by default (as in production;
// LYGER_BENCH_OPCACHE=0 for the plain CLI). JIT stays off in both cases.
$opcache = getenv('LYGER_BENCH_OPCACHE') === '0' ? '-d opcache.enable_cli=0' : '-d opcache.enable_cli=1';
$runs = [
    // the per-process store (the shared one: bench/cache_shared.php)
    'native' => '-d extension=' . escapeshellarg($so) . ' -d lyger.cache_shared=0',
    'fallback' => '',
    'array' => '',
    'apcu' => '-d apc.enable_cli=1',
    'ffi' => '-d ffi.enable=1',
];
// the workers run one after another, $passes times interleaved; each figure is the
// best of its passes, so a burst of load on the machine hits no implementation alone
$passes = (int) (getenv('LYGER_BENCH_PASSES') ?: 3);
$r = [];
for ($pass = 0; $pass < $passes; $pass++) {
    foreach ($runs as $impl => $flags) {
        $cmd = sprintf('%s %s %s -d opcache.jit=off -d memory_limit=1G %s --worker %s', escapeshellarg($php), $opcache, $flags, $self, $impl);
        $out = shell_exec("LYGER_BENCH_OPS=$ops timeout 300 $cmd");
        $figures = json_decode((string) $out, true) ?: [];
        if ($figures === []) {
            fwrite(STDERR, "$impl: no figures (" . trim((string) $out) . ")\n");
        }
        foreach ($figures as $op => $ns) {
            $r[$impl][$op] = min($r[$impl][$op] ?? INF, $ns);
        }
    }
}

$f = static fn (?float $v): string => $v === null ? 'n/a' : sprintf('%.1f', $v);
printf("ns per operation (best of %d passes x %d rounds of %d ops; keys 'key:N', %d distinct, 100-byte values; %s)\n",
    $passes, $rounds, $ops, KEYS, $opcache);
printf("%-8s %10s %10s %10s %10s %10s\n", "op", "native", "fallback", "array", "apcu", "ffi");
foreach (['get', 'set', 'get1', 'getwide', 'floor'] as $op) {
    printf("%-8s %10s %10s %10s %10s %10s\n", $op, $f($r['native'][$op] ?? null), $f($r['fallback'][$op] ?? null),
        $f($r['array'][$op] ?? null), $f($r['apcu'][$op] ?? null), $f($r['ffi'][$op] ?? null));
}
printf("(get1: one hot key read over and over; getwide: %d keys, more than the native cache's %d request-local copies;\n"
    . " floor: \$e->cacheSize(), the cheapest Engine method call)\n", WIDE_KEYS, KEYS);
printf("\n10,000 items, us per call: cacheSetBatch(json) native %s, fallback %s; 10,000 cacheSet calls native %s, fallback %s\n",
    $f(isset($r['native']['batch10k']) ? $r['native']['batch10k'] / 1000 : null),
    $f(isset($r['fallback']['batch10k']) ? $r['fallback']['batch10k'] / 1000 : null),
    $f(isset($r['native']['calls10k']) ? $r['native']['calls10k'] / 1000 : null),
    $f(isset($r['fallback']['calls10k']) ? $r['fallback']['calls10k'] / 1000 : null));

$ratio = static fn (string $a, string $ai, string $b, string $bi): ?float
    => isset($r[$a][$ai], $r[$b][$bi]) && $r[$b][$bi] > 0 ? $r[$a][$ai] / $r[$b][$bi] : null;
$targets = [
    // [label, ratio, target, higher is better]
    ['cacheGet / array read (time)', $ratio('native', 'get', 'array', 'get'), 2.0, false],
    ['apcu_fetch / cacheGet (speed-up)', $ratio('apcu', 'get', 'native', 'get'), 5.0, true],
    ['fallback cacheGet / cacheGet (speed-up)', $ratio('fallback', 'get', 'native', 'get'), 1.5, true],
    ['apcu_store / cacheSet (speed-up)', $ratio('apcu', 'set', 'native', 'set'), 5.0, true],
    ['10k cacheSet / cacheSetBatch(10k) (speed-up)', $ratio('native', 'calls10k', 'native', 'batch10k'), 3.0, true],
    ['ffi get / cacheGet (info)', $ratio('ffi', 'get', 'native', 'get'), null, true],
    ['getwide: cacheGet / array read (info)', $ratio('native', 'getwide', 'array', 'getwide'), null, false],
    ['getwide: apcu_fetch / cacheGet (info)', $ratio('apcu', 'getwide', 'native', 'getwide'), null, true],
    ['floor: method call / array read (info)', $ratio('native', 'floor', 'array', 'get'), null, false],
];
printf("\n%-46s %8s %8s  %s\n", 'ratio', 'measured', 'target', 'result');
foreach ($targets as [$label, $v, $target, $higher]) {
    if ($target === null) {
        printf("%-46s %8s %8s  %s\n", $label, $v === null ? 'n/a' : sprintf('%.2fx', $v), '-', '');
        continue;
    }
    $met = $v !== null && ($higher ? $v >= $target : $v <= $target);
    printf("%-46s %8s %8s  %s\n", $label, $v === null ? 'n/a' : sprintf('%.2fx', $v),
        ($higher ? '>= ' : '<= ') . $target . 'x', $v === null ? 'not measured' : ($met ? 'met' : 'MISSED'));
}
