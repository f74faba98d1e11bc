--TEST--
cache: the shared store's request-local copies with more keys than the ring holds, read in random order (key strings whose memo slots collide reuse each other's copy slot): every get answers its own key's value, before and after another process and this one overwrite a third of them, and every get counts one hit
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc';
if (!function_exists('pcntl_fork')) die('skip pcntl not available'); ?>
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
mt_srand(7);
$n = 3000; // the ring holds 1024 copies; 3000 key strings share 4096 memo slots
$keys = [];
$want = [];
for ($i = 0; $i < $n; $i++) {
    $keys[$i] = "copy-key-$i";
    $want[$i] = "value $i " . str_repeat(chr(97 + $i % 26), $i % 40);
    $e->cacheSet($keys[$i], $want[$i]);
}
$gets = 0;
$round = static function (string $label) use ($e, $keys, &$want, $n, &$gets): void {
    $wrong = 0;
    for ($r = 0; $r < 4; $r++) {
        // a few hundred keys again and again (their copies stay in the ring), then any key
        $hot = $r % 2 === 0;
        for ($j = 0; $j < 5000; $j++) {
            $i = $hot ? mt_rand(0, 299) : mt_rand(0, $n - 1);
            $gets++;
            if ($e->cacheGet($keys[$i]) !== $want[$i]) {
                $wrong++;
            }
        }
    }
    echo "$label: wrong=$wrong\n";
};
$round('filled');
// another process overwrites every third key (same size and other sizes)
$pid = pcntl_fork();
if ($pid === 0) {
    for ($i = 0; $i < $n; $i += 3) {
        $e->cacheSet($keys[$i], $i % 2 ? "child $i" : strrev("value $i " . str_repeat(chr(97 + $i % 26), $i % 40)));
    }
    posix_kill(getmypid(), SIGKILL);
}
pcntl_waitpid($pid, $status);
for ($i = 0; $i < $n; $i += 3) {
    $want[$i] = $i % 2 ? "child $i" : strrev($want[$i]);
}
$round('after the child');
// this process overwrites every third key from 1, between reads
for ($i = 1; $i < $n; $i += 3) {
    $want[$i] = "parent $i";
    $e->cacheSet($keys[$i], $want[$i]);
    if ($e->cacheGet($keys[$i - 1]) !== $want[$i - 1]) {
        echo "wrong after the set of $i\n";
    }
    $gets++;
}
$round('after the parent');
$c = json_decode($e->systemInfo(), true)['cache'];
echo $c['hits'] === $gets ? "hits = gets\n" : "hits={$c['hits']} gets=$gets\n";
echo "misses={$c['misses']}\n";
?>
--EXPECT--
filled: wrong=0
after the child: wrong=0
after the parent: wrong=0
hits = gets
misses=0
