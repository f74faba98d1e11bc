--TEST--
Engine cannot be constructed, cloned, serialized or unserialized: each fails with a clear error
--FILE--
<?php
use Lyger\Core\Engine;
$e = Engine::getInstance();
$attempts = [
    'new' => fn() => new Engine(),
    'clone' => fn() => clone $e,
    'serialize' => fn() => serialize($e),
    'unserialize' => fn() => unserialize('O:17:"Lyger\Core\Engine":0:{}'),
    'reflection new' => fn() => (new ReflectionClass(Engine::class))->newInstance(),
];
foreach ($attempts as $what => $f) {
    try {
        $r = $f();
        echo "$what: no error\n";
    } catch (Throwable $t) {
        echo "$what: ", get_class($t), ": ", $t->getMessage(), "\n";
    }
}
?>
--EXPECTF--
new: Error: Call to private Lyger\Core\Engine::__construct() from global scope
clone: Error: Call to private Lyger\Core\Engine::__clone() from global scope
serialize: Exception: Serialization of 'Lyger\Core\Engine' is not allowed
unserialize: Exception: Unserialization of 'Lyger\Core\Engine' is not allowed
reflection new: ReflectionException: Access to non-public constructor of class Lyger\Core\Engine
