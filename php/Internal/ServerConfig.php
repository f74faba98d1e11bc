<?php

declare(strict_types=1);

namespace Lyger\Core\Internal;

/** @internal startServer() options, checked with the extension's rules and messages. */
final class ServerConfig
{
    public string $host = '127.0.0.1';
    public int $port = 8000;
    public int $workers = 1;
    public int $maxBodySize = 8 * 1024 * 1024;
    public int $maxHeaderSize = 16 * 1024;
    public float $readTimeout = 30.0;
    public float $keepaliveTimeout = 10.0;
    public int $maxRequests = 0;
    public ?string $documentRoot = null;
    public ?string $accessLog = null;
    public bool $debug = false;
    public bool $superglobals = false;
    public bool $trustProxy = false;
    /** @var callable|null */
    public $onStart = null;

    /** @param array<mixed> $options */
    public static function fromOptions(array $options): self
    {
        $c = new self();
        foreach ($options as $key => $v) {
            if (!is_string($key)) {
                throw Args::valueError('startServer', 3, 'options', "contains unknown option $key");
            }
            switch ($key) {
                case 'host':
                    if (!is_string($v)) {
                        throw self::typeError($key, 'string', $v);
                    }
                    if ($v === '' || strlen($v) > 253 || str_contains($v, "\0")) {
                        throw Args::valueError('startServer', 3, 'options', 'option "host" must be a host name or IP address');
                    }
                    $c->host = $v;
                    break;
                case 'workers':
                    $c->workers = self::int($key, $v, 1, 256);
                    break;
                case 'max_body_size':
                    $c->maxBodySize = self::int($key, $v, 0, PHP_INT_MAX);
                    break;
                case 'max_header_size':
                    $c->maxHeaderSize = self::int($key, $v, 256, 16 * 1024 * 1024);
                    break;
                case 'read_timeout':
                    $c->readTimeout = self::seconds($key, $v);
                    break;
                case 'keepalive_timeout':
                    $c->keepaliveTimeout = self::seconds($key, $v);
                    break;
                case 'max_requests':
                    $c->maxRequests = self::int($key, $v, 0, PHP_INT_MAX);
                    break;
                case 'document_root':
                    $c->documentRoot = self::path($key, $v);
                    break;
                case 'access_log':
                    $c->accessLog = self::path($key, $v);
                    break;
                case 'debug':
                    if (!is_bool($v)) {
                        throw self::typeError($key, 'bool', $v);
                    }
                    $c->debug = $v;
                    break;
                case 'superglobals':
                case 'trust_proxy':
                    if (!is_bool($v)) {
                        throw self::typeError($key, 'bool', $v);
                    }
                    $key === 'superglobals' ? $c->superglobals = $v : $c->trustProxy = $v;
                    break;
                case 'on_start':
                    if ($v === null) {
                        break;
                    }
                    if (!is_callable($v)) {
                        throw self::typeError($key, '?callable', $v);
                    }
                    $c->onStart = $v;
                    break;
                default:
                    throw Args::valueError('startServer', 3, 'options', "contains unknown option \"$key\"");
            }
        }
        return $c;
    }

    private static function typeError(string $key, string $expected, mixed $v): \TypeError
    {
        return new \TypeError(sprintf('Lyger\Core\Engine::startServer(): Argument #3 ($options) option "%s" must be of type %s, %s given', $key, $expected, get_debug_type($v)));
    }

    private static function int(string $key, mixed $v, int $min, int $max): int
    {
        if (!is_int($v)) {
            throw self::typeError($key, 'int', $v);
        }
        if ($v < $min || $v > $max) {
            throw Args::valueError('startServer', 3, 'options', "option \"$key\" must be between $min and $max");
        }
        return $v;
    }

    private static function seconds(string $key, mixed $v): float
    {
        if (!is_int($v) && !is_float($v)) {
            throw self::typeError($key, 'int|float', $v);
        }
        if (!($v > 0) || $v > 86400 * 365) {
            throw Args::valueError('startServer', 3, 'options', "option \"$key\" must be greater than 0");
        }
        return (float) $v;
    }

    private static function path(string $key, mixed $v): ?string
    {
        if ($v === null || $v === false) {
            return null;
        }
        if (!is_string($v)) {
            throw self::typeError($key, 'string|false', $v);
        }
        if ($v === '' || str_contains($v, "\0")) {
            throw Args::valueError('startServer', 3, 'options', "option \"$key\" must be a non-empty path without NUL bytes");
        }
        return $v;
    }
}
