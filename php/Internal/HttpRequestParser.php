<?php

declare(strict_types=1);

namespace Lyger\Core\Internal;

/**
 * @internal The fallback server's HTTP/1.1 request reading (php/Internal/Server.php): the head
 * of a request parsed and checked as src/http_request.c does (methods, version, header
 * syntax and size, Content-Length / Transfer-Encoding rules, request target forms), and its
 * body taken from the connection's input by length or chunked framing.
 */
final class HttpRequestParser
{
    private const METHODS = ['DELETE', 'GET', 'HEAD', 'POST', 'PUT', 'CONNECT', 'OPTIONS', 'TRACE', 'COPY', 'LOCK',
        'MKCOL', 'MOVE', 'PROPFIND', 'PROPPATCH', 'SEARCH', 'UNLOCK', 'BIND', 'REBIND', 'UNBIND', 'ACL', 'REPORT',
        'MKACTIVITY', 'CHECKOUT', 'MERGE', 'M-SEARCH', 'NOTIFY', 'SUBSCRIBE', 'UNSUBSCRIBE', 'PATCH', 'PURGE',
        'MKCALENDAR', 'LINK', 'UNLINK', 'SOURCE'];

    public function __construct(private int $maxHeaderSize, private int $maxBodySize)
    {
    }

    /**
     * Moves body bytes from the input into the request. true: complete; false: need more;
     * null: over max_body_size; string: malformed chunked framing.
     * @param array<string, mixed> $c
     */
    public function readBody(array &$c): bool|string|null
    {
        $req = &$c['req'];
        if ($req['mode'] === 'none') {
            return true;
        }
        if ($req['mode'] === 'length') {
            $need = $req['length'] - strlen($req['body']);
            $take = substr($c['in'], 0, $need);
            $req['body'] .= $take;
            $c['in'] = (string) substr($c['in'], strlen($take));
            return strlen($req['body']) === $req['length'];
        }
        // chunked
        while (true) {
            if ($req['chunk'] === 'size') {
                $eol = strpos($c['in'], "\r\n");
                if ($eol === false) {
                    return strlen($c['in']) > 4096 ? 'invalid chunk size' : false;
                }
                $line = substr($c['in'], 0, $eol);
                if (!preg_match('/^([0-9a-fA-F]{1,15})(?:[ \t]*;.*)?$/s', $line, $m)) {
                    return 'invalid chunk size';
                }
                $c['in'] = (string) substr($c['in'], $eol + 2);
                $size = hexdec($m[1]);
                if ($size === 0) {
                    $req['chunk'] = 'trailer';
                    continue;
                }
                if ($size > $this->maxBodySize - strlen($req['body'])) {
                    return null;
                }
                $req['left'] = $size;
                $req['chunk'] = 'data';
            } elseif ($req['chunk'] === 'data') {
                $take = substr($c['in'], 0, $req['left']);
                $req['body'] .= $take;
                $req['left'] -= strlen($take);
                $c['in'] = (string) substr($c['in'], strlen($take));
                if ($req['left'] > 0) {
                    return false;
                }
                $req['chunk'] = 'crlf';
            } elseif ($req['chunk'] === 'crlf') {
                if (strlen($c['in']) < 2) {
                    return false;
                }
                if (substr($c['in'], 0, 2) !== "\r\n") {
                    return 'invalid chunk';
                }
                $c['in'] = (string) substr($c['in'], 2);
                $req['chunk'] = 'size';
            } else { // trailer section: lines until an empty one
                $eol = strpos($c['in'], "\r\n");
                if ($eol === false) {
                    return strlen($c['in']) > $this->maxHeaderSize ? 'trailer too large' : false;
                }
                $c['in'] = (string) substr($c['in'], $eol + 2);
                if ($eol === 0) {
                    return true;
                }
            }
        }
    }

