--TEST--
heavyComputation() sums sqrt(i)*sin(i) in order: both implementations give the same float
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
foreach ([0, 1, 2, 10, 1000, 1000000, 10000000] as $n) {
    printf("%d: %.17g\n", $n, $e->heavyComputation($n));
}
// the default is 1e6
var_dump($e->heavyComputation() === $e->heavyComputation(1000000));
// the same as the plain PHP loop, bit for bit
$s = 0.0;
for ($i = 0; $i < 12345; $i++) { $s += sqrt($i) * sin($i); }
var_dump($e->heavyComputation(12345) === $s);
?>
--EXPECT--
0: 0
1: 0
2: 0.8414709848078965
10: 3.8024948226079944
1000: -28.736174564667355
1000000: -681.75966435368537
10000000: 1961.528081804875
bool(true)
bool(true)
