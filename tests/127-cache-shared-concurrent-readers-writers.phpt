--TEST--
cache: two processes doing 90% gets and 10% sets on 1,000 keys at once never read a torn value, and the host-wide hits + misses add up to the gets both made
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc';
if (!function_exists('pcntl_fork')) die('skip pcntl not available'); ?>
--INI--
lyger.cache_memory=1M
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
function value_for(int $n): string
{
    $len = 1 + ($n * 7919) % 6000; // some beyond the 4 KiB stack copy
    $ch = chr(97 + $n % 26);
    return "$len|$ch|" . str_repeat($ch, $len);
}
function whole(string $v): bool
{
    if ($v === '') {
        return true;
    }
    $p = explode('|', $v, 3);
    return count($p) === 3 && strlen($p[2]) === (int) $p[0] && $p[2] === str_repeat($p[1], (int) $p[0]);
}
function work(Lyger\Core\Engine $e, int $seed, float $seconds): array
{
    mt_srand($seed);
    $gets = $torn = 0;
    $end = microtime(true) + $seconds;
    while (microtime(true) < $end) {
        for ($i = 0; $i < 100; $i++) {
            $k = 'k' . mt_rand(0, 999);
            if (mt_rand(0, 9) === 0) {
                $e->cacheSet($k, value_for(mt_rand()));
            } else {
                $gets++;
                $torn += whole($e->cacheGet($k)) ? 0 : 1;
            }
        }
    }
    return [$gets, $torn];
}
$seconds = getenv('LYGER_TEST_MODE') === 'valgrind' ? 1.0 : 3.0;
$before = json_decode($e->systemInfo(), true)['cache'];
$out = tempnam(sys_get_temp_dir(), 'lyger');
$pid = pcntl_fork();
if ($pid === 0) {
    file_put_contents($out, json_encode(work($e, 1, $seconds)));
    posix_kill(getmypid(), SIGKILL);
}
[$gets, $torn] = work($e, 2, $seconds);
pcntl_waitpid($pid, $status);
[$childGets, $childTorn] = json_decode(file_get_contents($out), true);
unlink($out);
$after = json_decode($e->systemInfo(), true)['cache'];
echo "torn=", $torn + $childTorn, "\n";
var_dump($after['hits'] + $after['misses'] - $before['hits'] - $before['misses'] === $gets + $childGets);
var_dump($gets > 1000 && $childGets > 1000);
?>
--EXPECT--
torn=0
bool(true)
bool(true)