    /** @return array<string, mixed> */
    public function parseHead(string $head): array
    {
        $lines = explode("\r\n", $head);
        $first = array_shift($lines);
        if (!preg_match('#^([!-~]+) ([!-~\x80-\xff]+) HTTP/(\d)\.(\d)$#', $first, $m)) {
            return ['error' => 400, 'reason' => preg_match('#^[A-Z]+ \S+$#', $first) ? 'HTTP/0.9 is not supported' : 'malformed request line'];
        }
        [, $method, $target, $major, $minor] = $m;
        if (!in_array($method, self::METHODS, true)) {
            return ['error' => 400, 'reason' => 'invalid method'];
        }
        if ($major !== '1' || (int) $minor > 1) {
            return ['error' => $major === '0' ? 400 : 505, 'reason' => 'HTTP version not supported'];
        }
        $minor = (int) $minor;
        $size = strlen($target);
        if ($size > $this->maxHeaderSize) {
            return ['error' => 414, 'reason' => 'request target too long', 'minor' => $minor];
        }
        $headers = [];
        $cl = [];
        $te = [];
        $expect = false;
        foreach ($lines as $line) {
            if (!preg_match('/^([!#$%&\'*+\-.^_`|~0-9A-Za-z]+):[ \t]*(.*?)[ \t]*$/s', $line, $hm) || preg_match('/[\x00-\x08\x0a-\x1f\x7f]/', $hm[2])) {
                return ['error' => 400, 'reason' => 'malformed header', 'minor' => $minor];
            }
            $name = strtolower($hm[1]);
            $value = $hm[2];
            $size += strlen($name) + strlen($value) + 4;
            if ($size > $this->maxHeaderSize) {
                return ['error' => 431, 'reason' => 'header section too large', 'minor' => $minor];
            }
            if ($name === 'content-length') {
                $cl[] = $value;
            } elseif ($name === 'transfer-encoding') {
                $te[] = $value;
            } elseif ($name === 'expect') {
                if (strcasecmp($value, '100-continue') !== 0) {
                    return ['error' => 417, 'reason' => 'unsupported Expect', 'minor' => $minor];
                }
                $expect = $minor === 1;
            }
            $headers[$name] = isset($headers[$name]) ? $headers[$name] . ($name === 'cookie' ? '; ' : ', ') . $value : $value;
        }
        if ($cl && $te) {
            return ['error' => 400, 'reason' => 'Content-Length together with Transfer-Encoding', 'minor' => $minor];
        }
        if (count($cl) > 1) {
            return ['error' => 400, 'reason' => 'repeated Content-Length', 'minor' => $minor];
        }
        $mode = 'none';
        $length = 0;
        if ($te) {
            $codings = array_map('trim', explode(',', strtolower(implode(',', $te))));
            if (end($codings) !== 'chunked') {
                return ['error' => 400, 'reason' => 'Transfer-Encoding other than chunked', 'minor' => $minor];
            }
            $mode = 'chunked';
        } elseif ($cl) {
            if (!preg_match('/^\d{1,18}$/', $cl[0])) {
                return ['error' => 400, 'reason' => 'invalid Content-Length', 'minor' => $minor];
            }
            $length = (int) $cl[0];
            if ($length > $this->maxBodySize) {
                return ['error' => 413, 'reason' => 'body too large', 'minor' => $minor];
            }
            $mode = $length > 0 ? 'length' : 'none';
        }
        if ($method === 'CONNECT') {
            return ['error' => 400, 'reason' => 'CONNECT is not supported', 'minor' => $minor];
        }
        // origin-form "/path?query" or absolute-form "http://host/path?query"
        if ($target[0] === '/') {
            $rest = $target;
        } elseif (preg_match('#^https?://[^/?\#]*(.*)$#is', $target, $um)) {
            $rest = $um[1] === '' ? '/' : $um[1];
        } else {
            return ['error' => 400, 'reason' => 'malformed request target', 'minor' => $minor];
        }
        $rest = explode('#', $rest, 2)[0];
        [$path, $query] = explode('?', $rest, 2) + [1 => ''];
        if ($path === '') {
            $path = '/';
        }
        $connection = strtolower($headers['connection'] ?? '');
        $tokens = array_map('trim', explode(',', $connection));
        $keepAlive = $minor === 1 ? !in_array('close', $tokens, true) : in_array('keep-alive', $tokens, true);
        $upgrade = isset($headers['upgrade']) && in_array('upgrade', $tokens, true);
        return [
            'method' => $method, 'target' => $target, 'minor' => $minor, 'headers' => $headers,
            'path' => rawurldecode($path), 'query' => $query, 'keepAlive' => $keepAlive && !$upgrade,
            'mode' => $mode, 'length' => $length, 'body' => '', 'chunk' => 'size', 'left' => 0, 'expect' => $expect,
        ];
    }
}
