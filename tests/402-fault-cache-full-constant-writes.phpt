--TEST--
Fault: a cache kept at its memory limit by constant writes (150,000 sets of 1..3,000-byte values over 20,000 keys into 2 MiB) keeps its figures true: memory_used never passes the limit and always equals what the live entries hold, entries equals cacheSize() and the keys that read back, and the process does not grow past the budget
--INI--
lyger.cache_memory=2M
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
$slow = in_array(getenv('LYGER_TEST_MODE'), ['valgrind', 'asan'], true);
$writes = $slow ? 30000 : 150000;
$keys = 20000;
mt_srand(402);
$values = [];
for ($i = 0; $i < 64; $i++) {
    $values[] = random_bytes(mt_rand(1, 3000)); // binary, random sizes
}
function rss(): int
{
    return preg_match('/^VmRSS:\s+(\d+) kB/m', (string) @file_get_contents('/proc/self/status'), $m) ? (int) $m[1] * 1024 : 0;
}
/** Compares the store's figures with what reading every key back finds. */
function check(Lyger\Core\Engine $e, int $keys, array $values, array $last): string
{
    $c = json_decode($e->systemInfo(), true)['cache'];
    $live = 0;
    $bytes = 0;
    for ($k = 0; $k < $keys; $k++) {
        $v = $e->cacheGet("key:$k");
        if ($v === '') {
            continue;
        }
        $live++;
        $bytes += strlen("key:$k") + strlen($v) + $c['entry_overhead'];
        if ($last[$k] < 0 || $v !== $values[$last[$k]]) {
            return "key:$k reads back a value that is not its last write";
        }
    }
    $bad = [];
    $c['memory_used'] <= $c['memory_limit'] || $bad[] = "memory_used {$c['memory_used']} > limit {$c['memory_limit']}";
    $c['memory_used'] === $bytes || $bad[] = "memory_used {$c['memory_used']} but the live entries hold $bytes";
    $c['entries'] === $live || $bad[] = "entries {$c['entries']} but $live keys read back";
    $e->cacheSize() === $live || $bad[] = "cacheSize() {$e->cacheSize()} but $live keys read back";
    $c['memory_used'] > $c['memory_limit'] * 0.8 || $bad[] = "memory_used {$c['memory_used']}: not at the limit";
    return $bad ? implode('; ', $bad) : 'ok';
}

$last = array_fill(0, $keys, -1); // key => index of the value last written to it (sized once: no growth)
$rssAfterFill = 0;
$failures = [];
$evictions0 = 0;
for ($i = 1; $i <= $writes; $i++) {
    $k = mt_rand(0, $keys - 1);
    $vi = mt_rand(0, count($values) - 1);
    if ($e->cacheSet("key:$k", $values[$vi])) {
        $last[$k] = $vi;
    } else {
        $failures[] = "cacheSet of " . strlen($values[$vi]) . " bytes refused";
    }
    if ($i % ($writes / 5) === 0) {
        $r = check($e, $keys, $values, $last);
        if ($r !== 'ok') {
            $failures[] = "after $i writes: $r";
        }
    }
    if ($i === $writes / 5) { // warmed up: the store is full and has evicted for a while,
        $rssAfterFill = rss();   // and check() has had what it needs (a 2 MiB Zend MM chunk)
        $evictions0 = json_decode($e->systemInfo(), true)['cache']['evictions'];
    }
}
echo $failures ? implode("\n", $failures) : 'figures true at every check', "\n";
$c = json_decode($e->systemInfo(), true)['cache'];
var_dump($c['evictions'] > $evictions0);
// the store stays inside its budget: once warm, the process grows by less than half the
// budget over the remaining writes (measured: ~0.3 MiB over 550,000 writes). RSS is only
// meaningful with PHP's own allocator, not under valgrind/ASan (USE_ZEND_ALLOC=0).
$growth = rss() - $rssAfterFill;
var_dump($slow || $growth < 1024 * 1024);
if (!$slow && $growth >= 1024 * 1024) {
    echo "RSS grew by $growth bytes after the first fill\n";
}
?>
--EXPECT--
figures true at every check
bool(true)
bool(true)
