<?php

declare(strict_types=1);

namespace Lyger\Core\Internal;

/**
 * @internal lyger.cache_redis parsing for the fallback: the same forms, limits and
 * messages as src/cache_redis_dsn.c (tests/151 checks both modes against one list).
 * Messages never quote the DSN: it may hold a password.
 */
final class RedisDsn
{
    private const HOST_MAX = 255;
    private const PATH_MAX = 107;
    private const SECRET_MAX = 511;
    private const INT_MAX = 2147483647;

    /** @return array{unix: bool, host: string, port: int, path: string, db: int, user: string, password: ?string}|string the DSN, or why not */
    public static function parse(string $s): array|string
    {
        $out = ['unix' => false, 'host' => '', 'port' => 6379, 'path' => '', 'db' => 0, 'user' => '', 'password' => null];
        if ($s === '') {
            return 'the DSN is empty';
        }
        if (str_contains($s, "\0")) {
            return 'the DSN holds a NUL byte';
        }
        if (str_starts_with($s, 'redis://')) {
            return self::tcp(substr($s, 8), $out);
        }
        if (str_starts_with($s, 'unix://')) {
            return self::unix(substr($s, 7), $out);
        }
        if (str_starts_with($s, 'unix:')) {
            return self::unix(substr($s, 5), $out);
        }
        return 'the DSN must start with redis:// or unix:';
    }

    private static function decode(string $s): ?string
    {
        if (preg_match('/%(?![0-9A-Fa-f]{2})/', $s)) {
            return null;
        }
        $d = rawurldecode($s);
        if (str_contains($d, "\0") || strlen($d) > self::SECRET_MAX) {
            return null;
        }
        return $d;
    }

    private static function number(string $s, int $min, int $max): ?int
    {
        if ($s === '' || strlen($s) > 10 || strspn($s, '0123456789') !== strlen($s)) {
            return null;
        }
        $v = (int) $s;
        return $v < $min || $v > $max ? null : $v;
    }

    private static function tcp(string $s, array $out): array|string
    {
        $slash = strpos($s, '/');
        $authPart = $slash === false ? $s : substr($s, 0, $slash);
        $at = strrpos($authPart, '@');
        if ($at !== false) {
            $cred = substr($s, 0, $at);
            $colon = strpos($cred, ':');
            if ($colon === false) {
                return 'credentials must be written [user]:password@ (the colon is missing)';
            }
            $user = self::decode(substr($cred, 0, $colon));
            if ($user === null) {
                return 'the user is malformed or too long';
            }
            $password = self::decode(substr($cred, $colon + 1));
            if ($password === null) {
                return "the password is malformed or too long (percent-encode '@', '/' and '%')";
            }
            $out['user'] = $user;
            $out['password'] = $password;
            $s = substr($s, $at + 1);
            $slash = strpos($s, '/');
        }
        $hostPart = $slash === false ? $s : substr($s, 0, $slash);
        $portText = null;
        if ($hostPart !== '' && $hostPart[0] === '[') {
            $close = strpos($hostPart, ']');
            if ($close === false) {
                return "the IPv6 host has no closing ']'";
            }
            $host = substr($hostPart, 1, $close - 1);
            if (!preg_match('/^[0-9A-Fa-f:.]*$/', $host)) {
                return 'the IPv6 host holds an invalid character';
            }
            if ($host === '') {
                return 'the host is empty';
            }
            if (strlen($host) > self::HOST_MAX) {
                return 'the host is too long';
            }
            $rest = substr($hostPart, $close + 1);
            if ($rest !== '') {
                if ($rest[0] !== ':') {
                    return 'unexpected text after the IPv6 host';
                }
                $portText = substr($rest, 1);
            }
        } else {
            $colon = strpos($hostPart, ':');
            $host = $colon === false ? $hostPart : substr($hostPart, 0, $colon);
            if ($host === '') {
                return 'the host is empty';
            }
            if (strlen($host) > self::HOST_MAX) {
                return 'the host is too long';
            }
            if (!preg_match('/^[A-Za-z0-9._-]+$/', $host)) {
                return 'the host holds an invalid character';
            }
            if ($colon !== false) {
                $portText = substr($hostPart, $colon + 1);
            }
        }
        $out['host'] = $host;
        if ($portText !== null) {
            $port = self::number($portText, 1, 65535);
            if ($port === null) {
                return 'the port must be a number from 1 to 65535';
            }
            $out['port'] = $port;
        }
        if ($slash !== false && $slash + 1 < strlen($s)) {
            $db = self::number(substr($s, $slash + 1), 0, self::INT_MAX);
            if ($db === null) {
                return 'the database must be a number from 0 to ' . self::INT_MAX;
            }
            $out['db'] = $db;
        }
        return $out;
    }

    private static function unix(string $s, array $out): array|string
    {
        $q = strpos($s, '?');
        $path = $q === false ? $s : substr($s, 0, $q);
        if ($path === '' || $path[0] !== '/') {
            return 'the socket path must be absolute';
        }
        if (strlen($path) > self::PATH_MAX) {
            return 'the socket path is too long (at most ' . self::PATH_MAX . ' bytes)';
        }
        $out['unix'] = true;
        $out['path'] = $path;
        $query = $q === false ? '' : substr($s, $q + 1);
        // as the C loop: parts up to each '&'; an empty last part (a trailing '&') ends it
        $parts = explode('&', $query);
        if (end($parts) === '') {
            array_pop($parts);
        }
        foreach ($parts as $part) {
            $eq = strpos($part, '=');
            if ($eq === false) {
                return "a query parameter has no '='";
            }
            $name = substr($part, 0, $eq);
            $value = substr($part, $eq + 1);
            if ($name === 'db') {
                $db = self::number($value, 0, self::INT_MAX);
                if ($db === null) {
                    return 'the database must be a number from 0 to ' . self::INT_MAX;
                }
                $out['db'] = $db;
            } elseif ($name === 'password') {
                $p = self::decode($value);
                if ($p === null) {
                    return 'the password is malformed or too long';
                }
                $out['password'] = $p;
            } elseif ($name === 'user') {
                $u = self::decode($value);
                if ($u === null) {
                    return 'the user is malformed or too long';
                }
                $out['user'] = $u;
            } else {
                return 'unknown query parameter (db, user and password are known)';
            }
        }
        if ($out['user'] !== '' && $out['password'] === null) {
            return 'a user needs a password';
        }
        return $out;
    }
}
