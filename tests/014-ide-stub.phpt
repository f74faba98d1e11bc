--TEST--
stubs/lyger.ide.php (for IDEs and static analysers) is generated from the arginfo stub, declares exactly the active API, and documents every class, method, parameter, return and throw
--FILE--
<?php
$root = dirname(__DIR__);
exec(escapeshellarg(PHP_BINARY) . ' -n ' . escapeshellarg("$root/scripts/gen-ide-stub.php") . ' --check 2>&1', $out, $rc);
echo implode("\n", $out), "\n";

// Load the IDE stub under another namespace and compare it, by reflection, with the
// active implementation (extension or fallback), both ways.
$ide = file_get_contents("$root/stubs/lyger.ide.php");
eval('?>' . str_replace(['namespace Lyger\Core {', '\Lyger\Core\\'], ['namespace LygerIde\Core {', '\LygerIde\Core\\'], $ide));

function sig(ReflectionMethod $m): string {
    $params = [];
    foreach ($m->getParameters() as $p) {
        $params[] = $p->getType() . ' $' . $p->getName() . ($p->isOptional() ? ' = ' . var_export($p->getDefaultValue(), true) : '');
    }
    return str_replace('LygerIde\\', 'Lyger\\', implode(' ', Reflection::getModifierNames($m->getModifiers()))
        . " {$m->getName()}(" . implode(', ', $params) . '): ' . $m->getReturnType());
}
$problems = [];
$classes = ['Engine', 'EngineException', 'DatabaseException'];
foreach ($classes as $short) {
    $stub = new ReflectionClass("LygerIde\\Core\\$short");
    $real = new ReflectionClass("Lyger\\Core\\$short");
    $own = fn (ReflectionClass $c) => array_filter($c->getMethods(), fn ($m) => $m->getDeclaringClass()->getName() === $c->getName());
    $stubSigs = array_map('sig', $own($stub));
    // the API is what code outside the class can call (the fallback's private helpers are not)
    $realSigs = array_map('sig', array_filter($own($real), fn ($m) => $m->isPublic() || $m->isConstructor() || $m->getName() === '__clone'));
    // the fallback implements not-serializable with two throwing methods, and has an
    // internal factory for its database layer
    if (!extension_loaded('lyger')) {
        $realSigs = array_filter($realSigs, fn ($s) => !preg_match('/ (__serialize|__unserialize|withSqlState)\(/', $s));
    }
    foreach (array_diff($stubSigs, $realSigs) as $s) $problems[] = "$short: IDE stub has $s, the class does not";
    foreach (array_diff($realSigs, $stubSigs) as $s) $problems[] = "$short: class has $s, the IDE stub does not";
    if ($stub->isFinal() !== $real->isFinal()) $problems[] = "$short: final differs";

    // documentation: the class and every method have a description; every parameter an
    // @param with its type; every method but the private constructor/clone a @return
    $doc = (string) $stub->getDocComment();
    if (!preg_match('/^\/\*\*\s*\*?\s*\w/', $doc)) $problems[] = "$short: no class description";
    foreach ($own($stub) as $m) {
        $doc = (string) $m->getDocComment();
        if (!preg_match('/^\/\*\*\s*(\*\s*)?[A-Z]/', $doc)) $problems[] = "$short::{$m->getName()}: no description";
        foreach ($m->getParameters() as $p) {
            $type = preg_quote(str_replace('LygerIde\\', '', (string) $p->getType()), '/');
            if (!preg_match('/@param \\\\?' . $type . ' \$' . $p->getName() . ' \S/', $doc)) {
                $problems[] = "$short::{$m->getName()}: no \"@param $type \${$p->getName()} <what>\"";
            }
        }
        if ($m->isPublic() && !preg_match('/@return ' . preg_quote(str_replace('LygerIde\\Core\\', '', (string) $m->getReturnType()), '/') . '\b/', $doc)) {
            $problems[] = "$short::{$m->getName()}: no @return matching " . $m->getReturnType();
        }
        // an argument that can be wrong is documented with the error it raises
        if ($m->getNumberOfParameters() > 0 && $m->isPublic() && !str_contains($doc, '@throws')) {
            $problems[] = "$short::{$m->getName()}: takes arguments but documents no @throws";
        }
    }
}
echo $problems ? implode("\n", $problems) : 'IDE stub matches the API and documents all of it', "\n";
foreach (['@generate-class-entries', '@strict-properties', '@not-serializable'] as $tag) {
    if (str_contains($ide, $tag)) echo "gen_stub annotation $tag left in the IDE stub\n";
}
?>
--EXPECT--
stubs/lyger.ide.php is up to date
IDE stub matches the API and documents all of it
