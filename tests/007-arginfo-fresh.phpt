--TEST--
The committed stubs/lyger_arginfo.h is what gen_stub.php makes of stubs/lyger.stub.php
--SKIPIF--
<?php
if (getenv('LYGER_TEST_MODE') !== 'native') die('skip checked once, in the native pass');
if (!glob('/usr/lib/php/*/build/gen_stub.php')) die('skip gen_stub.php not installed (php8.2-dev)');
if (!is_dir('/usr/share/php/PhpParser')) die('skip PHP-Parser not installed (php-parser)');
?>
--FILE--
<?php
exec('bash ' . escapeshellarg(dirname(__DIR__) . '/scripts/gen-arginfo.sh') . ' --check 2>&1', $out, $rc);
echo implode("\n", $out), "\n", "exit $rc\n";
?>
--EXPECT--
stubs/lyger_arginfo.h is up to date
exit 0
