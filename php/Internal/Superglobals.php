<?php

declare(strict_types=1);

namespace Lyger\Core\Internal;

/**
 * @internal The fallback's superglobals mode (startServer's 'superglobals' => true).
 *
 * What pure PHP can do in the CLI: fill $_GET, $_POST, $_COOKIE, $_FILES, $_REQUEST and
 * $_SERVER as the extension does (the same keys), serve php://input (PhpInput, a php://
 * wrapper in place only during the request), take the status from http_response_code()
 * (which the CLI keeps: header('Location: ...') sets 302 there too), and carry sessions
 * (the id from the request's cookie, Set-Cookie when a new one was made, written and closed
 * at the end). What it cannot: the CLI SAPI drops every header() and setcookie() before
 * PHP code can see it (headers_list() is always empty), so those headers are not sent;
 * startServer warns once. exit() ends the server process, as in the fallback's argument mode.
 */
final class Superglobals
{
    private const NAMES = ['_GET', '_POST', '_COOKIE', '_FILES', '_SERVER', '_REQUEST'];

    /** @var array<string, mixed> the CLI's own superglobals, put back after every request */
    private array $saved = [];
    /** @var array<string, mixed> $_SERVER keys that are the same for every request */
    private array $base;
    private ?string $sessionCookie = null;

    public function __construct(private ServerConfig $cfg, private string $localAddr, private int $localPort)
    {
        // the script's $_SERVER at start (environment + what the bootstrap put there), less the CLI's keys
        $cli = is_array($_SERVER ?? null) ? $_SERVER : getenv();
        unset($cli['argv'], $cli['argc'], $cli['PHP_SELF'], $cli['SCRIPT_NAME'], $cli['SCRIPT_FILENAME'], $cli['PATH_TRANSLATED'],
            $cli['DOCUMENT_ROOT'], $cli['REQUEST_TIME'], $cli['REQUEST_TIME_FLOAT']);
        $this->base = self::order('S') ? array_replace($cli, self::scriptKeys($cfg->documentRoot)) : [];
    }

    /** @return array<string, string> */
    private static function scriptKeys(?string $documentRoot): array
    {
        $script = realpath((string) ($_SERVER['SCRIPT_FILENAME'] ?? '')) ?: (string) ($_SERVER['SCRIPT_FILENAME'] ?? '');
        $root = $documentRoot !== null ? (realpath($documentRoot) ?: $documentRoot) : dirname($script);
        $root = $root === '/' ? '/' : rtrim($root, '/');
        $name = str_starts_with($script, rtrim($root, '/') . '/') ? substr($script, strlen(rtrim($root, '/'))) : '/' . basename($script);
        return [
            'GATEWAY_INTERFACE' => 'CGI/1.1', 'SERVER_SOFTWARE' => 'Lyger/' . (new \ReflectionClassConstant(\Lyger\Core\Engine::class, 'VERSION'))->getValue(), 'REDIRECT_STATUS' => '200',
            'DOCUMENT_ROOT' => $root, 'SCRIPT_FILENAME' => $script, 'SCRIPT_NAME' => $name, 'DOCUMENT_URI' => $name,
            'PHP_SELF' => $name, 'REMOTE_USER' => '',
        ];
    }

    private static function order(string $letter): bool
    {
        return stripos((string) ini_get('variables_order'), $letter) !== false;
    }

