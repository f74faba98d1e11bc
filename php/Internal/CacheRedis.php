<?php

declare(strict_types=1);

namespace Lyger\Core\Internal;

use Lyger\Core\EngineException;

/**
 * @internal The fallback's Redis tier (lyger.cache_redis), through ext/redis: the same
 * keys (prefix + key), values, TTLs (EX seconds), batches (one EVAL of the batch script,
 * or one MULTI/EXEC when the prefix has no meta prefix) and failure rules as the
 * extension's src/engine_cache_redis.c, straight against Redis: there is no near cache,
 * so there is nothing to keep coherent. Batches raise the same batch counter and
 * announce the same marker as the extension's (src/cache_redis.h), so that extension
 * hosts sharing the Redis see a fallback host's batches whole too. Settings are read with
 * get_cfg_var() (php.ini or -d), as the rest of the fallback does.
 *
 * Failures: cacheSet returns false and cacheGet/cacheHas read as a miss when Redis is
 * unavailable; cacheDelete, cacheClear, cacheSize and cacheSetBatch throw an
 * EngineException. A failed connection is retried at once, then after a backoff (50 ms
 * doubling to 1 s). The password never appears in a message or in systemInfo().
 */
final class CacheRedis
{
    private const BACKOFF_FIRST_MS = 50;
    private const BACKOFF_MAX_MS = 1000;
    /** src/cache_redis.c's BATCH_SCRIPT, the same text */
    private const BATCH_SCRIPT = "local n, fresh = redis.call('INCR', KEYS[1]), 0\n"
        . "if n == 1 then\n"
        . "  fresh = 1\n"
        . "  local t = redis.call('TIME')\n"
        . "  n = t[1] * 1000000 + t[2]\n"
        . "  redis.call('SET', KEYS[1], string.format('%d', n))\n"
        . "end\n"
        . "local plain = {}\n"
        . "for i = 2, #KEYS do\n"
        . "  local ttl = ARGV[2 * i - 1]\n"
        . "  if ttl == '0' then\n"
        . "    plain[#plain + 1] = KEYS[i]\n"
        . "    plain[#plain + 1] = ARGV[2 * i - 2]\n"
        . "    if #plain == 2000 then redis.call('MSET', unpack(plain)); plain = {} end\n"
        . "  else\n"
        . "    redis.call('SET', KEYS[i], ARGV[2 * i - 2], 'EX', ttl)\n"
        . "  end\n"
        . "end\n"
        . "if #plain > 0 then redis.call('MSET', unpack(plain)) end\n"
        . "local s = string.format('%d', n)\n"
        . "redis.call('SET', ARGV[1] .. s, '')\n"
        . "redis.call('DEL', ARGV[1] .. s)\n"
        . "return {s, fresh}\n";

    private ?\Redis $redis = null;
    private int $pid = 0;
    private bool $everConnected = false;
    private float $retryAt = 0.0;
    private int $backoffMs = self::BACKOFF_FIRST_MS;
    private int $errors = 0;
    private int $reconnects = 0;
    private string $lastError = '';

    /** @param array{unix: bool, host: string, port: int, path: string, db: int, user: string, password: ?string} $dsn */
    private function __construct(
        private readonly array $dsn,
        private readonly string $prefix,
        private readonly float $connectTimeout,
        private readonly float $timeout,
        private readonly string $address,
    ) {
    }

    /** The tier when lyger.cache_redis is set, else null. Throws when it cannot be used. */
    public static function fromIni(string $method): ?self
    {
        $text = get_cfg_var('lyger.cache_redis');
        if (!is_string($text) || $text === '') {
            return null;
        }
        $dsn = RedisDsn::parse($text);
        if (is_string($dsn)) {
            throw new EngineException("$method(): lyger.cache_redis is invalid: $dsn");
        }
        if (!extension_loaded('redis')) {
            throw new EngineException("$method(): lyger.cache_redis is set but ext/redis is not loaded (the fallback's Redis client)");
        }
        $prefix = get_cfg_var('lyger.cache_redis_prefix');
        $ms = static function (string $name, int $default): float {
            $v = get_cfg_var($name);
            $v = is_string($v) && $v !== '' ? (int) $v : $default;
            return ($v > 0 && $v < 600000 ? $v : $default) / 1000;
        };
        $address = $dsn['unix'] ? $dsn['path'] : (str_contains($dsn['host'], ':') ? "[{$dsn['host']}]" : $dsn['host']) . ':' . $dsn['port'];
        return new self(
            $dsn,
            is_string($prefix) ? $prefix : 'lyger:',
            $ms('lyger.cache_redis_connect_timeout', 100),
            $ms('lyger.cache_redis_timeout', 50),
            $address,
        );
    }

