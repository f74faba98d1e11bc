--TEST--
config.w32 compiles every src/*.c and package.xml ships every tracked source, stub and test
--SKIPIF--
<?php
if (getenv('LYGER_TEST_MODE') !== 'native') die('skip checked once, in the native pass');
if (!is_dir(dirname(__DIR__) . '/.git')) die('skip needs the git checkout');
?>
--FILE--
<?php
$root = dirname(__DIR__);
chdir($root);
$w32 = file_get_contents('config.w32');
preg_match('/ADD_SOURCES\([^,]+,\s*"([^"]+)"/', $w32, $m);
$listed = preg_split('/\s+/', trim($m[1]));
$actual = array_map('basename', glob('src/*.c'));
sort($listed);
sort($actual);
echo 'config.w32: ', $listed === $actual ? 'matches src/*.c' : 'differs: ' . implode(' ', array_diff($actual, $listed)) . ' / ' . implode(' ', array_diff($listed, $actual)), "\n";

$xml = simplexml_load_file('package.xml');
$xml->registerXPathNamespace('p', 'http://pear.php.net/dtd/package-2.0');
$packaged = [];
$walk = function ($dir, $prefix) use (&$walk, &$packaged) {
    foreach ($dir->children() as $child) {
        $name = (string) $child['name'];
        if ($child->getName() === 'dir') {
            $walk($child, $prefix . $name . '/');
        } else {
            $packaged[] = $prefix . $name;
        }
    }
};
$walk($xml->contents->dir, '');
$tracked = array_filter(explode("\n", shell_exec('git ls-files src stubs tests config.m4 config.w32 lyger.c php_lyger.h')));
$missing = array_diff($tracked, $packaged);
echo 'package.xml: ', $missing ? 'misses ' . implode(' ', $missing) . ' (run scripts/package-xml.sh)' : 'ships every tracked source', "\n";
?>
--EXPECT--
config.w32: matches src/*.c
package.xml: ships every tracked source
