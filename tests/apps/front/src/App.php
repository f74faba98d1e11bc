<?php
/*
 * A classic front-controller application written for php-fpm: it reads the request from
 * $_SERVER, $_GET, $_POST, $_COOKIE, $_FILES and php://input, and answers with
 * http_response_code(), header(), setcookie(), sessions and echo. Nothing in it knows about
 * Lyger. public/index.php runs it under php-fpm; worker/index.php loads this file once and
 * serves the same public/index.php through startServer in superglobals mode.
 */

namespace Front;

final class App
{
    /** Requests this process has served (a worker keeps it; php-fpm starts each request at 1). */
    private static int $served = 0;

    public static function run(): void
    {
        self::$served++;
        $path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) ?: '/';
        $method = $_SERVER['REQUEST_METHOD'];
        switch (true) {
            case $path === '/hello':
                echo 'Hello, World!';
                return;
            case $path === '/json':
                header('Content-Type: application/json');
                echo json_encode(['message' => 'Hello, World!']);
                return;
            case $path === '/query':
                header('Content-Type: application/json');
                echo json_encode(['get' => $_GET, 'query' => $_SERVER['QUERY_STRING']]);
                return;
            case $path === '/form' && $method === 'POST':
                echo 'Thanks, ', htmlspecialchars($_POST['name'] ?? '?'), ' (', count($_POST), " fields)\n";
                return;
            case $path === '/api/items' && $method === 'POST':
                self::createItem();
                return;
            case $path === '/headers':
                self::headers();
                return;
            case $path === '/session':
                session_start();
                $_SESSION['n'] = ($_SESSION['n'] ?? 0) + 1;
                echo 'visits: ', $_SESSION['n'], "\n";
                return;
            case $path === '/upload' && $method === 'POST':
                self::upload();
                return;
            case $path === '/redirect':
                header('Location: /hello');
                http_response_code(302);
                return;
            case $path === '/server':
                self::server();
                return;
            default:
                http_response_code(404);
                echo "Not found: ", htmlspecialchars($path), "\n";
        }
    }

    /** JSON in through php://input, JSON out with 201 or 422. */
    private static function createItem(): void
    {
        header('Content-Type: application/json; charset=utf-8');
        $in = json_decode(file_get_contents('php://input'), true);
        if (!is_array($in) || !isset($in['name'])) {
            http_response_code(422);
            echo json_encode(['error' => 'name is required']);
            return;
        }
        http_response_code(201);
        header('Location: /api/items/42');
        echo json_encode(['id' => 42, 'name' => $in['name'], 'tags' => $in['tags'] ?? []]);
    }

    private static function headers(): void
    {
        header('X-App: front');
        header('Cache-Control: no-store');
        header('X-Multi: one');
        header('X-Multi: two', false);
        header('X-Removed: yes');
        header_remove('X-Removed');
        setcookie('theme', 'dark', ['path' => '/', 'httponly' => true, 'samesite' => 'Lax']);
        setrawcookie('raw', 'a%20b');
        header('Content-Type: text/plain; charset=utf-8');
        echo 'cookie in: ', $_COOKIE['theme'] ?? '(none)', "\n";
        echo 'headers_sent: ', var_export(headers_sent(), true), "\n";
        echo 'headers_list: ', implode(' | ', array_filter(headers_list(), fn ($h) => !str_starts_with($h, 'X-Powered-By'))), "\n";
    }

    /** An upload moved out of upload_tmp_dir with move_uploaded_file(). */
    private static function upload(): void
    {
        header('Content-Type: text/plain');
        $f = $_FILES['file'] ?? null;
        if ($f === null) {
            http_response_code(400);
            echo "no file\n";
            return;
        }
        echo 'name: ', $f['name'], "\ntype: ", $f['type'], "\nsize: ", $f['size'], "\nerror: ", $f['error'], "\n";
        echo 'is_uploaded_file: ', var_export(is_uploaded_file($f['tmp_name']), true), "\n";
        $dest = tempnam(sys_get_temp_dir(), 'front-upload-');
        $moved = move_uploaded_file($f['tmp_name'], $dest);
        echo 'moved: ', var_export($moved, true), "\nsha1: ", $moved ? sha1_file($dest) : '-', "\n";
        echo 'field: ', $_POST['title'] ?? '(none)', "\n";
        @unlink($dest);
    }

    /** The request keys of $_SERVER the application reads (those that do not name a path on disk). */
    private static function server(): void
    {
        header('Content-Type: application/json');
        $keys = ['REQUEST_METHOD', 'REQUEST_URI', 'QUERY_STRING', 'SCRIPT_NAME', 'PHP_SELF', 'SERVER_PROTOCOL',
            'GATEWAY_INTERFACE', 'REQUEST_SCHEME', 'SERVER_PORT', 'SERVER_ADDR', 'REMOTE_ADDR', 'CONTENT_TYPE',
            'CONTENT_LENGTH', 'HTTP_HOST', 'HTTP_ACCEPT', 'HTTP_X_TRACE_ID', 'REDIRECT_STATUS', 'HTTPS'];
        $out = [];
        foreach ($keys as $k) {
            $out[$k] = $_SERVER[$k] ?? null;
        }
        $out['REQUEST_TIME is int'] = is_int($_SERVER['REQUEST_TIME'] ?? null);
        $out['REQUEST_TIME_FLOAT is float'] = is_float($_SERVER['REQUEST_TIME_FLOAT'] ?? null);
        echo json_encode($out, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
    }
}
