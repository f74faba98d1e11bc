--TEST--
composer.json (PIE: type php-ext) and php/composer.json (the fallback library) validate; the fallback installed by Composer answers only when the extension is absent
--SKIPIF--
<?php
if (getenv('LYGER_TEST_MODE') === 'valgrind') die('skip runs Composer (a large PHP program) in child processes; valgrind would trace them for minutes and the files are checked in the native pass');
exec('command -v composer', $o, $rc);
if ($rc !== 0) die('skip composer not installed (scripts/install-deps.sh installs it)');
?>
--FILE--
<?php
$root = dirname(__DIR__);
$scratch = sys_get_temp_dir() . '/lyger-composer-' . getmypid() . '-' . bin2hex(random_bytes(4));
mkdir("$scratch/home", 0700, true);
$env = ['COMPOSER_HOME' => "$scratch/home", 'COMPOSER_ALLOW_SUPERUSER' => '1', 'COMPOSER_NO_INTERACTION' => '1',
        'COMPOSER_DISABLE_NETWORK' => '1', 'PATH' => getenv('PATH'), 'HOME' => "$scratch/home"];
function run(array $cmd, string $cwd, array $env): array {
    $p = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, $cwd, $env);
    $out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
    return [proc_close($p), $out];
}

// 1. Composer's own validation. Debian's Composer (2.5) predates the php-ext section, so
// the publish check of the root file is PIE's schema, checked below instead.
foreach (['.' => ['--no-check-publish'], 'php' => []] as $dir => $extra) {
    [$rc, $out] = run(array_merge(['composer', 'validate', '--strict', '--no-check-lock'], $extra), "$root/$dir", $env);
    echo "composer validate $dir/composer.json: ", $rc === 0 ? 'valid' : "exit $rc\n$out", "\n";
}

// 2. PIE's documented schema for the root package
$c = json_decode(file_get_contents("$root/composer.json"), true, 512, JSON_THROW_ON_ERROR);
$errors = [];
if ($c['type'] !== 'php-ext') $errors[] = 'type is not php-ext';
if (!preg_match('#^[a-z0-9]([_.-]?[a-z0-9]+)*/[a-z0-9](([_.]|-{1,2})?[a-z0-9]+)*$#', $c['name'])) $errors[] = 'bad package name';
$known = ['extension-name', 'priority', 'support-zts', 'support-nts', 'build-path', 'download-url-method', 'configure-options', 'os-families', 'os-families-exclude'];
foreach (array_diff(array_keys($c['php-ext']), $known) as $k) $errors[] = "unknown php-ext key $k";
if (($c['php-ext']['extension-name'] ?? '') !== 'lyger' || !preg_match('/^[A-Za-z][a-zA-Z0-9_]+$/', $c['php-ext']['extension-name'])) $errors[] = 'extension-name';
foreach (['support-zts', 'support-nts'] as $k) if (isset($c['php-ext'][$k]) && !is_bool($c['php-ext'][$k])) $errors[] = "$k not a bool";
foreach ($c['php-ext']['configure-options'] as $o) {
    if (array_diff(array_keys($o), ['name', 'description', 'needs-value'])) $errors[] = 'configure option with unknown keys';
    if (!preg_match('/^[a-zA-Z0-9][a-zA-Z0-9-_]*$/', $o['name'] ?? '')) $errors[] = 'configure option name';
    if (!is_string($o['description'] ?? null) || !is_bool($o['needs-value'] ?? false)) $errors[] = "configure option {$o['name']} types";
}
if (($c['autoload']['psr-4']['Lyger\\Core\\'] ?? null) !== 'php/') $errors[] = 'root autoload';
$f = json_decode(file_get_contents("$root/php/composer.json"), true, 512, JSON_THROW_ON_ERROR);
if ($f['type'] !== 'library' || $f['name'] === $c['name']) $errors[] = 'the fallback must be a library under another name (PIE forbids sharing one)';
if (($f['autoload']['psr-4']['Lyger\\Core\\'] ?? null) !== '') $errors[] = 'fallback autoload';
if (($f['provide']['ext-lyger'] ?? null) !== '*') $errors[] = 'fallback does not provide ext-lyger';
echo 'PIE schema: ', $errors ? implode('; ', $errors) : 'ok', "\n";

// 3. An application requiring the fallback from a path repository (offline), then run
// with and without the extension: Composer's autoloader is only asked for classes that
// do not exist, so with the extension loaded the fallback never loads. The app also
// requires ext-lyger: the fallback provides it, as a polyfill does.
mkdir("$scratch/app");
file_put_contents("$scratch/app/composer.json", json_encode([
    'require' => ['lyger/lyger-fallback' => '*', 'ext-lyger' => '*'],
    'repositories' => [
        ['type' => 'path', 'url' => "$root/php", 'options' => ['symlink' => true, 'versions' => ['lyger/lyger-fallback' => '0.1.0']]],
        ['packagist.org' => false],
    ],
], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES));
[$rc, $out] = run(['composer', 'install', '--no-progress'], "$scratch/app", $env);
echo 'composer install: ', $rc === 0 && is_file("$scratch/app/vendor/autoload.php") ? 'ok' : "exit $rc\n$out", "\n";
file_put_contents("$scratch/app/index.php", '<?php require __DIR__ . "/vendor/autoload.php";
$e = Lyger\Core\Engine::getInstance();
echo $e->helloWorld(), " | ", (new ReflectionClass($e))->isInternal() ? "internal" : "user class", "\n";');
$php = [PHP_BINARY, '-n'];
[, $out] = run(array_merge($php, ["$scratch/app/index.php"]), "$scratch/app", $env);
echo 'without the extension: ', $out;
// the module of this pass (LYGER_ROOT: the asan or zts build's tree), which this PHP can load
$module = (getenv('LYGER_ROOT') ?: $root) . '/modules/lyger.so';
if (is_file($module)) {
    // the asan pass: PHP_BINARY is a wrapper that preloads the sanitizer runtime named in LYGER_ASAN_PRELOAD
    $pass = array_filter(['LYGER_ASAN_PRELOAD' => getenv('LYGER_ASAN_PRELOAD'), 'ASAN_OPTIONS' => getenv('ASAN_OPTIONS'),
        'UBSAN_OPTIONS' => getenv('UBSAN_OPTIONS'), 'USE_ZEND_ALLOC' => getenv('USE_ZEND_ALLOC'),
        'ZEND_DONT_UNLOAD_MODULES' => getenv('ZEND_DONT_UNLOAD_MODULES')], 'is_string');
    [, $out] = run(array_merge($php, ['-d', "extension=$module", "$scratch/app/index.php"]), "$scratch/app", $env + $pass);
    echo 'with the extension: ', $out;
} else {
    echo "with the extension: (not built)\n";
}
exec('rm -rf ' . escapeshellarg($scratch));
?>
--EXPECTF--
composer validate ./composer.json: valid
composer validate php/composer.json: valid
PIE schema: ok
composer install: ok
without the extension: Hello from Lyger %d.%d.%d (PHP fallback) | user class
with the extension: Hello from Lyger %d.%d.%d (native extension) | internal
