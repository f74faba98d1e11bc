--TEST--
systemInfo() is a JSON object with the documented keys, the same in both implementations
--FILE--
<?php
$info = json_decode(Lyger\Core\Engine::getInstance()->systemInfo(), true, 512, JSON_THROW_ON_ERROR);
echo implode(',', array_keys($info)), "\n";
var_dump($info['framework'], $info['status']);
var_dump($info['mode'] === (extension_loaded('lyger') ? 'native' : 'php'));
var_dump($info['php_version'] === PHP_VERSION, $info['pid'] === getmypid());
foreach (['cache', 'db', 'server'] as $section) {
    var_dump(is_array($info[$section]));
}
?>
--EXPECT--
framework,version,mode,status,php_version,pid,cache,db,server
string(5) "Lyger"
string(2) "ok"
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
