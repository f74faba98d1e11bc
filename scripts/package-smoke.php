<?php
/*
 * Run by scripts/package-check.sh against the lyger.so that `pecl install` put in a
 * scratch ext_dir (php -n -d extension=...): the native Engine must answer, and every
 * public method of the API is called once with a result checked. A method added to the
 * API but not called here fails the run. Needs LYGER_TEST_DSN (PostgreSQL) and curl.
 */
declare(strict_types=1);

use Lyger\Core\DatabaseException;
use Lyger\Core\Engine;

$called = [];
function check(bool $ok, string $what): void
{
    if (!$ok) {
        fwrite(STDERR, "FAILED: $what\n");
        exit(1);
    }
    echo "ok   $what\n";
}
function called(string $method): void
{
    $GLOBALS['called'][$method] = true;
}

$expect = getenv('LYGER_EXPECT_VERSION');
check(extension_loaded('lyger'), 'extension_loaded("lyger")');
check(phpversion('lyger') === $expect, "phpversion('lyger') is $expect");
$class = new ReflectionClass(Engine::class);
check($class->isInternal() && $class->getExtensionName() === 'lyger', 'Engine is an internal class of extension lyger');

$e = Engine::getInstance();                                               called('getInstance');
check($e === Engine::getInstance(), 'getInstance() returns one instance');
check($e->helloWorld() === "Hello from Lyger $expect (native extension)", 'helloWorld() names the native extension'); called('helloWorld');
check($e->heavyComputation(1000) === $e->heavyComputation(1000), 'heavyComputation(1000)'); called('heavyComputation');
$info = json_decode($e->systemInfo(), true, 512, JSON_THROW_ON_ERROR); called('systemInfo');
check($info['mode'] === 'native' && $info['version'] === $expect, 'systemInfo(): mode native, version');

check($e->cacheSet('k', 'v', 60), 'cacheSet');                            called('cacheSet');
check($e->cacheGet('k') === 'v', 'cacheGet');                             called('cacheGet');
check($e->cacheHas('k'), 'cacheHas');                                      called('cacheHas');
check($e->cacheSetBatch('{"a":"1","b":"2"}') === 2, 'cacheSetBatch');     called('cacheSetBatch');
check($e->cacheSize() === 3, 'cacheSize');                                 called('cacheSize');
check($e->cacheDelete('k') && !$e->cacheHas('k'), 'cacheDelete');          called('cacheDelete');
$e->cacheClear();                                                          called('cacheClear');
check($e->cacheSize() === 0, 'cacheClear');

$dsn = getenv('LYGER_TEST_DSN');
check(is_string($dsn) && $dsn !== '', 'LYGER_TEST_DSN is set');
$h = $e->dbQuery($dsn, 'select $1::int as n, $2::text as s', [7, 'x']);  called('dbQuery');
check($h >= 1, 'dbQuery returns a handle');
check($e->jsonifyResult($h) === '[{"n":7,"s":"x"}]', 'jsonifyResult');    called('jsonifyResult');
$e->freeResult($h);                                                        called('freeResult');
check($e->dbQueryJson($dsn, 'select true as t') === '[{"t":true}]', 'dbQueryJson'); called('dbQueryJson');
check($e->dbExecute($dsn, 'create temp table pkg_smoke (i int)') === 0, 'dbExecute (DDL)');
check($e->dbExecute($dsn, 'insert into pkg_smoke values (1), (2)') === 2, 'dbExecute (2 rows)'); called('dbExecute');
try {
    $e->dbQuery($dsn, 'select * from lyger_no_such_table');
    check(false, 'a missing table throws');
} catch (DatabaseException $x) {
    check($x->getSqlState() === '42P01', 'DatabaseException::getSqlState() is 42P01');
    called('getSqlState');
}

// The server: on_start launches one curl in the background; the router answers it and
// stops the server, so startServer returns.
$curl = null;
$e->startServer(function (string $uri, string $method) use ($e) {
    Engine::getInstance()->stopServer();
    return "served $method $uri";
}, 0, ['on_start' => function (string $host, int $port) use (&$curl, &$pipes) {
    $curl = proc_open(['curl', '-s', '--max-time', '20', "http://$host:$port/smoke"], [1 => ['pipe', 'w']], $pipes);
}]);
called('startServer');
called('stopServer');
check(is_resource($curl), 'startServer ran on_start');
$body = stream_get_contents($pipes[1]);
proc_close($curl);
check($body === 'served GET /smoke', 'startServer served one request; stopServer() ended it');

$methods = array_map(fn ($m) => $m->getName(), array_filter(
    array_merge($class->getMethods(ReflectionMethod::IS_PUBLIC), (new ReflectionClass(DatabaseException::class))->getMethods(ReflectionMethod::IS_PUBLIC)),
    fn ($m) => $m->class === Engine::class || $m->class === DatabaseException::class
));
$missed = array_diff($methods, array_keys($called));
check($missed === [], 'every public method called (missing: ' . implode(', ', $missed) . ')');
echo 'every method called: ', count($called), ' of ', count($methods), ", native\n";
