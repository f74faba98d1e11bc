<?php

declare(strict_types=1);

namespace Lyger\Core\Internal;

use Lyger\Core\EngineException;

/**
 * @internal The pure-PHP HTTP/1.1 server behind the fallback Engine::startServer(): one
 * process, stream_socket_server + stream_select, the same contract as src/http_server.c
 * (keep-alive, pipelining in order, chunked bodies, Expect, HEAD, limits, timeouts,
 * /health, static files, graceful stop). Requests are read by HttpRequestParser, router
 * return values shaped by RouterResponse. Slower, and limited to what select() can watch
 * (FD_SETSIZE, 1024 descriptors).
 */
final class Server
{
    private const BACKPRESSURE = 1 << 20;
    private const STOP_GRACE = 5.0;
    private const LINGER = 1.0;
    private const REASONS = [100 => 'Continue', 101 => 'Switching Protocols', 200 => 'OK', 201 => 'Created',
        202 => 'Accepted', 204 => 'No Content', 206 => 'Partial Content', 301 => 'Moved Permanently', 302 => 'Found',
        303 => 'See Other', 304 => 'Not Modified', 307 => 'Temporary Redirect', 308 => 'Permanent Redirect',
        400 => 'Bad Request', 401 => 'Unauthorized', 403 => 'Forbidden', 404 => 'Not Found',
        405 => 'Method Not Allowed', 406 => 'Not Acceptable', 408 => 'Request Timeout', 409 => 'Conflict',
        410 => 'Gone', 411 => 'Length Required', 413 => 'Content Too Large', 414 => 'URI Too Long',
        415 => 'Unsupported Media Type', 417 => 'Expectation Failed', 422 => 'Unprocessable Content',
        429 => 'Too Many Requests', 431 => 'Request Header Fields Too Large', 500 => 'Internal Server Error',
        501 => 'Not Implemented', 502 => 'Bad Gateway', 503 => 'Service Unavailable', 504 => 'Gateway Timeout',
        505 => 'HTTP Version Not Supported'];
    private const MIME = ['html' => 'text/html; charset=utf-8', 'htm' => 'text/html; charset=utf-8',
        'css' => 'text/css; charset=utf-8', 'js' => 'text/javascript; charset=utf-8',
        'mjs' => 'text/javascript; charset=utf-8', 'json' => 'application/json', 'map' => 'application/json',
        'txt' => 'text/plain; charset=utf-8', 'csv' => 'text/csv; charset=utf-8', 'md' => 'text/markdown; charset=utf-8',
        'xml' => 'application/xml', 'svg' => 'image/svg+xml', 'png' => 'image/png', 'jpg' => 'image/jpeg',
        'jpeg' => 'image/jpeg', 'gif' => 'image/gif', 'webp' => 'image/webp', 'avif' => 'image/avif',
        'ico' => 'image/x-icon', 'bmp' => 'image/bmp', 'woff' => 'font/woff', 'woff2' => 'font/woff2',
        'ttf' => 'font/ttf', 'otf' => 'font/otf', 'eot' => 'application/vnd.ms-fontobject', 'pdf' => 'application/pdf',
        'zip' => 'application/zip', 'gz' => 'application/gzip', 'tar' => 'application/x-tar',
        'wasm' => 'application/wasm', 'mp3' => 'audio/mpeg', 'ogg' => 'audio/ogg', 'wav' => 'audio/wav',
        'mp4' => 'video/mp4', 'webm' => 'video/webm', 'webmanifest' => 'application/manifest+json'];

    private static ?Server $current = null;
    private static bool $shutdownRegistered = false;

    public int $requests = 0;
    public int $port = 0;
    /** @var resource|null */
    private $listener = null;
    /** @var array<int, array<string, mixed>> */
    private array $conns = [];
    private int $nextId = 1;
    private bool $stopping = false;
    /** set by the SIGINT/SIGTERM handler; acted on by the loop between steps */
    private bool $stopRequested = false;
    private float $stopDeadline = 0.0;
    private ?string $root = null;
    /** @var resource|null */
    private $log = null;
    private float $started;
    /** id of the connection whose request the router is handling */
    private ?int $dispatching = null;
    private int $outputLevel = 0;
    private string $dateCache = '';
    /** max_execution_time when the server started, applied per router call */
    private int $timeLimit = 0;
    private int $dateSecond = 0;
    /** superglobals mode: the request's superglobals, php://input, status and session */
    private ?Superglobals $sg = null;
    private bool $sgActive = false;

