<?php

declare(strict_types=1);

namespace Lyger\Core\Internal;

/**
 * @internal What the fallback server (php/Internal/Server.php) makes of a router's return
 * value, as src/engine_server.c does: an array with status / headers / body, a response
 * object (PSR-7 or Symfony's), a string or JSON body, response headers checked one by one,
 * and the JSON error bodies of a failed request. $res is the response being built:
 * ['status' => int, 'headers' => string (raw "Name: value\r\n" lines), 'body' => string,
 * 'type' => bool (a Content-Type was given), 'close' => bool].
 */
final class RouterResponse
{
    /** @param array<string, mixed> $res */
    public static function addHeader(array &$res, string $name, mixed $value): void
    {
        if (is_array($value)) {
            foreach ($value as $v) {
                self::addHeader($res, $name, $v);
            }
            return;
        }
        if ($value === null || $value === false) {
            return;
        }
        $value = (string) $value;
        if (!preg_match('/^[!-9;-~]+$/', $name) || strpbrk($value, "\r\n\0") !== false) {
            error_log("Lyger server: response header '$name' dropped (invalid name or value)");
            return;
        }
        $lower = strtolower($name);
        if ($lower === 'content-length' || $lower === 'transfer-encoding' || $lower === 'date') {
            return;
        }
        if ($lower === 'connection') {
            $res['close'] = $res['close'] || strcasecmp($value, 'close') === 0;
            return;
        }
        if ($lower === 'content-type') {
            $res['type'] = true;
        }
        $res['headers'] .= "$name: $value\r\n";
    }

    /** @param array<string, mixed> $res */
    public static function addHeaders(array &$res, mixed $headers): void
    {
        if (!is_array($headers)) {
            return;
        }
        foreach ($headers as $k => $v) {
            if (is_string($k)) {
                self::addHeader($res, $k, $v);
            } elseif (is_string($v) && str_contains($v, ':')) {
                [$n, $val] = explode(':', $v, 2);
                self::addHeader($res, $n, ltrim($val, " \t"));
            }
        }
    }

    /** @param array<string, mixed> $res */
    public static function setBody(array &$res, mixed $body): void
    {
        if (is_array($body)) {
            $json = json_encode($body, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
            if (!$res['type']) {
                self::addHeader($res, 'Content-Type', 'application/json');
            }
            $res['body'] .= $json;
        } elseif ($body !== null) {
            $res['body'] .= (string) $body;
        }
    }

    /**
     * @param array<string, mixed> $res
     * @param array<mixed> $ret
     * @param array<string, mixed> $req
     */
    public static function fromArray(array &$res, array $ret, array $req): bool
    {
        if (array_key_exists('status', $ret)) {
            $st = $ret['status'];
            if (!is_int($st) || $st < 100 || $st > 999) {
                error_log(sprintf('Lyger server: router for %s %s returned an invalid status', $req['method'], $req['path']));
                self::error($res, 500, ['error' => 'the router returned an invalid status']);
                return true;
            }
            $res['status'] = $st;
        }
        if (isset($ret['headers'])) {
            self::addHeaders($res, $ret['headers']);
        }
        if (array_key_exists('body', $ret)) {
            self::setBody($res, $ret['body']);
        }
        return true;
    }

    /** @param array<string, mixed> $res */
    public static function fromObject(array &$res, object $ret): void
    {
        $st = $ret->getStatusCode();
        $res['status'] = is_int($st) ? $st : 500;
        if (method_exists($ret, 'getHeaders')) {
            self::addHeaders($res, $ret->getHeaders());
        } elseif (property_exists($ret, 'headers') || isset($ret->headers)) {
            $bag = $ret->headers;
            if (is_object($bag)) {
                if (method_exists($bag, 'allPreserveCase')) {
                    self::addHeaders($res, $bag->allPreserveCase());
                } elseif (method_exists($bag, 'all')) {
                    self::addHeaders($res, $bag->all());
                }
            } elseif (is_array($bag)) {
                self::addHeaders($res, $bag);
            }
        }
        self::setBody($res, method_exists($ret, 'getContent') ? $ret->getContent() : $ret->getBody());
    }

    /**
     * @param array<string, mixed> $res
     * @param array<string, mixed> $payload
     */
    public static function error(array &$res, int $status, array $payload): void
    {
        $res = ['status' => $status, 'headers' => "Content-Type: application/json\r\n", 'type' => true, 'close' => false,
            'body' => (string) json_encode($payload, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PARTIAL_OUTPUT_ON_ERROR)];
    }

    /**
     * @param array<string, mixed> $res
     * @param array<string, mixed> $req
     */
    public static function exception(array &$res, \Throwable $e, array $req, bool $debug): void
    {
        error_log(sprintf('Lyger server: uncaught %s in router for %s %s: %s in %s:%d', get_class($e), $req['method'], $req['path'], $e->getMessage(), $e->getFile(), $e->getLine()));
        $payload = ['error' => $e->getMessage()];
        if ($debug) {
            $payload += ['exception' => get_class($e), 'file' => $e->getFile(), 'line' => $e->getLine(), 'trace' => $e->getTraceAsString()];
        }
        self::error($res, 500, $payload);
    }
}