    private function connection(): ?\Redis
    {
        if ($this->redis !== null && $this->pid === getmypid()) {
            return $this->redis;
        }
        $this->redis = null; // a parent's (fork): never speak on it
        $now = microtime(true);
        if ($now < $this->retryAt) {
            $this->errors++;
            return null;
        }
        try {
            $r = new \Redis();
            $d = $this->dsn;
            $ok = $d['unix']
                ? $r->connect($d['path'], 0, $this->connectTimeout, null, 0, $this->timeout)
                : $r->connect($d['host'], $d['port'], $this->connectTimeout, null, 0, $this->timeout);
            if (!$ok) {
                throw new \RedisException('connection failed');
            }
            $r->setOption(\Redis::OPT_READ_TIMEOUT, $this->timeout);
            if ($d['password'] !== null) {
                if (!$r->auth($d['user'] !== '' ? [$d['user'], $d['password']] : $d['password'])) {
                    $err = (string) $r->getLastError();
                    throw new \RedisException("authentication to {$this->address} failed: " . $this->scrub($err));
                }
            }
            if ($d['db'] !== 0 && !$r->select($d['db'])) {
                throw new \RedisException("SELECT {$d['db']} on {$this->address} failed: " . $this->scrub((string) $r->getLastError()));
            }
        } catch (\RedisException $e) {
            $this->errors++;
            $msg = $this->scrub($e->getMessage());
            $this->lastError = str_contains($msg, $this->address) ? $msg : "connection to {$this->address} failed: $msg";
            $this->retryAt = microtime(true) + $this->backoffMs / 1000;
            $this->backoffMs = min($this->backoffMs * 2, self::BACKOFF_MAX_MS);
            return null;
        }
        if ($this->everConnected) {
            $this->reconnects++;
        }
        $this->everConnected = true;
        $this->backoffMs = self::BACKOFF_FIRST_MS;
        $this->retryAt = 0.0;
        $this->pid = getmypid();
        return $this->redis = $r;
    }

    /** A message from the client library, without the password should it quote it. */
    private function scrub(string $msg): string
    {
        $p = $this->dsn['password'];
        return $p !== null && $p !== '' ? str_replace($p, '***', $msg) : $msg;
    }

    private function lost(\Throwable $e): void
    {
        $this->errors++;
        $this->lastError = "{$this->address}: " . $this->scrub($e->getMessage());
        try {
            $this->redis?->close();
        } catch (\Throwable) {
        }
        $this->redis = null;
    }

    private function unavailable(string $method): EngineException
    {
        return new EngineException("$method(): Redis at {$this->address} failed: " . ($this->lastError !== '' ? $this->lastError : 'unavailable'));
    }

    /**
     * Runs one operation; null when Redis is unavailable or refused it (else what the
     * operation returned, false included).
     * @template T
     * @param callable(\Redis): T $op
     * @return T|null
     */
    private function run(callable $op, string $what): mixed
    {
        $r = $this->connection();
        if ($r === null) {
            return null;
        }
        try {
            $result = $op($r);
        } catch (\RedisException $e) {
            $this->lost($e);
            return null;
        }
        // false is also GET's miss: an error reply is what getLastError() holds
        if ($result === false && $r->getLastError() !== null) {
            $this->errors++;
            $this->lastError = "$what on {$this->address}: " . $this->scrub((string) $r->getLastError());
            $r->clearLastError();
            return null;
        }
        return $result;
    }

    public function set(string $key, string $value, int $ttl): bool
    {
        $k = $this->prefix . $key;
        return $this->run(static fn (\Redis $r) => $ttl > 0 ? $r->set($k, $value, ['ex' => $ttl]) : $r->set($k, $value), 'SET') === true;
    }

