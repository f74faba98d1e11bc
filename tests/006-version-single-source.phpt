--TEST--
One version string: php_lyger.h's PHP_LYGER_VERSION is what package.xml, the fallback, systemInfo(), helloWorld() and phpinfo() say; composer.json carries none
--FILE--
<?php
$root = dirname(__DIR__);
preg_match('/#define PHP_LYGER_VERSION "([^"]+)"/', file_get_contents("$root/php_lyger.h"), $h);
// package.xml: in the checkout, or one level up in an unpacked PECL tarball (make test
// runs with -n, so no SimpleXML: the two elements are read with a pattern)
$xml = file_get_contents(is_file("$root/package.xml") ? "$root/package.xml" : dirname($root) . '/package.xml');
preg_match('#<version>\s*<release>([^<]*)</release>\s*<api>([^<]*)</api>#', $xml, $x);
preg_match("/private const VERSION = '([^']+)'/", file_get_contents("$root/php/Engine.php"), $f);
$e = Lyger\Core\Engine::getInstance();
$info = json_decode($e->systemInfo(), true);
preg_match('/^Hello from Lyger (\S+) \(/', $e->helloWorld(), $hello);
$versions = [
    'php_lyger.h' => $h[1],
    'package.xml release' => $x[1],
    'package.xml api' => $x[2],
    'php/Engine.php' => $f[1],
    'systemInfo()' => $info['version'],
    'helloWorld()' => $hello[1],
];
if (extension_loaded('lyger')) {
    $versions['phpversion()'] = phpversion('lyger');
    ob_start();
    phpinfo(INFO_MODULES);
    $page = ob_get_clean();
    // CLI phpinfo() is text: the lyger section's "Version => X" row
    preg_match('/^lyger\n.*?^Version => (\S+)$/ms', $page, $p);
    $versions['phpinfo()'] = $p[1] ?? 'no Version row';
}
var_dump(count(array_unique($versions)) === 1 ? true : $versions);
var_dump((bool) preg_match('/^\d+\.\d+\.\d+$/', $h[1]));
// Composer takes versions from git tags; a "version" field could only disagree.
foreach (['composer.json', 'php/composer.json'] as $c) {
    echo $c, ': ', array_key_exists('version', json_decode(file_get_contents("$root/$c"), true)) ? 'has a version field' : 'no version field', "\n";
}
?>
--EXPECT--
bool(true)
bool(true)
composer.json: no version field
php/composer.json: no version field
