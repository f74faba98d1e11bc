<?php
/*
 * Hello world on Workerman (a benchmark peer, unpacked by ../shared/peers/build.sh, not part
 * of Lyger): one worker, the same body as examples/hello.php.
 *   WORKERMAN_SRC=DIR/workerman/src PORT=8000 RUNDIR=/tmp/x php -n -d extension=posix bench/peers/workerman_hello.php start
 */
$src = getenv('WORKERMAN_SRC');
spl_autoload_register(function (string $class) use ($src) {
    if (str_starts_with($class, 'Workerman\\')) {
        require $src . '/' . str_replace('\\', '/', substr($class, 10)) . '.php';
    }
});

use Workerman\Protocols\Http\Response;
use Workerman\Worker;

$run = getenv('RUNDIR') ?: sys_get_temp_dir();
Worker::$pidFile = "$run/workerman.pid";
Worker::$logFile = "$run/workerman.log";
$worker = new Worker('http://127.0.0.1:' . (int) getenv('PORT'));
$worker->count = 1;
$worker->onMessage = function ($connection, $request) {
    if ($request->path() === '/') {
        $connection->send(new Response(200, ['Content-Type' => 'text/html; charset=UTF-8'], 'Hello, World!'));
        return;
    }
    $connection->send(new Response(404, [], 'Not Found'));
};
Worker::runAll();