    /** @var callable */
    private $router;
    private HttpRequestParser $parser;

    public function __construct(private ServerConfig $cfg, callable $router)
    {
        $this->router = $router;
        $this->parser = new HttpRequestParser($cfg->maxHeaderSize, $cfg->maxBodySize);
        $this->started = microtime(true);
        $this->timeLimit = (int) ini_get('max_execution_time');
    }

    public static function current(): ?self
    {
        return self::$current;
    }

    public function connectionCount(): int
    {
        return count($this->conns);
    }

    public function stop(): void
    {
        if ($this->stopping) {
            return;
        }
        $this->stopping = true;
        $this->stopDeadline = microtime(true) + self::STOP_GRACE;
        if ($this->listener) {
            fclose($this->listener);
            $this->listener = null;
        }
        foreach ($this->conns as $id => $c) {
            if ($id === $this->dispatching) {
                continue;
            }
            if ($c['out'] === '' && !$c['started']) {
                $this->close($id);
            } elseif (!$c['started']) {
                $this->conns[$id]['close'] = true;
            }
        }
    }

    public function run(): void
    {
        $cfg = $this->cfg;
        if ($cfg->documentRoot !== null) {
            $real = realpath($cfg->documentRoot);
            if ($real === false) {
                throw new EngineException("startServer(): document_root '{$cfg->documentRoot}' cannot be used: No such file or directory");
            }
            if (!is_dir($real)) {
                throw new EngineException("startServer(): document_root '{$cfg->documentRoot}' is not a directory");
            }
            $this->root = rtrim($real, '/');
        }
        $this->listen();
        if ($cfg->superglobals) {
            // to the log, not stdout: output on stdout would mark the CLI's headers as sent, and
            // http_response_code() would stop working for the whole run
            error_log('Lyger server: superglobals mode in the PHP fallback fills the superglobals, php://input, the status and sessions, but the CLI drops header() and setcookie() before PHP code sees them: their headers are not sent (the lyger extension sends them); exit() stops the server');
        }
        if ($cfg->workers > 1) {
            trigger_error(sprintf('Lyger\Core\Engine::startServer(): %d workers need the lyger extension; the PHP fallback serves with one process', $cfg->workers), E_USER_WARNING);
            $cfg->workers = 1;
        }
        if ($cfg->onStart !== null) {
            try {
                ($cfg->onStart)($cfg->host, $this->port);
            } catch (\Throwable $e) {
                fclose($this->listener);
                $this->listener = null;
                throw $e;
            }
        }
        if ($cfg->accessLog !== null) {
            $this->log = match ($cfg->accessLog) {
                '-', 'php://stderr' => STDERR,
                'php://stdout' => STDOUT,
                default => @fopen($cfg->accessLog, 'a'),
            };
            if (!$this->log) {
                fclose($this->listener);
                $err = error_get_last()['message'] ?? 'cannot open';
                throw new EngineException("startServer(): cannot open access_log '{$cfg->accessLog}': " . preg_replace('/^.*: /', '', $err));
            }
        }
        $this->banner();
        $previous = $this->installSignals();
        if (!self::$shutdownRegistered) {
            self::$shutdownRegistered = true;
            register_shutdown_function(static function (): void {
                self::$current?->onShutdown();
            });
        }
        self::$current = $this;
        try {
            $this->loop();
        } finally {
            self::$current = null;
            foreach (array_keys($this->conns) as $id) {
                $this->close($id);
            }
            if ($this->listener) {
                fclose($this->listener);
                $this->listener = null;
            }
            $this->restoreSignals($previous);
            if ($this->log && $this->log !== STDERR && $this->log !== STDOUT) {
                fclose($this->log);
            }
            $this->log = null;
        }
    }

