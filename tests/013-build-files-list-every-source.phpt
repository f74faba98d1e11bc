--TEST--
Build files agree with the tree: config.m4's build compiles, config.w32 lists and package.xml ships every tracked source, stub and test; configure options agree
--SKIPIF--
<?php
if (getenv('LYGER_TEST_MODE') !== 'native') die('skip checked once, in the native pass');
// a worktree's .git is a file, a clone's a directory
if (!file_exists(dirname(__DIR__) . '/.git')) die('skip needs the git checkout');
if (!is_file(dirname(__DIR__) . '/Makefile')) die('skip needs the configured build (scripts/build.sh)');
?>
--FILE--
<?php
$root = dirname(__DIR__);
chdir($root);
$tracked = fn (string ...$paths) => array_values(array_filter(explode("\n",
    (string) shell_exec('git ls-files -- ' . implode(' ', array_map('escapeshellarg', $paths))))));
$report = function (string $what, array $missing, array $extra = []) {
    echo $what, ': ', $missing || $extra
        ? trim(($missing ? 'misses ' . implode(' ', $missing) : '') . ($extra ? ' lists untracked ' . implode(' ', $extra) : ''))
        : 'ok', "\n";
};

// Every C source under src/ (at any depth) must be a top-level src/*.c: config.m4
// compiles the glob "$abs_srcdir"/src/*.c, which sees no subdirectory.
$sources = array_values(array_filter($tracked('src'), fn ($f) => str_ends_with($f, '.c')));
$report('src/ C sources are top-level (config.m4 globs src/*.c)', array_filter($sources, fn ($f) => !preg_match('#^src/[^/]+\.c$#', $f)));
$m4 = file_get_contents('config.m4');
$report('config.m4 globs "$abs_srcdir"/src/*.c', str_contains($m4, 'for lyger_src in "$abs_srcdir"/src/*.c; do') ? [] : ['the glob']);
// ... and the configured build really compiles each (the glob as configure expanded it)
preg_match('/^shared_objects_lyger = (.*)$/m', file_get_contents('Makefile'), $m);
$objects = preg_split('/\s+/', trim($m[1] ?? ''));
$report('config.m4 build compiles', array_diff(array_merge(['lyger.c'], $sources), array_map(fn ($o) => substr($o, 0, -3) . '.c', $objects)));

// config.w32 names its sources explicitly
preg_match('/ADD_SOURCES\([^,]+,\s*"([^"]+)"/', file_get_contents('config.w32'), $m);
$w32 = array_map(fn ($f) => "src/$f", preg_split('/\s+/', trim($m[1] ?? '')));
$report('config.w32 ADD_SOURCES', array_diff($sources, $w32), array_diff($w32, $sources));

// package.xml ships every tracked file the build and the tests need
$xml = simplexml_load_file('package.xml');
$packaged = [];
$walk = function ($dir, $prefix) use (&$walk, &$packaged) {
    foreach ($dir->children() as $child) {
        $name = (string) $child['name'];
        $child->getName() === 'dir' ? $walk($child, $prefix . $name . '/') : $packaged[] = $prefix . $name;
    }
};
$walk($xml->contents->dir, '');
$need = $tracked('src', 'stubs', 'tests', 'php', 'config.m4', 'config.w32', 'lyger.c', 'php_lyger.h', 'README.md', 'LICENSE', 'composer.json');
$need = array_filter($need, fn ($f) => !str_starts_with($f, 'php/') || preg_match('/\.php$|composer\.json$/', $f));
$report('package.xml <contents>', array_diff($need, $packaged), array_diff($packaged, $tracked('.')));
exec('bash scripts/package-xml.sh --check 2>&1', $out, $rc);
echo 'package.xml is what scripts/package-xml.sh writes: ', $rc === 0 ? 'yes' : implode(' ', $out), "\n";

// configure options: config.m4 defines them, package.xml and composer.json (PIE) offer the same
preg_match_all('/PHP_ARG_(WITH|ENABLE)\(\[([a-z0-9-]+)\]/', $m4, $m, PREG_SET_ORDER);
$m4opts = array_map(fn ($x) => strtolower($x[1]) . '-' . $x[2], $m);
$pecl = array_map(fn ($o) => (string) $o['name'], iterator_to_array($xml->extsrcrelease->configureoption, false));
$composer = json_decode(file_get_contents('composer.json'), true);
$pie = array_column($composer['php-ext']['configure-options'], 'name');
echo 'config.m4 options: ', implode(' ', $m4opts), "\n";
echo 'package.xml <configureoption>s: ', $pecl === $m4opts ? 'the same' : implode(' ', $pecl), "\n";
echo 'composer.json php-ext configure-options: ', $pie === $m4opts ? 'the same' : implode(' ', $pie), "\n";
foreach ($xml->extsrcrelease->configureoption as $o) {
    // "autodetect" makes pecl pass a bare --with-X (pkg-config); "yes" for the enable flag
    $ok = str_starts_with((string) $o['name'], 'with-') ? (string) $o['default'] === 'autodetect' : (string) $o['default'] === 'yes';
    if (!$ok) echo "package.xml: ", $o['name'], " has default ", $o['default'], "\n";
}
foreach ($composer['php-ext']['configure-options'] as $o) {
    if ($o['needs-value'] !== str_starts_with($o['name'], 'with-')) echo "composer.json: ", $o['name'], " needs-value is wrong\n";
}
?>
--EXPECT--
src/ C sources are top-level (config.m4 globs src/*.c): ok
config.m4 globs "$abs_srcdir"/src/*.c: ok
config.m4 build compiles: ok
config.w32 ADD_SOURCES: ok
package.xml <contents>: ok
package.xml is what scripts/package-xml.sh writes: yes
config.m4 options: enable-lyger with-lyger-libpq-dir with-lyger-jansson-dir with-lyger-libuv-dir with-lyger-http-parser-dir with-lyger-hiredis-dir enable-lyger-sqlite with-lyger-sqlite-dir enable-lyger-mysql with-lyger-mariadb-dir
package.xml <configureoption>s: the same
composer.json php-ext configure-options: the same
