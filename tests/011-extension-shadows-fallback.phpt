--TEST--
With the extension loaded the fallback is never loaded: the classes are the extension's own
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc'; ?>
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
new Lyger\Core\DatabaseException('x');
foreach (['Lyger\Core\Engine', 'Lyger\Core\EngineException', 'Lyger\Core\DatabaseException'] as $c) {
    echo $c, ': ', (new ReflectionClass($c))->getExtensionName(), "\n";
}
$fallback = array_filter(get_included_files(), fn($f) => str_contains($f, '/php/') && !str_ends_with($f, 'autoload.php'));
var_dump($fallback);
?>
--EXPECT--
Lyger\Core\Engine: lyger
Lyger\Core\EngineException: lyger
Lyger\Core\DatabaseException: lyger
array(0) {
}