    public function get(string $key): string
    {
        $k = $this->prefix . $key;
        $v = $this->run(static fn (\Redis $r) => $r->get($k), 'GET');
        return is_string($v) ? $v : '';
    }

    public function has(string $key): bool
    {
        $k = $this->prefix . $key;
        return (int) $this->run(static fn (\Redis $r) => $r->exists($k), 'EXISTS') > 0;
    }

    public function delete(string $key): bool
    {
        $k = $this->prefix . $key;
        $n = $this->run(static fn (\Redis $r) => $r->unlink($k), 'UNLINK');
        if ($n === null) {
            throw $this->unavailable('cacheDelete');
        }
        return $n > 0;
    }

    /** The prefix as a SCAN pattern (glob characters escaped). */
    private function pattern(): string
    {
        return addcslashes($this->prefix, '*?[]\\') . '*';
    }

    /** @param callable(\Redis, list<string>): mixed $each */
    private function scan(string $method, callable $each): void
    {
        $pattern = $this->pattern();
        $ok = $this->run(function (\Redis $r) use ($pattern, $each) {
            $r->setOption(\Redis::OPT_SCAN, \Redis::SCAN_RETRY);
            $it = null;
            while (($keys = $r->scan($it, $pattern, 1000)) !== false) {
                if ($keys !== [] && $each($r, $keys) === false) {
                    return false;
                }
            }
            return true;
        }, 'SCAN');
        if ($ok === null) {
            throw $this->unavailable($method);
        }
    }

    public function clear(): void
    {
        $this->scan('cacheClear', static fn (\Redis $r, array $keys) => $r->unlink($keys));
    }

    public function size(): int
    {
        $n = 0;
        $this->scan('cacheSize', static function (\Redis $r, array $keys) use (&$n) {
            $n += count($keys);
            return true;
        });
        return $n;
    }

    /** @param list<array{string, string, int}> $items checked by the caller */
    public function setBatch(array $items): int
    {
        if ($items === []) {
            return 0;
        }
        $prefix = $this->prefix;
        $meta = self::metaPrefix($prefix);
        if ($meta !== '') {
            $keys = [$meta . 'epoch'];
            $args = [$meta . 'n:'];
            foreach ($items as [$key, $value, $ttl]) {
                $keys[] = $prefix . $key;
                $args[] = $value;
                $args[] = (string) max(0, $ttl);
            }
            $reply = $this->run(static fn (\Redis $r) => $r->eval(self::BATCH_SCRIPT, array_merge($keys, $args), count($keys)), 'EVAL (batch)');
            if (!is_array($reply) || !is_string($reply[0] ?? null)) {
                throw $this->unavailable('cacheSetBatch');
            }
            return count($items);
        }
        $replies = $this->run(static function (\Redis $r) use ($items, $prefix) {
            $r->multi();
            foreach ($items as [$key, $value, $ttl]) {
                $ttl > 0 ? $r->set($prefix . $key, $value, ['ex' => $ttl]) : $r->set($prefix . $key, $value);
            }
            return $r->exec();
        }, 'MULTI/EXEC');
        if (!is_array($replies) || in_array(false, $replies, true)) {
            throw $this->unavailable('cacheSetBatch');
        }
        return count($items);
    }

    /**
     * src/cache_redis.h's meta prefix: the prefix's last byte below 0xff raised by one
     * (the bytes after it dropped), then "lyger-batch:"; '' when there is none.
     */
    private static function metaPrefix(string $prefix): string
    {
        $p = rtrim($prefix, "\xff");
        if ($p === '') {
            return '';
        }
        return substr($p, 0, -1) . chr(ord($p[-1]) + 1) . 'lyger-batch:';
    }

    /** @return array<string, int|string> systemInfo()['cache']['redis'] */
    public function info(): array
    {
        return [
            'address' => $this->address,
            'db' => $this->dsn['db'],
            'prefix' => $this->prefix,
            'state' => $this->redis !== null ? 'connected' : ($this->errors ? 'unavailable' : 'not connected yet'),
            'near_cache' => 'none (fallback: every get goes to Redis)',
            'errors' => $this->errors,
            'reconnects' => $this->reconnects,
            'invalidations' => 0,
            'near_flushes' => 0,
            'batch_waits' => 0,
            'batch_flushes' => 0,
            'last_error' => $this->lastError,
        ];
    }
}