    /**
     * Before the router.
     * @param array<string, mixed> $req the parsed request (Server::parseHead + body)
     * @param array{0: array<mixed>, 1: array<mixed>}|null $multipart Multipart::parse()'s fields and files
     */
    public function begin(array $req, string $remoteAddr, int $remotePort, ?array $multipart = null): void
    {
        foreach (self::NAMES as $n) {
            $this->saved[$n] = $GLOBALS[$n] ?? null;
        }
        $now = microtime(true);
        $get = [];
        if (self::order('G') && $req['query'] !== '') {
            parse_str($req['query'], $get);
        }
        $cookie = self::order('C') ? self::cookies($req['headers']['cookie'] ?? '') : [];
        $post = [];
        $files = [];
        $input = $req['body'];
        $type = strtolower((string) ($req['headers']['content-type'] ?? ''));
        $postMax = self::bytes((string) ini_get('post_max_size'));
        $reading = $req['method'] === 'POST' && self::order('P') && ini_get('enable_post_data_reading');
        if ($reading && $multipart !== null) {
            [$post, $files] = $multipart; // php://input is empty after a multipart POST, as under php-fpm
            $input = '';
        } elseif ($reading && preg_match('#^application/x-www-form-urlencoded\s*(;|$)#', $type)) {
            if ($postMax > 0 && strlen($req['body']) > $postMax) {
                trigger_error(sprintf('POST Content-Length of %d bytes exceeds the limit of %d bytes', strlen($req['body']), $postMax), E_USER_WARNING);
            } else {
                parse_str(str_replace("\0", '%00', $req['body']), $post); // binary-safe, as php-fpm's reader
            }
        }
        $_GET = $get;
        $_POST = $post;
        $_COOKIE = $cookie;
        $_FILES = $files;
        $_SERVER = $this->server($req, $remoteAddr, $remotePort, $now);
        $_REQUEST = self::request($get, $post, $cookie);
        PhpInput::begin($input);
        @http_response_code(200);
        $this->sessionBegin($cookie);
    }

    /** After the router, however it ended: the status it set; everything put back. */
    public function end(): array
    {
        $status = http_response_code();
        $headers = $this->sessionEnd();
        PhpInput::end();
        foreach (self::NAMES as $n) {
            $GLOBALS[$n] = $this->saved[$n];
        }
        $this->saved = [];
        error_clear_last();
        return ['status' => is_int($status) && $status >= 100 && $status <= 999 ? $status : 200, 'headers' => $headers];
    }

    /** @return array<string, mixed> PHP's cookie rules: ';'-separated, values raw-decoded, the first of a name wins */
    private static function cookies(string $header): array
    {
        $out = [];
        foreach (explode(';', $header) as $pair) {
            $pair = ltrim($pair);
            $eq = strpos($pair, '=');
            $name = $eq === false ? $pair : substr($pair, 0, $eq);
            if ($name === '') {
                continue;
            }
            $one = [];
            parse_str(rawurlencode($name) . '=' . rawurlencode(rawurldecode($eq === false ? '' : substr($pair, $eq + 1))), $one);
            foreach ($one as $k => $v) {
                if (!array_key_exists($k, $out)) {
                    $out[$k] = $v;
                } elseif (is_array($out[$k]) && is_array($v)) {
                    $out[$k] += $v;
                }
            }
        }
        return $out;
    }

    /** @return array<string, mixed> $_GET, $_POST, $_COOKIE merged in request_order (else variables_order) order */
    private static function request(array $get, array $post, array $cookie): array
    {
        $order = (string) (ini_get('request_order') ?: ini_get('variables_order'));
        $out = [];
        $done = [];
        foreach (str_split(strtoupper($order)) as $c) {
            $src = match ($c) { 'G' => $get, 'P' => $post, 'C' => $cookie, default => null };
            if ($src !== null && !isset($done[$c])) {
                $done[$c] = true;
                $out = array_replace_recursive($out, $src);
            }
        }
        return $out;
    }

