<?php
/*
 * examples/hello.php's hello world written for the superglobals mode: the router takes no
 * arguments, reads the path from $_SERVER and echoes, as a php-fpm script does.
 *   php -d extension=modules/lyger.so bench/hello_superglobals.php [port] [workers]
 */
declare(strict_types=1);

$router = static function () {
    if (parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) === '/') {
        echo 'Hello, World!';
        return;
    }
    http_response_code(404);
    echo 'Not Found';
};
$port = (int) ($argv[1] ?? 8000);
$workers = (int) ($argv[2] ?? 1);
Lyger\Core\Engine::startServer($router, $port, ['workers' => $workers, 'superglobals' => true]);
