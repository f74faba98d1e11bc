--TEST--
heavyComputation() rejects a negative count with ValueError and a non-integer with TypeError
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
try {
    $e->heavyComputation(-1);
} catch (ValueError $v) {
    echo get_class($v), ': ', $v->getMessage(), "\n";
}
try {
    $e->heavyComputation("many");
} catch (TypeError $t) {
    echo get_class($t), ': ', explode(', called in', $t->getMessage())[0], "\n";
}
var_dump($e->heavyComputation("3") === $e->heavyComputation(3));
?>
--EXPECT--
ValueError: Lyger\Core\Engine::heavyComputation(): Argument #1 ($iterations) must be greater than or equal to 0
TypeError: Lyger\Core\Engine::heavyComputation(): Argument #1 ($iterations) must be of type int, string given
bool(true)