    /** @return array<string, mixed> */
    private function server(array $req, string $remoteAddr, int $remotePort, float $now): array
    {
        if (!self::order('S')) {
            return [];
        }
        $s = $this->base;
        foreach ($req['headers'] as $name => $value) {
            if (!str_contains($name, '_') && $name !== 'proxy') {
                $s['HTTP_' . strtoupper(str_replace('-', '_', $name))] = $value;
            }
        }
        $host = (string) ($req['headers']['host'] ?? '');
        $serverName = $host === '' ? $this->localAddr : strtolower($host[0] === '[' ? substr($host, 0, (strpos($host, ']') ?: strlen($host) - 1) + 1) : explode(':', $host)[0]);
        $https = $this->cfg->trustProxy && preg_match('/^https\s*(,|$)/i', (string) ($req['headers']['x-forwarded-proto'] ?? ''));
        $s['QUERY_STRING'] = $req['query'];
        $s['REQUEST_METHOD'] = $req['method'];
        $s['CONTENT_TYPE'] = (string) ($req['headers']['content-type'] ?? '');
        $s['CONTENT_LENGTH'] = $req['body'] !== '' || isset($req['headers']['content-length']) ? (string) strlen($req['body']) : '';
        $s['REQUEST_URI'] = $req['target'];
        $s['SERVER_PROTOCOL'] = 'HTTP/1.' . $req['minor'];
        $s['REQUEST_SCHEME'] = $https ? 'https' : 'http';
        if ($https) {
            $s['HTTPS'] = 'on';
        }
        $s['REMOTE_ADDR'] = $remoteAddr;
        $s['REMOTE_PORT'] = (string) $remotePort;
        $s['SERVER_ADDR'] = $this->localAddr;
        $s['SERVER_PORT'] = (string) $this->localPort;
        $s['SERVER_NAME'] = $serverName;
        $s += self::auth((string) ($req['headers']['authorization'] ?? ''));
        $s['REQUEST_TIME_FLOAT'] = $now;
        $s['REQUEST_TIME'] = (int) $now;
        return $s;
    }

    /** The session id comes from the request's cookie (the CLI's session_start() would reuse the last one). */
    private function sessionBegin(array $cookie): void
    {
        if (!function_exists('session_status') || session_status() !== PHP_SESSION_NONE) {
            $this->sessionCookie = null;
            return;
        }
        $name = session_name();
        $id = isset($cookie[$name]) && is_string($cookie[$name]) && preg_match('/^[a-zA-Z0-9,-]{1,256}$/', $cookie[$name]) ? $cookie[$name] : '';
        $this->sessionCookie = $id;
        @session_id($id);
    }

    /** Writes and closes the session; returns the Set-Cookie header line a new session needs. */
    private function sessionEnd(): string
    {
        if ($this->sessionCookie === null) {
            return '';
        }
        if (session_status() === PHP_SESSION_ACTIVE) {
            try {
                session_write_close();
            } catch (\Throwable $e) {
                error_log('Lyger server: writing the session threw: ' . $e->getMessage());
            }
        }
        $id = session_id();
        $line = '';
        if ($id !== '' && $id !== false && $id !== $this->sessionCookie && ini_get('session.use_cookies')) {
            $p = session_get_cookie_params();
            $line = 'Set-Cookie: ' . rawurlencode(session_name()) . '=' . rawurlencode($id)
                . ($p['lifetime'] > 0 ? '; expires=' . gmdate('D, d M Y H:i:s', time() + $p['lifetime']) . ' GMT; Max-Age=' . $p['lifetime'] : '')
                . '; path=' . $p['path'] . ($p['domain'] !== '' ? '; domain=' . $p['domain'] : '')
                . ($p['secure'] ? '; secure' : '') . ($p['httponly'] ? '; HttpOnly' : '')
                . ($p['samesite'] !== '' ? '; SameSite=' . $p['samesite'] : '') . "\r\n";
        }
        @session_id('');
        unset($GLOBALS['_SESSION']);
        $this->sessionCookie = null;
        return $line;
    }

    /** @return array<string, string> PHP_AUTH_USER/PW (Basic) or PHP_AUTH_DIGEST, as php_handle_auth_data() gives them */
    private static function auth(string $h): array
    {
        if (strncasecmp($h, 'Basic ', 6) === 0) {
            $pair = base64_decode(substr($h, 6));
            if ($pair !== false && ($at = strpos($pair, ':')) !== false) {
                $user = substr($pair, 0, $at);
                $pw = (string) strstr(substr($pair, $at + 1) . "\0", "\0", true);
                return ['PHP_AUTH_USER' => (string) strstr($user . "\0", "\0", true)] + ($pw !== '' ? ['PHP_AUTH_PW' => $pw] : []);
            }
        }
        return strncasecmp($h, 'Digest ', 7) === 0 ? ['PHP_AUTH_DIGEST' => substr($h, 7)] : [];
    }

    private static function bytes(string $v): int
    {
        $n = (int) $v;
        return match (strtolower(substr(trim($v), -1))) { 'g' => $n << 30, 'm' => $n << 20, 'k' => $n << 10, default => $n };
    }
}
