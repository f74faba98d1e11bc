--TEST--
Engine::getInstance() returns one instance; helloWorld() greets and names the implementation
--FILE--
<?php
use Lyger\Core\Engine;
$a = Engine::getInstance();
$b = Engine::getInstance();
var_dump($a instanceof Engine, $a === $b);
$hello = $a->helloWorld();
var_dump(str_starts_with($hello, 'Hello from Lyger'));
$expected = extension_loaded('lyger') ? 'native' : 'PHP';
var_dump(str_contains($hello, $expected));
var_dump((new ReflectionClass(Engine::class))->isFinal());
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
