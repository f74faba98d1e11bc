<?php
/*
 * Foundation benchmark: heavyComputation native vs the PHP loop, and the per-call cost
 * of a trivial Engine method natively vs the same C function called through PHP's FFI
 * (heavyComputation(0): the call and nothing else, on both sides).
 * Run: bash bench/run.sh foundation   (or: php -d extension=modules/lyger.so bench/foundation.php)
 * Prints one table, every figure from this run.
 */
declare(strict_types=1);

use Lyger\Core\Engine;

if (!extension_loaded('lyger')) {
    fwrite(STDERR, "load the extension: php -d extension=modules/lyger.so bench/foundation.php\n");
    exit(2);
}
$root = dirname(__DIR__);
$lib = "$root/bench/build/liblyger_core.so";
if (!is_file($lib)) {
    passthru('bash ' . escapeshellarg("$root/bench/build-core.sh") . ' >/dev/null', $rc);
}
$ffi = FFI::cdef('double lyger_heavy_computation(int64_t n); int64_t lyger_noop(int64_t n);', $lib);
$e = Engine::getInstance();

/** Best of $rounds wall times of $f, in seconds. */
function best(callable $f, int $rounds = 5): float
{
    $best = INF;
    for ($r = 0; $r < $rounds; $r++) {
        $t = hrtime(true);
        $f();
        $best = min($best, (hrtime(true) - $t) / 1e9);
    }
    return $best;
}

function php_loop(int $n): float
{
    $sum = 0.0;
    for ($i = 0; $i < $n; $i++) {
        $sum += sqrt($i) * sin($i);
    }
    return $sum;
}

// 1. heavyComputation(1e7)
$n = 10_000_000;
$native = $php = 0.0;
$tNative = best(function () use ($e, $n, &$native) { $native = $e->heavyComputation($n); }, 3);
$tPhp = best(function () use ($n, &$php) { $php = php_loop($n); }, 3);
$tFfi = best(function () use ($ffi, $n) { $ffi->lyger_heavy_computation($n); }, 3);

// 2. per-call cost: the same trivial C function, as an Engine method and through FFI
$calls = 2_000_000;
$tEmpty = best(function () use ($calls) { for ($i = 0; $i < $calls; $i++) { } });
$tMethod = best(function () use ($e, $calls) { for ($i = 0; $i < $calls; $i++) { $e->heavyComputation(0); } });
$tFfiCall = best(function () use ($ffi, $calls) { for ($i = 0; $i < $calls; $i++) { $ffi->lyger_heavy_computation(0); } });
$nsMethod = ($tMethod - $tEmpty) / $calls * 1e9;
$nsFfi = ($tFfiCall - $tEmpty) / $calls * 1e9;

$rows = [
    ['heavyComputation(1e7)', sprintf('%.1f ms', $tNative * 1e3), sprintf('%.1f ms (PHP loop)', $tPhp * 1e3),
        sprintf('%.2fx faster', $tPhp / $tNative), '>= 2.5x', $tPhp / $tNative >= 2.5],
    ['  same C through FFI', sprintf('%.1f ms', $tFfi * 1e3), '', '', '', null],
    ['heavyComputation(0) call', sprintf('%.1f ns (method)', $nsMethod), sprintf('%.1f ns (FFI)', $nsFfi),
        sprintf('%.2fx cheaper', $nsFfi / $nsMethod), '>= 4x', $nsFfi / $nsMethod >= 4],
];
printf("PHP %s, %s, loop overhead subtracted from per-call figures (%.1f ns/iteration)\n",
    PHP_VERSION, php_uname('m'), $tEmpty / $calls * 1e9);
printf("%-24s | %-18s | %-22s | %-14s | %-7s | %s\n", 'operation', 'native', 'peer', 'ratio', 'target', 'met');
echo str_repeat('-', 100), "\n";
foreach ($rows as [$op, $a, $b, $ratio, $target, $met]) {
    printf("%-24s | %-18s | %-22s | %-14s | %-7s | %s\n", $op, $a, $b, $ratio, $target, $met === null ? '' : ($met ? 'yes' : 'NO'));
}
printf("results agree: native %.17g, PHP %.17g -> %s\n", $native, $php, $native === $php ? 'identical' : 'DIFFERENT');
