--TEST--
cache: writers looping sets, overwrites, deletes, batches and clears are SIGKILLed at random instants 1,000 times; the store stays consistent (a walk of the table and the segment passes), every value read is one some writer wrote whole, the cache keeps serving, and repairs keep the store (what was being written is whole or missing; nearly no repair empties it)
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc';
if (!function_exists('pcntl_fork')) die('skip pcntl not available'); ?>
--INI--
lyger.cache_memory=256K
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
// a value says its own length and fill byte: a torn or mixed value cannot pass
function value_for(int $n): string
{
    $len = 1 + ($n * 7919) % 3000;
    $ch = chr(97 + $n % 26);
    return "$len|$ch|" . str_repeat($ch, $len);
}
function whole(string $v): bool
{
    if ($v === '') {
        return true; // a miss
    }
    $p = explode('|', $v, 3);
    return count($p) === 3 && strlen($p[2]) === (int) $p[0] && strlen($p[1]) === 1
        && $p[2] === str_repeat($p[1], (int) $p[0]);
}
function writer(Lyger\Core\Engine $e, int $seed): void
{
    mt_srand($seed);
    for ($i = 0; ; $i++) {
        $k = 'k' . mt_rand(0, 400);
        switch (mt_rand(0, 9)) {
            case 0:
                $e->cacheDelete($k);
                break;
            case 1:
            case 2:
                $items = [];
                for ($j = 0; $j < 40; $j++) {
                    $items['k' . mt_rand(0, 400)] = value_for(mt_rand());
                }
                $e->cacheSetBatch(json_encode($items));
                break;
            case 3:
                if (mt_rand(0, 50) === 0) {
                    $e->cacheClear();
                }
                break;
            default:
                $e->cacheSet($k, value_for(mt_rand()), mt_rand(0, 3));
        }
    }
}
$rounds = getenv('LYGER_TEST_MODE') === 'valgrind' ? 20 : 1000;
$torn = 0;
$reads = 0;
mt_srand(12);
for ($r = 0; $r < $rounds; $r++) {
    $pid = pcntl_fork();
    if ($pid === 0) {
        writer($e, $r);
    }
    usleep(mt_rand(0, 3000));
    posix_kill($pid, SIGKILL);
    pcntl_waitpid($pid, $status);
    // the others go on: reads right after the kill
    for ($j = 0; $j < 5; $j++) {
        $reads++;
        $torn += whole($e->cacheGet('k' . mt_rand(0, 400))) ? 0 : 1;
    }
}
ini_set('lyger.cache_check', '1'); // from here, every call walks the store and segment
$seen = 0;
for ($i = 0; $i <= 400; $i++) {
    $v = $e->cacheGet("k$i");
    $torn += whole($v) ? 0 : 1;
    $seen += $v !== '' ? 1 : 0;
}
echo "rounds=$rounds torn=$torn\n";
var_dump($e->cacheSet('after', 'still serving'), $e->cacheGet('after'));
$c = json_decode($e->systemInfo(), true)['cache'];
var_dump($c['entries'] === $e->cacheSize(), $c['memory_used'] <= $c['memory_limit']);
// about one kill in five lands inside the lock: each was taken over and repaired (valgrind's
// 20 rounds may see none), and nearly every repair kept the store (0 to 4 of about 200
// emptied it in the runs that set this bound: a batch whose entries could not all be made
// before it was linked)
var_dump($rounds < 1000 || $c['lock_repairs'] > 0);
var_dump($c['lock_repairs_emptied'] <= $c['lock_repairs'], $rounds < 1000 || $c['lock_repairs_emptied'] * 10 < $c['lock_repairs']);
--EXPECTF--
rounds=%d torn=0
bool(true)
string(13) "still serving"
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
