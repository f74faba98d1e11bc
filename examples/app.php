<?php
/*
 * The Lyger demo: one always-alive PHP process serving an application whose routes
 * use the native cache and a database. Run it with `bash scripts/demo.sh` (it builds
 * the extension), or:
 *   php -d extension=modules/lyger.so examples/app.php [port]
 * With no LYGER_DSN the notes live in SQLite, data/demo.sqlite (LYGER_DATA_DIR moves
 * the directory), so no database server is needed; LYGER_DSN names another database:
 *   LYGER_DSN='postgres://user:pass@host/db' php -d extension=modules/lyger.so examples/app.php
 * Without the extension the same file runs on the pure-PHP fallback.
 */
declare(strict_types=1);

require __DIR__ . '/../php/autoload.php';

use Lyger\Core\DatabaseException;
use Lyger\Core\Engine;

$engine = Engine::getInstance();
$dsn = getenv('LYGER_DSN') ?: '';
if ($dsn === '') {
    $dataDir = getenv('LYGER_DATA_DIR') ?: dirname(__DIR__) . '/data';
    if (!is_dir($dataDir) && !@mkdir($dataDir, 0775, true)) {
        fwrite(STDERR, "cannot create the data directory $dataDir (set LYGER_DATA_DIR or LYGER_DSN)\n");
        exit(1);
    }
    $dsn = 'sqlite:' . $dataDir . '/demo.sqlite';
}
// port 0 = a free port (`?:` binds tighter than `??`: without the parentheses "0" fell to 8080)
$port = (int) ($argv[1] ?? (getenv('LYGER_PORT') ?: 8080));

// The one statement that differs per engine; the queries below use $1, which
// PostgreSQL numbers and SQLite takes as a named parameter bound by position.
$engine->dbExecute($dsn, str_starts_with($dsn, 'sqlite:')
    ? "CREATE TABLE IF NOT EXISTS lyger_demo_notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))"
    : 'CREATE TABLE IF NOT EXISTS lyger_demo_notes (
        id serial PRIMARY KEY, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())');

function json_response(int $status, string $json): array
{
    return ['status' => $status, 'headers' => ['Content-Type' => 'application/json'], 'body' => $json . "\n"];
}

$router = function (string $uri, string $method, array $data, array $request = []) use ($engine, $dsn): array|string {
    switch (true) {
        case $uri === '/':
            $mode = json_decode($engine->systemInfo(), true)['mode'];
            return "<!doctype html><title>Lyger demo</title><h1>" . htmlspecialchars($engine->helloWorld()) . "</h1>"
                . "<p>Engine mode: <b>$mode</b>. Routes:</p><ul>"
                . "<li><a href=/hello?name=you>GET /hello?name=you</a></li>"
                . "<li>GET/PUT/DELETE /cache/{key} (PUT body = value)</li>"
                . "<li><a href=/notes>GET /notes</a>, POST /notes {\"body\": \"...\"}</li>"
                . "<li><a href=/compute?n=1000000>GET /compute?n=1000000</a></li>"
                . "<li><a href=/info>GET /info</a> (systemInfo), <a href=/health>GET /health</a> (answered in C)</li></ul>";

        case $uri === '/hello':
            return json_response(200, json_encode(['hello' => (string) ($data['name'] ?? 'world')]));

        case str_starts_with($uri, '/cache/') && strlen($uri) > 7:
            $key = substr($uri, 7);
            if ($method === 'PUT' || $method === 'POST') {
                $ttl = (int) ($data['ttl'] ?? 0);
                $stored = $engine->cacheSet($key, $request['body'] ?? '', max(0, $ttl));
                return json_response($stored ? 201 : 507, json_encode(['stored' => $stored, 'key' => $key]));
            }
            if ($method === 'DELETE') {
                return json_response(200, json_encode(['deleted' => $engine->cacheDelete($key)]));
            }
            if (!$engine->cacheHas($key)) {
                return json_response(404, json_encode(['error' => "no cache entry '$key'"]));
            }
            return ['status' => 200, 'headers' => ['Content-Type' => 'application/octet-stream'], 'body' => $engine->cacheGet($key)];

        case $uri === '/notes':
            if ($method === 'POST') {
                $body = trim((string) ($data['body'] ?? ''));
                if ($body === '') {
                    return json_response(422, json_encode(['error' => 'body is required']));
                }
                $json = $engine->dbQueryJson($dsn, 'INSERT INTO lyger_demo_notes (body) VALUES ($1) RETURNING *', [$body]);
                $engine->cacheDelete('notes');
                return json_response(201, $json);
            }
            // served from the cache until the next insert
            $json = $engine->cacheGet('notes');
            if ($json === '') {
                $json = $engine->dbQueryJson($dsn, 'SELECT id, body, created_at FROM lyger_demo_notes ORDER BY id DESC LIMIT 50');
                $engine->cacheSet('notes', $json, 30);
            }
            return json_response(200, $json);

        case $uri === '/compute':
            $n = min(max((int) ($data['n'] ?? 1000000), 0), 100000000);
            return json_response(200, json_encode(['n' => $n, 'sum' => $engine->heavyComputation($n)]));

        case $uri === '/info':
            return json_response(200, $engine->systemInfo());
    }
    return json_response(404, json_encode(['error' => "no route for $method $uri"]));
};

$engine->startServer($router, $port, [
    'on_start' => function (string $host, int $port) use ($dsn): void {
        $url = "http://$host:$port";
        fwrite(STDERR, "\nLyger demo at $url/  (Ctrl-C stops it)\n"
            . 'notes are kept in ' . (str_starts_with($dsn, 'sqlite:') ? substr($dsn, 7) . ' (SQLite; LYGER_DSN names another database)' : 'the LYGER_DSN database') . "\n"
            . "try:\n"
            . "  curl $url/hello?name=lyger\n"
            . "  curl -X PUT --data-binary 'hi there' $url/cache/greeting && curl $url/cache/greeting\n"
            . "  curl -d '{\"body\":\"first note\"}' -H 'Content-Type: application/json' $url/notes && curl $url/notes\n"
            . "  curl $url/health\n"
            . "  curl $url/info\n\n");
    },
]);
