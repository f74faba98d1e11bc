<?php
/*
 * Worker mode for the php-fpm front controller ../public/index.php, unchanged:
 *   php -d extension=lyger.so worker/index.php [port] [workers]      (port 0: any free port)
 * Bootstrap once (here: load the application's classes), then each request runs the front
 * controller script with the request's superglobals. A front controller is a script, not
 * a callable, so the router is a closure that requires it; with opcache on (as php-fpm has
 * it) the require costs no compile. document_root is public/, as nginx's root: its files
 * are served in C and SCRIPT_NAME is /index.php as under nginx.
 */
require_once __DIR__ . '/../src/App.php';

$port = (int) ($argv[1] ?? 8000);
$workers = (int) ($argv[2] ?? 1);
Lyger\Core\Engine::startServer(function () {
    require __DIR__ . '/../public/index.php';
}, $port, [
    'superglobals' => true,
    'workers' => $workers,
    'document_root' => dirname(__DIR__) . '/public',
    'on_start' => function (string $host, int $port) {
        fwrite(STDOUT, "listening on http://$host:$port\n");
    },
]);
