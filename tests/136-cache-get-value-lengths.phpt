--TEST--
cache: every get returns its value whole whatever the length of the value the get before it found (shorter, longer, empty, one byte, past the 4 KiB the shared store copies without its lock), while keys read once in turn and a key read again and again change how a process keeps its copies, and the hits and misses add up
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
$lengths = [100, 100, 50, 200, 0, 1, 2, 3, 4096, 4097, 5000, 10, 99, 100, 101, 64, 1, 3000, 0, 150];
$wrong = 0;
foreach ($lengths as $i => $n) {
    $e->cacheSet("len:$i", str_repeat(chr(65 + $i % 26), $n));
}
for ($pass = 0; $pass < 3; $pass++) {
    foreach ($lengths as $i => $n) {
        $v = $e->cacheGet("len:$i");
        $wrong += ($v === str_repeat(chr(65 + $i % 26), $n)) ? 0 : 1;
    }
}
echo "lengths wrong=$wrong\n";

// 3,000 keys read once each, in turn: few copies are read again, so a process keeps few
$values = [];
for ($i = 0; $i < 3000; $i++) {
    $values[$i] = str_repeat('x', $i % 300) . "#$i";
    $e->cacheSet("once:$i", $values[$i]);
}
$wrong = 0;
for ($i = 0; $i < 3000; $i++) {
    $wrong += $e->cacheGet("once:$i") === $values[$i] ? 0 : 1;
}
echo "once wrong=$wrong\n";
// then one key string read again and again, its value changed between reads
$k = 'again' . mt_rand(0, 0);
$wrong = 0;
for ($i = 0; $i < 2000; $i++) {
    if ($i % 100 === 0) $e->cacheSet($k, str_repeat('y', $i / 10) . ".$i");
    $want = str_repeat('y', intdiv($i, 100) * 10) . '.' . intdiv($i, 100) * 100;
    $wrong += $e->cacheGet($k) === $want ? 0 : 1;
}
echo "again wrong=$wrong\n";
// and a key deleted between reads is gone at once
$e->cacheDelete($k);
var_dump($e->cacheGet($k));
$c = json_decode($e->systemInfo(), true)['cache'];
echo "hits={$c['hits']} misses={$c['misses']}\n";
?>
--EXPECT--
lengths wrong=0
once wrong=0
again wrong=0
string(0) ""
hits=5060 misses=1
