--TEST--
cache: non-string batch values are stored as the exact text json_encode gives (unescaped unicode and slashes, shortest floats, zero fraction kept)
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
$flags = JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_LINE_TERMINATORS | JSON_PRESERVE_ZERO_FRACTION;
mt_srand(3);
$values = [0.0, -0.0, 1.0, -1.5, 0.1, 0.2 + 0.1, 1 / 3, 1e-4, 1e-5, 1.5e-7, 123456.789, 1e15, 1e16, 1e17, 1e22, 1.7976931348623157e308,
    4.9e-324, 2.2250738585072014e-308, PHP_INT_MAX, PHP_INT_MIN, 0, -7, 9007199254740993.0];
for ($i = 0; $i < 2000; $i++) {
    // random doubles over the whole exponent range, and short decimals
    $values[] = unpack('e', pack('P', mt_rand() << 32 | mt_rand() << 1 | mt_rand(0, 1)))[1];
    $values[] = mt_rand(-1000000, 1000000) / 1000;
}
$values = array_values(array_filter($values, 'is_finite'));
$items = [];
foreach ($values as $i => $v) {
    $items[] = ['key' => "f$i", 'value' => [$v]];
}
$items[] = ['key' => 'mixed', 'value' => ['é' => "a/b\u{2028}\x7f\"\\", 'nested' => [[], new stdClass(), [true, null]], '3' => 3]];
var_dump($e->cacheSetBatch(json_encode($items, $flags)) === count($items));
$bad = 0;
foreach ($values as $i => $v) {
    $expected = json_encode([$v], $flags);
    if ($e->cacheGet("f$i") !== $expected) {
        if (++$bad <= 5) {
            echo "differs: {$e->cacheGet("f$i")} vs $expected\n";
        }
    }
}
echo count($values) > 4000 ? 'many' : 'few', " values, $bad differ\n";
echo $e->cacheGet('mixed'), "\n";
?>
--EXPECT--
bool(true)
many values, 0 differ
{"é":"a/b \"\\","nested":[[],{},[true,null]],"3":3}
