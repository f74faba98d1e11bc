--TEST--
Bad options and unusable addresses fail before anything is served: unknown key ValueError naming it, wrong types TypeError, port outside 0..65535 ValueError, port in use / bad host / missing document_root EngineException
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
$router = fn () => 'never';
$try = function (callable $f) {
    try {
        $f();
        echo "no exception\n";
    } catch (Throwable $t) {
        echo get_class($t), ': ', $t->getMessage(), "\n";
    }
};
$try(fn () => $e->startServer($router, 8000, ['workerz' => 2]));
$try(fn () => $e->startServer($router, 8000, [0 => 'x']));
$try(fn () => $e->startServer($router, 8000, ['workers' => '2']));
$try(fn () => $e->startServer($router, 8000, ['workers' => 0]));
$try(fn () => $e->startServer($router, 8000, ['read_timeout' => 'slow']));
$try(fn () => $e->startServer($router, 8000, ['keepalive_timeout' => 0]));
$try(fn () => $e->startServer($router, 8000, ['max_body_size' => -1]));
$try(fn () => $e->startServer($router, 8000, ['debug' => 1]));
$try(fn () => $e->startServer($router, 8000, ['on_start' => 'no_such_function']));
$try(fn () => $e->startServer($router, 8000, ['host' => 123]));
$try(fn () => $e->startServer($router, 70000));
$try(fn () => $e->startServer($router, -1));
try {
    $e->startServer('not callable');
} catch (TypeError $t) {
    echo "TypeError for a router that is not callable\n"; // wording differs: internal vs userland callable check
}

$busy = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
$port = (int) substr(strrchr(stream_socket_get_name($busy, false), ':'), 1);
$try(function () use ($e, $router, $port) { $e->startServer($router, $port, ['on_start' => function () { echo "on_start must not run\n"; }]); });
$try(function () use ($e, $router, $port) { $e->startServer($router, $port, ['workers' => 2]); });
fclose($busy);
$try(fn () => $e->startServer($router, 0, ['host' => 'no-such-host.invalid']));
$try(fn () => $e->startServer($router, 0, ['document_root' => '/no/such/dir']));
// on_start runs once the port is bound; what it throws aborts startServer (nothing served)
$try(fn () => $e->startServer($router, 0, ['on_start' => function (string $host, int $port) { throw new RuntimeException("on_start saw $host:" . ($port > 0 ? 'port' : '0')); }]));
// stopServer() without a running server is a harmless no-op
$e->stopServer();
echo "done\n";
?>
--EXPECTF--
ValueError: Lyger\Core\Engine::startServer(): Argument #3 ($options) contains unknown option "workerz"
ValueError: Lyger\Core\Engine::startServer(): Argument #3 ($options) contains unknown option 0
TypeError: Lyger\Core\Engine::startServer(): Argument #3 ($options) option "workers" must be of type int, string given
ValueError: Lyger\Core\Engine::startServer(): Argument #3 ($options) option "workers" must be between 1 and 256
TypeError: Lyger\Core\Engine::startServer(): Argument #3 ($options) option "read_timeout" must be of type int|float, string given
ValueError: Lyger\Core\Engine::startServer(): Argument #3 ($options) option "keepalive_timeout" must be greater than 0
ValueError: Lyger\Core\Engine::startServer(): Argument #3 ($options) option "max_body_size" must be between 0 and %d
TypeError: Lyger\Core\Engine::startServer(): Argument #3 ($options) option "debug" must be of type bool, int given
TypeError: Lyger\Core\Engine::startServer(): Argument #3 ($options) option "on_start" must be of type ?callable, string given
TypeError: Lyger\Core\Engine::startServer(): Argument #3 ($options) option "host" must be of type string, int given
ValueError: Lyger\Core\Engine::startServer(): Argument #2 ($port) must be between 0 and 65535 (0 picks a free port)
ValueError: Lyger\Core\Engine::startServer(): Argument #2 ($port) must be between 0 and 65535 (0 picks a free port)
TypeError for a router that is not callable
Lyger\Core\EngineException: startServer(): cannot listen on 127.0.0.1:%d: the address is already in use
Lyger\Core\EngineException: startServer(): cannot listen on 127.0.0.1:%d: the address is already in use
Lyger\Core\EngineException: startServer(): cannot resolve host 'no-such-host.invalid': %s
Lyger\Core\EngineException: startServer(): document_root '/no/such/dir' cannot be used: No such file or directory
RuntimeException: on_start saw 127.0.0.1:port
done
