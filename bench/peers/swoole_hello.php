<?php
/*
 * Hello world on Swoole (a benchmark peer, built by ../shared/peers/build.sh, not part of
 * Lyger): SWOOLE_BASE mode, one worker, the same body as examples/hello.php.
 *   php -n -d extension=DIR/swoole/modules/swoole.so bench/peers/swoole_hello.php PORT
 */
$server = new Swoole\Http\Server('127.0.0.1', (int) $argv[1], SWOOLE_BASE);
$server->set(['worker_num' => 1, 'log_level' => 4 /* SWOOLE_LOG_WARNING */]);
$server->on('request', function ($request, $response) {
    if ($request->server['request_uri'] === '/') {
        $response->header('Content-Type', 'text/html; charset=UTF-8');
        $response->end('Hello, World!');
        return;
    }
    $response->status(404);
    $response->end('Not Found');
});
$server->start();
