<?php
/*
 * The smallest Lyger application: one router, served by Engine::startServer().
 *   php -d extension=modules/lyger.so -d auto_prepend_file=php/autoload.php examples/hello.php [port] [workers]
 * Without the extension the same script runs on the pure-PHP fallback server.
 * Under `php -S` (the benchmark's peer) it answers the current request and returns.
 */

declare(strict_types=1);

use Lyger\Core\Engine;

$router = static function (string $uri, string $method, array $data = [], array $request = []) {
    if ($uri === '/') {
        return 'Hello, World!';
    }
    if ($uri === '/json') {
        return ['status' => 200, 'headers' => ['Content-Type' => 'application/json'], 'body' => json_encode(['hello' => $data['name'] ?? 'world'])];
    }
    return ['status' => 404, 'body' => 'Not Found'];
};

if (PHP_SAPI === 'cli-server') {
    $r = $router(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) ?: '/', $_SERVER['REQUEST_METHOD'], $_GET + $_POST);
    if (is_array($r)) {
        http_response_code($r['status']);
        foreach ($r['headers'] ?? [] as $k => $v) {
            header("$k: $v");
        }
        $r = $r['body'];
    }
    echo $r;
    return;
}

if (!class_exists(Engine::class)) {
    require __DIR__ . '/../php/autoload.php';
}
$port = (int) ($argv[1] ?? 8000);
$workers = (int) ($argv[2] ?? 1);
Engine::getInstance()->startServer($router, $port, ['workers' => $workers]);
