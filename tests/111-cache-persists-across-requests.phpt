--TEST--
cache: the native store outlives the request: php-cgi -T 3 serves three requests from one process and each sees the previous one's entries
--SKIPIF--
<?php
require __DIR__ . '/inc/skip_native_only.inc';
$dir = PHP_BINDIR;
if (!is_executable("$dir/php-cgi") && !is_executable('/usr/bin/php-cgi' . PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION)) die('skip php-cgi not installed');
?>
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
$cgi = is_executable(PHP_BINDIR . '/php-cgi') ? PHP_BINDIR . '/php-cgi' : '/usr/bin/php-cgi' . PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION;
$ext = (getenv('LYGER_ROOT') ?: dirname(__DIR__)) . '/modules/lyger.so';
$script = tempnam(sys_get_temp_dir(), 'lyger-cache-cgi-');
file_put_contents($script, <<<'PHP'
<?php
$e = Lyger\Core\Engine::getInstance();
$n = (int) $e->cacheGet('requests') + 1;
$e->cacheSet('requests', (string) $n);
$e->cacheSet("nul\0key $n", "value\0$n");
$c = json_decode($e->systemInfo(), true)['cache'];
echo "request $n pid ", getmypid() === (int) $e->cacheGet('pid') || $n === 1 ? 'same' : 'other',
    " size ", $e->cacheSize(), " entries {$c['entries']}", " previous ", $n > 1 ? bin2hex($e->cacheGet("nul\0key " . ($n - 1))) : '-', "|";
$e->cacheSet('pid', (string) getmypid());
// a value read in every request: its request-local copy must not outlive the request
if ($n === 1) {
    $e->cacheSet('stable', str_repeat('s', 40));
}
echo strlen($e->cacheGet('stable') . $e->cacheGet('stable')), "|";
PHP);
$cmd = [$cgi, '-n', '-q', '-T', '3', '-d', "extension=$ext", $script];
$env = ['PATH' => (string) getenv('PATH')];
if (getenv('LYGER_TEST_MODE') === 'valgrind') {
    // the worker under valgrind too: memory errors in the store across requests fail.
    // (A request-local copy kept past its request shows in the native pass: the request
    // heap is dropped at request end, and the next request reads garbage or aborts.)
    $cmd = array_merge(['valgrind', '-q', '--error-exitcode=3', '--leak-check=no'], $cmd);
    $env['USE_ZEND_ALLOC'] = '0';
}
$env = lyger_child_env($env); // the asan pass's settings (scripts/test.sh)
if (getenv('LYGER_TEST_MODE') === 'asan') {
    // the real php-cgi, not the pass's wrapper: the sanitizer runtime is preloaded here
    $env['LD_PRELOAD'] = (string) getenv('LYGER_ASAN_PRELOAD');
}
$proc = proc_open($cmd, [0 => ["pipe", "r"], 1 => ["pipe", "w"], 2 => ["pipe", "w"]], $pipes, null, $env); // a clean env: run-tests sets CGI variables (REQUEST_METHOD...) that would make php-cgi act as a CGI
fclose($pipes[0]);
$out = stream_get_contents($pipes[1]);
$err = stream_get_contents($pipes[2]);
$rc = proc_close($proc);
unlink($script);
echo str_replace("|", "\n", $out), "rc=$rc", $rc === 0 ? "" : " stderr: $err", "\n"; // stderr holds -T's timing line
?>
--EXPECT--
request 1 pid same size 2 entries 2 previous -
80
request 2 pid same size 5 entries 5 previous 76616c75650031
80
request 3 pid same size 6 entries 6 previous 76616c75650032
80
rc=0