    // ---- startup -------------------------------------------------------------------

    private function listen(): void
    {
        $host = $this->cfg->host;
        $shown = str_contains($host, ':') && $host[0] !== '[' ? "[$host]" : $host;
        $ctx = stream_context_create(['socket' => ['backlog' => 4096]]);
        $errno = 0;
        $errstr = '';
        $sock = @stream_socket_server("tcp://$shown:{$this->cfg->port}", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
        if ($sock === false) {
            if ($errno === 98 || stripos($errstr, 'in use') !== false) {
                throw new EngineException("startServer(): cannot listen on $host:{$this->cfg->port}: the address is already in use");
            }
            if ($errno === 0 || str_contains($errstr, 'getaddrinfo')) {
                throw new EngineException("startServer(): cannot resolve host '$host': " . preg_replace('/^.*failed: /', '', $errstr));
            }
            throw new EngineException("startServer(): cannot listen on $host:{$this->cfg->port}: $errstr");
        }
        stream_set_blocking($sock, false);
        $name = stream_socket_get_name($sock, false);
        $this->port = (int) substr((string) strrchr((string) $name, ':'), 1);
        $this->listener = $sock;
    }

    private function banner(): void
    {
        $host = $this->cfg->host;
        $shown = $host === '0.0.0.0' ? '127.0.0.1' : $host;
        if (str_contains($shown, ':') && $shown[0] !== '[') {
            $shown = "[$shown]";
        }
        $all = $host === '0.0.0.0' || $host === '::';
        fwrite(STDERR, sprintf("Lyger server (PHP fallback) listening on http://%s:%d/ (workers: 1, pid %d)\n  %s; Ctrl-C or SIGTERM stops it.\n",
            $shown, $this->port, getmypid(), $all ? 'listening on all interfaces' : "to listen on all interfaces pass ['host' => '0.0.0.0']"));
    }

    /** @return array<int, mixed>|null */
    private function installSignals(): ?array
    {
        if (!function_exists('pcntl_signal')) {
            return null;
        }
        $prev = ['async' => pcntl_async_signals(true)];
        foreach ([SIGINT, SIGTERM] as $sig) {
            $prev[$sig] = pcntl_signal_get_handler($sig);
            // Async handlers run between any two opcodes, e.g. inside close() between
            // fclose() and unset(): only raise a flag, and let the loop stop at a safe point.
            pcntl_signal($sig, function (): void {
                $this->stopRequested = true;
            });
        }
        return $prev;
    }

    /** @param array<int|string, mixed>|null $prev */
    private function restoreSignals(?array $prev): void
    {
        if ($prev === null) {
            return;
        }
        foreach ([SIGINT, SIGTERM] as $sig) {
            pcntl_signal($sig, $prev[$sig] ?? SIG_DFL);
        }
        pcntl_async_signals($prev['async']);
    }

    // ---- the loop ------------------------------------------------------------------

    private function loop(): void
    {
        while (true) {
            if ($this->stopRequested && !$this->stopping) {
                $this->stop();
            }
            $now = microtime(true);
            if ($this->stopping && ($this->conns === [] || $now > $this->stopDeadline)) {
                return;
            }
            $read = [];
            $write = [];
            $next = $now + 0.25;
            if ($this->listener) {
                $read[0] = $this->listener;
            }
            foreach ($this->conns as $id => $c) {
                if ($c['reading'] && strlen($c['out']) <= self::BACKPRESSURE) {
                    $read[$id] = $c['sock'];
                }
                if ($c['out'] !== '') {
                    $write[$id] = $c['sock'];
                }
                $next = min($next, $c['deadline']);
            }
            $wait = max(0.0, $next - $now);
            $except = null;
            if ($read === [] && $write === []) {
                usleep((int) ($wait * 1e6));
                $n = 0;
            } else {
                $n = @stream_select($read, $write, $except, (int) $wait, (int) (($wait - (int) $wait) * 1e6));
            }
            if ($n === false) {
                continue; // interrupted by a signal
            }
            foreach ($write as $id => $_) {
                if (isset($this->conns[$id])) {
                    $this->flush($id);
                }
            }
            foreach ($read as $id => $_) {
                if ($id === 0) {
                    $this->accept();
                } elseif (isset($this->conns[$id])) {
                    $this->readFrom($id);
                }
            }
            $this->expire(microtime(true));
        }
    }

    private function accept(): void
    {
        for ($i = 0; $i < 64 && $this->listener; $i++) {
            $sock = @stream_socket_accept($this->listener, 0, $peer);
            if ($sock === false) {
                return;
            }
            stream_set_blocking($sock, false);
            stream_set_read_buffer($sock, 0);
            stream_set_write_buffer($sock, 0);
            $local = (string) stream_socket_get_name($sock, false);
            $lpos = strrpos($local, ':');
            $pos = strrpos((string) $peer, ':');
            $addr = trim(substr((string) $peer, 0, (int) $pos), '[]');
            $id = $this->nextId++;
            $this->conns[$id] = [
                'sock' => $sock, 'in' => '', 'out' => '', 'addr' => $addr, 'port' => (int) substr((string) $peer, $pos + 1),
                'deadline' => microtime(true) + $this->cfg->readTimeout, 'mode' => 'read', 'reading' => true,
                'close' => false, 'started' => false, 'req' => null, 'error' => false, 'lingering' => false,
                'local_addr' => trim(substr($local, 0, (int) $lpos), '[]'), 'local_port' => (int) substr($local, (int) $lpos + 1),
            ];
        }
    }

    private function readFrom(int $id): void
    {
        $c = &$this->conns[$id];
        $data = @fread($c['sock'], 65536);
        if ($data === false || $data === '') {
            if (feof($c['sock']) || $data === false) {
                if ($c['out'] !== '' && !$c['lingering']) {
                    $c['close'] = true;
                    $c['reading'] = false;
                } else {
                    $this->close($id);
                }
            }
            return;
        }
        if ($c['lingering']) {
            return; // discarded
        }
        $c['in'] .= $data;
        unset($c);
        $this->process($id);
    }

    private function expire(float $now): void
    {
        foreach ($this->conns as $id => $c) {
            if ($c['deadline'] > $now) {
                continue;
            }
            if ($c['mode'] === 'read' && $c['started'] && $c['out'] === '' && !$c['close']) {
                $this->sendError($id, 408, 'request not received in time', 1);
            } elseif ($c['mode'] === 'read' && $c['out'] !== '') {
                $this->conns[$id]['deadline'] = $now + $this->cfg->readTimeout;
            } else {
                $this->close($id);
            }
        }
    }

    private function close(int $id): void
    {
        if (!isset($this->conns[$id])) {
            return;
        }
        @fclose($this->conns[$id]['sock']);
        unset($this->conns[$id]);
    }

    // ---- writing -------------------------------------------------------------------

    private function send(int $id, string $bytes): void
    {
        $this->conns[$id]['out'] .= $bytes;
        $this->flush($id);
    }

    private function flush(int $id): void
    {
        $c = &$this->conns[$id];
        while ($c['out'] !== '') {
            $n = @fwrite($c['sock'], $c['out']);
            if ($n === false) {
                unset($c);
                $this->close($id);
                return;
            }
            if ($n === 0) {
                return;
            }
            $c['out'] = (string) substr($c['out'], $n);
        }
        if ($c['close']) {
            if ($c['error'] && !$c['lingering']) {
                // An error was answered: half-close and drain, so unread input does not
                // make the kernel reset the connection before the client reads our answer.
                @stream_socket_shutdown($c['sock'], STREAM_SHUT_WR);
                $c['lingering'] = true;
                $c['reading'] = true;
                $c['mode'] = 'linger';
                $c['deadline'] = microtime(true) + self::LINGER;
                return;
            }
            if (!$c['lingering']) {
                unset($c);
                $this->close($id);
            }
            return;
        }
        unset($c);
        if ($this->conns[$id]['in'] !== '' && $this->conns[$id]['req'] === null) {
            $this->process($id); // resume after back-pressure
        }
    }

    private function date(): string
    {
        $t = time();
        if ($t !== $this->dateSecond) {
            $this->dateSecond = $t;
            $this->dateCache = gmdate('D, d M Y H:i:s', $t) . ' GMT';
        }
        return $this->dateCache;
    }

    private function head(int $status, int $minor, bool $keepAlive, string $extra, ?string $type, ?int $length): string
    {
        $h = "HTTP/1.$minor $status " . (self::REASONS[$status] ?? 'Unknown') . "\r\nServer: Lyger\r\nDate: " . $this->date() . "\r\n";
        if ($type !== null) {
            $h .= "Content-Type: $type\r\n";
        }
        $h .= $extra;
        if ($length !== null) {
            $h .= "Content-Length: $length\r\n";
        }
        if (!$keepAlive) {
            return $h . "Connection: close\r\n\r\n";
        }
        return $h . ($minor === 0 ? "Connection: keep-alive\r\n\r\n" : "\r\n");
    }

    private function sendError(int $id, int $status, string $message, int $minor, ?array $req = null): void
    {
        $body = json_encode(['error' => $message], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PARTIAL_OUTPUT_ON_ERROR);
        $bytes = $this->head($status, $minor, false, '', 'application/json', strlen($body)) . $body;
        $this->conns[$id]['close'] = true;
        $this->conns[$id]['error'] = true;
        $this->conns[$id]['reading'] = false;
        $this->requests++;
        $this->logAccess($id, $req, $status, strlen($bytes));
        $this->send($id, $bytes);
    }

    /** @param array<string, mixed>|null $req */
    private function logAccess(int $id, ?array $req, int $status, int $bytes): void
    {
        if (!$this->log) {
            return;
        }
        $esc = static fn (string $s, int $max): string => preg_replace_callback('/[^\x20-\x7e]|["\\\\]/', static fn ($m) => sprintf('\\x%02x', ord($m[0])), substr($s, 0, $max));
        $line = sprintf('%s - - [%s] "%s" %d %d "%s" "%s"' . "\n", $this->conns[$id]['addr'] ?? '-', gmdate('d/M/Y:H:i:s +0000'),
            $req ? $req['method'] . ' ' . $esc($req['target'], 2048) . " HTTP/1.{$req['minor']}" : '-', $status, $bytes,
            $esc($req['headers']['referer'] ?? '', 512), $esc($req['headers']['user-agent'] ?? '', 512));
        fwrite($this->log, $line);
    }

    // ---- parsing -------------------------------------------------------------------

    private function process(int $id): void
    {
        while (isset($this->conns[$id])) {
            $c = &$this->conns[$id];
            if ($c['close'] || $c['lingering'] || strlen($c['out']) > self::BACKPRESSURE || $c['in'] === '') {
                return;
            }
            if ($c['req'] === null) {
                $c['in'] = ltrim($c['in'], "\r\n");
                if ($c['in'] === '') {
                    return;
                }
                if (!$c['started']) {
                    $c['started'] = true;
                    $c['mode'] = 'read';
                    $c['deadline'] = microtime(true) + $this->cfg->readTimeout;
                }
                $end = strpos($c['in'], "\r\n\r\n");
                if ($end === false) {
                    if (strlen($c['in']) > $this->cfg->maxHeaderSize + 4) {
                        $lineEnd = strpos($c['in'], "\r\n");
                        unset($c);
                        $this->sendError($id, $lineEnd === false ? 414 : 431, $lineEnd === false ? 'request target too long' : 'header section too large', 1);
                    }
                    return;
                }
                $head = substr($c['in'], 0, $end);
                $c['in'] = (string) substr($c['in'], $end + 4);
                $req = $this->parser->parseHead($head);
                if (isset($req['error'])) {
                    unset($c);
                    $this->sendError($id, $req['error'], $req['reason'], $req['minor'] ?? 1);
                    return;
                }
                $c['req'] = $req;
                if ($req['expect'] && $req['mode'] !== 'none' && $c['in'] === '') {
                    unset($c);
                    $this->send($id, "HTTP/1.1 100 Continue\r\n\r\n");
                    $c = &$this->conns[$id];
                }
            }
            $done = $this->parser->readBody($c);
            if ($done === null) {
                $req = $c['req'];
                unset($c);
                $this->sendError($id, 413, 'body too large', $req['minor'], $req);
                return;
            }
            if (is_string($done)) {
                $req = $c['req'];
                unset($c);
                $this->sendError($id, 400, $done, $req['minor'], $req);
                return;
            }
            if ($done === false) {
                return;
            }
            $req = $c['req'];
            $c['req'] = null;
            $c['started'] = false;
            unset($c);
            $this->handle($id, $req);
            if (isset($this->conns[$id]) && !$this->conns[$id]['close']) {
                $this->conns[$id]['mode'] = 'idle';
                $this->conns[$id]['deadline'] = microtime(true) + $this->cfg->keepaliveTimeout;
            }
        }
    }

    // ---- answering -----------------------------------------------------------------

    /** @param array<string, mixed> $req */
    private function handle(int $id, array $req): void
    {
        $this->requests++;
        $keepAlive = $req['keepAlive'] && !$this->stopping;
        $headOnly = $req['method'] === 'HEAD';
        $getLike = $headOnly || $req['method'] === 'GET';
        if ($getLike && $req['path'] === '/health') {
            $this->health($id, $req, $keepAlive, $headOnly);
        } elseif (!($this->root !== null && $getLike && $this->serveStatic($id, $req, $keepAlive, $headOnly))) {
            $this->serveApp($id, $req, $keepAlive, $headOnly);
        }
        if (isset($this->conns[$id]) && !$keepAlive) {
            $this->conns[$id]['close'] = true;
            $this->conns[$id]['reading'] = false;
            if ($this->conns[$id]['out'] === '') {
                $this->close($id);
            }
        }
    }

    /** @param array<string, mixed> $req */
    private function health(int $id, array $req, bool $keepAlive, bool $headOnly): void
    {
        $statm = @file_get_contents('/proc/self/statm');
        $rss = $statm ? (int) explode(' ', $statm)[1] * 4096 : memory_get_usage(true);
        $body = sprintf('{"status":"ok","uptime_seconds":%.3f,"requests":%d,"connections":%d,"memory_rss_bytes":%d,"pid":%d,"worker":-1,"workers":1}',
            microtime(true) - $this->started, $this->requests, count($this->conns), $rss, getmypid());
        $bytes = $this->head(200, $req['minor'], $keepAlive, "Cache-Control: no-store\r\n", 'application/json', strlen($body)) . ($headOnly ? '' : $body);
        $this->logAccess($id, $req, 200, strlen($bytes));
        $this->send($id, $bytes);
    }

    /** @param array<string, mixed> $req */
    private function serveStatic(int $id, array $req, bool $keepAlive, bool $headOnly): bool
    {
        $path = $req['path'];
        if (str_contains($path, "\0") || str_contains($path, '\\') || in_array('..', explode('/', $path), true)) {
            $this->sendError($id, 400, 'invalid path', $req['minor'], $req);
            return true;
        }
        $file = $this->resolve($this->root . $path);
        if ($file !== null && is_dir($file)) {
            $file = $this->resolve($file . '/index.html');
        }
        if ($file === null || !is_file($file) || strcasecmp(substr($file, -4), '.php') === 0) {
            return false; // a PHP script is the application's: never sent as a file
        }
        $mtime = (int) filemtime($file);
        $lm = gmdate('D, d M Y H:i:s', $mtime) . ' GMT';
        $extra = "Last-Modified: $lm\r\n";
        $ims = $req['headers']['if-modified-since'] ?? null;
        if ($ims !== null) {
            $since = \DateTimeImmutable::createFromFormat('!D, d M Y H:i:s \G\M\T', $ims, new \DateTimeZone('UTC'));
            if ($since !== false && $mtime <= $since->getTimestamp()) {
                $bytes = $this->head(304, $req['minor'], $keepAlive, $extra, null, null);
                $this->logAccess($id, $req, 304, strlen($bytes));
                $this->send($id, $bytes);
                return true;
            }
        }
        $ext = strtolower(pathinfo($file, PATHINFO_EXTENSION));
        $type = self::MIME[$ext] ?? 'application/octet-stream';
        $size = (int) filesize($file);
        $content = $headOnly ? '' : @file_get_contents($file);
        if ($content === false) {
            return false;
        }
        $bytes = $this->head(200, $req['minor'], $keepAlive, $extra, $type, $size) . $content;
        $this->logAccess($id, $req, 200, strlen($bytes));
        $this->send($id, $bytes);
        return true;
    }

    private function resolve(string $candidate): ?string
    {
        $real = realpath($candidate);
        if ($real === false) {
            return null;
        }
        return $this->root === '' || $real === $this->root || str_starts_with($real, $this->root . '/') ? $real : null;
    }

    /** @param array<string, mixed> $req */
    private function serveApp(int $id, array $req, bool $keepAlive, bool $headOnly): void
    {
        $data = [];
        if ($req['query'] !== '') {
            parse_str($req['query'], $data);
        }
        $type = strtolower($req['headers']['content-type'] ?? '');
        $files = [];
        $multipart = null;
        if (Multipart::isMultipart($type)) {
            [$body, $files] = $multipart = Multipart::parse($req['headers']['content-type'], $req['body']);
            $data = array_replace($data, $body);
        } elseif ($req['body'] !== '' && $type !== '') {
            $body = null;
            if (str_starts_with($type, 'application/x-www-form-urlencoded')) {
                parse_str($req['body'], $body);
            } elseif (preg_match('#^(application/json|[^;]*\+json)\s*(;|$)#', $type) && ltrim($req['body'])[0] === '{') {
                $body = json_decode($req['body'], true, 512);
            }
            if (is_array($body)) {
                $data = array_replace($data, $body);
            }
        }
        $request = [
            'method' => $req['method'], 'uri' => $req['target'], 'path' => $req['path'], 'query' => $req['query'],
            'protocol' => 'HTTP/1.' . $req['minor'], 'headers' => $req['headers'], 'body' => $req['body'],
            'remote_addr' => $this->conns[$id]['addr'], 'remote_port' => $this->conns[$id]['port'], 'files' => $files,
        ];
        $this->dispatching = $id;
        $this->currentRequest = $req;
        $this->outputLevel = ob_get_level();
        ob_start();
        if ($this->cfg->superglobals) {
            // after ob_start(): a warning while filling them is the request's output, as native
            $c = $this->conns[$id];
            $this->sg ??= new Superglobals($this->cfg, $c['local_addr'], $c['local_port']);
            $this->sg->begin($req, $c['addr'], $c['port'], $multipart);
            $this->sgActive = true;
        }
        error_clear_last();
        $limit = $this->timeLimit;
        if ($limit > 0) {
            set_time_limit($limit); // per request, not for the server's whole life
        }
        $ret = null;
        $thrown = null;
        try {
            $ret = ($this->router)($req['path'], $req['method'], $data, $request);
        } catch (\Throwable $e) {
            $thrown = $e;
        }
        if ($limit > 0) {
            set_time_limit(0);
        }
        $out = $this->collectOutput();
        $this->dispatching = null;
        $sgEnd = $this->sgEnd();
        // one HTTP request is one request for the database: results freed, transactions rolled back
        if (class_exists(Db::class, false)) {
            Db::requestEnd();
        }
        Multipart::cleanup(); // temp files the router did not move
        $res = ['status' => $sgEnd['status'] ?? 200, 'headers' => $sgEnd['headers'] ?? '', 'body' => '', 'type' => false, 'close' => false];
        if ($thrown !== null) {
            RouterResponse::exception($res, $thrown, $req, $this->cfg->debug);
            if ($out !== '') {
                error_log(sprintf('Lyger server: output of the router for %s %s (%d bytes, not sent: it threw): %s', $req['method'], $req['path'], strlen($out), $out));
            }
        } else {
            $handled = true;
            try {
                if (is_string($ret)) {
                    $res['body'] = $ret;
                } elseif ($ret === null) {
                    $res['body'] = $out;
                    $out = '';
                } elseif (is_array($ret)) {
                    $handled = RouterResponse::fromArray($res, $ret, $req);
                } elseif (is_object($ret) && method_exists($ret, 'getStatusCode') && (method_exists($ret, 'getContent') || method_exists($ret, 'getBody'))) {
                    RouterResponse::fromObject($res, $ret);
                } else {
                    $handled = false;
                }
            } catch (\Throwable $e) {
                RouterResponse::exception($res, $e, $req, $this->cfg->debug);
            }
            if (!$handled) {
                error_log(sprintf("Lyger server: router for %s %s returned %s; expected a string, an array ['status', 'headers', 'body'], a Response object or null",
                    $req['method'], $req['path'], get_debug_type($ret)));
                RouterResponse::error($res, 500, ['error' => 'the router returned an unsupported value']);
            }
            if ($out !== '') {
                error_log(sprintf('Lyger server: output of the router for %s %s (%d bytes, not sent: it returned a response): %s', $req['method'], $req['path'], strlen($out), $out));
            }
        }
        if (!isset($this->conns[$id])) {
            return;
        }
        $this->respond($id, $req, $res, $keepAlive && !$res['close'] && !$this->stopping, $headOnly);
    }

    /** @var array<string, mixed>|null */
    private ?array $currentRequest = null;

    /** @return array{status: int, headers: string}|null */
    private function sgEnd(): ?array
    {
        if (!$this->sgActive || $this->sg === null) {
            return null;
        }
        $this->sgActive = false;
        return $this->sg->end();
    }

    private function collectOutput(): string
    {
        $out = '';
        while (ob_get_level() > $this->outputLevel + 1) {
            ob_end_flush();
        }
        if (ob_get_level() === $this->outputLevel + 1) {
            $out = (string) ob_get_clean();
        }
        return $out;
    }

    /**
     * @param array<string, mixed> $res
     * @param array<string, mixed> $req
     */
    private function respond(int $id, array $req, array $res, bool $keepAlive, bool $headOnly): void
    {
        $status = $res['status'];
        $noBody = $status < 200 || $status === 204 || $status === 304;
        $type = $res['type'] || $noBody || ($res['body'] === '' && $status !== 200) ? null : 'text/html; charset=utf-8';
        $bytes = $this->head($status, $req['minor'], $keepAlive, $res['headers'], $type, $noBody ? null : strlen($res['body']));
        if (!$headOnly && !$noBody) {
            $bytes .= $res['body'];
        }
        $this->logAccess($id, $req, $status, strlen($bytes));
        if (!$keepAlive) {
            $this->conns[$id]['close'] = true;
            $this->conns[$id]['reading'] = false;
        }
        $this->send($id, $bytes);
    }

    /**
     * exit() or a fatal error inside the router ends the script: this shutdown function
     * still answers the request in flight (what was printed, or 500 for a fatal error).
     */
    private function onShutdown(): void
    {
        $id = $this->dispatching;
        if ($id === null || !isset($this->conns[$id])) {
            return;
        }
        $this->dispatching = null;
        Multipart::cleanup();
        $out = $this->collectOutput();
        $err = error_get_last();
        $fatal = $err !== null && ($err['type'] & (E_ERROR | E_CORE_ERROR | E_COMPILE_ERROR | E_USER_ERROR | E_PARSE)) !== 0;
        $req = $this->currentRequest;
        $sgEnd = $this->sgEnd();
        $res = ['status' => $sgEnd['status'] ?? 200, 'headers' => $sgEnd['headers'] ?? '', 'body' => $out, 'type' => false, 'close' => true];
        if ($fatal) {
            RouterResponse::error($res, 500, ['error' => 'internal server error']);
        }
        $this->respond($id, $req, $res, false, $req['method'] === 'HEAD');
        $sock = $this->conns[$id]['sock'] ?? null;
        if ($sock) {
            stream_set_blocking($sock, true);
            @fwrite($sock, $this->conns[$id]['out']);
        }
        foreach (array_keys($this->conns) as $cid) {
            $this->close($cid);
        }
        if ($this->listener) {
            fclose($this->listener);
            $this->listener = null;
        }
        self::$current = null;
    }
}
