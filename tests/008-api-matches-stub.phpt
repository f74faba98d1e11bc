--TEST--
Every class and method of stubs/lyger.stub.php exists with the same signature (extension and fallback)
--FILE--
<?php
// Load the stub itself under another namespace and compare it, by reflection,
// with whichever implementation is active.
$stub = file_get_contents(dirname(__DIR__) . '/stubs/lyger.stub.php');
$stub = str_replace(['namespace Lyger\Core {', '\Lyger\Core\\'], ['namespace LygerStub\Core {', '\LygerStub\Core\\'], $stub);
eval('?>' . $stub);

function describe_type(?ReflectionType $t): string {
    return $t === null ? '-' : str_replace('LygerStub\\', 'Lyger\\', (string) $t);
}
function describe_method(ReflectionMethod $m): string {
    $mods = implode(' ', Reflection::getModifierNames($m->getModifiers()));
    $params = [];
    foreach ($m->getParameters() as $p) {
        $d = describe_type($p->getType()) . ($p->isPassedByReference() ? ' &' : ' ') . '$' . $p->getName();
        if ($p->isOptional()) {
            $d .= ' = ' . var_export($p->getDefaultValue(), true);
        }
        $params[] = $d;
    }
    return "$mods {$m->getName()}(" . implode(', ', $params) . '): ' . describe_type($m->getReturnType());
}

$problems = 0;
foreach (['Engine', 'EngineException', 'DatabaseException'] as $short) {
    $expected = new ReflectionClass("LygerStub\\Core\\$short");
    $actual = new ReflectionClass("Lyger\\Core\\$short");
    $parent = fn(ReflectionClass $c) => $c->getParentClass() ? str_replace('LygerStub\\', 'Lyger\\', $c->getParentClass()->getName()) : '-';
    if ($parent($expected) !== $parent($actual) || $expected->isFinal() !== $actual->isFinal()) {
        echo "$short: parent or final differs\n";
        $problems++;
    }
    foreach ($expected->getMethods() as $em) {
        if ($em->getDeclaringClass()->getName() !== $expected->getName()) {
            continue; // inherited from PHP's own classes
        }
        if (!$actual->hasMethod($em->getName())) {
            echo "$short::{$em->getName()} missing\n";
            $problems++;
            continue;
        }
        $want = describe_method($em);
        $got = describe_method($actual->getMethod($em->getName()));
        if ($want !== $got) {
            echo "$short: stub has  $want\n$short: class has $got\n";
            $problems++;
        }
    }
    // nothing public beyond the stub (the fallback's serialization guards aside)
    foreach ($actual->getMethods(ReflectionMethod::IS_PUBLIC) as $am) {
        if (!$expected->hasMethod($am->getName()) && !in_array($am->getName(), ['__serialize', '__unserialize', 'withSqlState'], true)) {
            echo "$short::{$am->getName()} is public but not in the stub\n";
            $problems++;
        }
    }
}
echo "methods checked, problems: $problems\n";
?>
--EXPECT--
methods checked, problems: 0
