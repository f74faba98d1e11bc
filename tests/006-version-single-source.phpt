--TEST--
One version string: php_lyger.h, package.xml, the fallback and systemInfo() agree
--FILE--
<?php
$root = dirname(__DIR__);
preg_match('/#define PHP_LYGER_VERSION "([^"]+)"/', file_get_contents("$root/php_lyger.h"), $h);
$xml = simplexml_load_file("$root/package.xml");
preg_match("/private const VERSION = '([^']+)'/", file_get_contents("$root/php/Engine.php"), $f);
$info = json_decode(Lyger\Core\Engine::getInstance()->systemInfo(), true);
$versions = [
    'header' => $h[1],
    'package.xml release' => (string) $xml->version->release,
    'fallback' => $f[1],
    'systemInfo' => $info['version'],
];
if (extension_loaded('lyger')) {
    $versions['phpversion'] = phpversion('lyger');
}
var_dump(count(array_unique($versions)) === 1 ? true : $versions);
var_dump((bool) preg_match('/^\d+\.\d+\.\d+$/', $h[1]));
?>
--EXPECT--
bool(true)
bool(true)
