<?php

declare(strict_types=1);

namespace Lyger\Core\Internal;


/**
 * @internal The cache methods of the fallback Engine: the same store as src/cache_store.c
 * in PHP. Entries live in static arrays for the life of the process (the script in
 * the CLI, the worker in FPM). Byte budget and entry cap come from the same INI
 * names as the extension's, read with get_cfg_var() (php.ini or -d) because the
 * settings are not registered without the extension. Recency is a doubly-linked
 * list kept in two arrays keyed by the entry's key, so every operation is O(1).
 */
trait CacheTrait
{
    /** Bytes charged per entry on top of key and value (LYGER_CACHE_ENTRY_OVERHEAD). */
    private static int $cacheOverhead = 64;

    /** @var array<string, string> */
    private static array $cacheValues = [];
    /** @var array<string, int> expiry second, for entries with a ttl */
    private static array $cacheExpires = [];
    /** @var array<string, string> key => the next more recently used key */
    private static array $cacheNewer = [];
    /** @var array<string, string> key => the next less recently used key */
    private static array $cacheOlder = [];
    private static ?string $cacheNewest = null;
    private static ?string $cacheOldest = null;
    private static int $cacheUsed = 0;
    private static ?int $cacheLimit = null;
    private static int $cacheMaxEntries = 0;
    private static int $cacheLastSweep = PHP_INT_MIN;
    /** @var array{hits: int, misses: int, evictions: int, expirations: int} */
    private static array $cacheCounts = ['hits' => 0, 'misses' => 0, 'evictions' => 0, 'expirations' => 0];
    /** The Redis tier (lyger.cache_redis), once looked up; see CacheRedis. */
    private static ?CacheRedis $cacheRedis = null;
    private static bool $cacheRedisChecked = false;

    /** The Redis tier when configured (throws when it is configured but unusable). */
    private static function cacheTier(string $method): ?CacheRedis
    {
        if (!self::$cacheRedisChecked) {
            self::$cacheRedis = CacheRedis::fromIni($method);
            self::$cacheRedisChecked = true;
        }
        return self::$cacheRedis;
    }

    /** @return array<string, int|string>|null systemInfo()['cache']['redis'] */
    private static function cacheRedisInfo(): ?array
    {
        $dsn = get_cfg_var('lyger.cache_redis');
        if (!is_string($dsn) || $dsn === '') {
            return null;
        }
        $parsed = RedisDsn::parse($dsn);
        if (is_string($parsed)) {
            return ['state' => 'invalid', 'last_error' => $parsed];
        }
        try {
            return self::cacheTier('systemInfo')?->info();
        } catch (\Lyger\Core\EngineException $e) {
            return ['state' => 'unsupported', 'last_error' => $e->getMessage()];
        }
    }

    /** Entries live in APCu (CacheApcu), shared by the host, instead of the arrays above. */
    private static bool $cacheInApcu = false;

    private static function cacheConfigure(): void
    {
        $limit = get_cfg_var('lyger.cache_memory');
        $max = get_cfg_var('lyger.cache_max_entries');
        // ini_parse_quantity() reads K/M/G like the extension's OnUpdateLong
        self::$cacheLimit = max(0, is_string($limit) && $limit !== '' ? @ini_parse_quantity($limit) : 64 << 20);
        self::$cacheMaxEntries = max(0, is_string($max) && $max !== '' ? @ini_parse_quantity($max) : 0);
        self::$cacheInApcu = CacheApcu::usable();
        if (self::$cacheInApcu) {
            CacheApcu::start();
        }
    }

    private static function cacheNow(): int
    {
        return intdiv(hrtime(true), 1000000000);
    }

    /** @return array<string, int|bool> the "cache" section of systemInfo() */
    private static function cacheInfo(): array
    {
        if (self::$cacheLimit === null) {
            self::cacheConfigure();
        }
        if (!self::$cacheInApcu) {
            self::cacheSweep();
        }
        $redis = self::cacheRedisInfo();
        $info = [
            'entries' => count(self::$cacheValues),
            'memory_used' => self::$cacheUsed,
            'memory_limit' => self::$cacheLimit,
            'max_entries' => self::$cacheMaxEntries,
            'entry_overhead' => self::$cacheOverhead,
            'hits' => self::$cacheCounts['hits'],
            'misses' => self::$cacheCounts['misses'],
            'evictions' => self::$cacheCounts['evictions'],
            'expirations' => self::$cacheCounts['expirations'],
            // the per-request store's (CacheApcu::info() gives the shared store's)
            'shared' => false,
            'segment_size' => 0,
            'lock_repairs' => 0,
            'lock_repairs_emptied' => 0,
            'host_entries' => count(self::$cacheValues),
            'host_memory_used' => self::$cacheUsed,
            'namespaces' => 1,
        ];
        if (self::$cacheInApcu) {
            $info = array_replace($info, CacheApcu::info(self::$cacheOverhead));
        }
        return $info + ($redis !== null ? ['redis' => $redis] : []);
    }

    private static function cacheUnlink(string $key): void
    {
        $newer = self::$cacheNewer[$key] ?? null;
        $older = self::$cacheOlder[$key] ?? null;
        if ($newer !== null) {
            if ($older !== null) {
                self::$cacheOlder[$newer] = $older;
            } else {
                unset(self::$cacheOlder[$newer]);
            }
        } else {
            self::$cacheNewest = $older;
        }
        if ($older !== null) {
            if ($newer !== null) {
                self::$cacheNewer[$older] = $newer;
            } else {
                unset(self::$cacheNewer[$older]);
            }
        } else {
            self::$cacheOldest = $newer;
        }
        unset(self::$cacheNewer[$key], self::$cacheOlder[$key]);
    }

    private static function cachePushNewest(string $key): void
    {
        if (self::$cacheNewest !== null) {
            self::$cacheOlder[$key] = self::$cacheNewest;
            self::$cacheNewer[self::$cacheNewest] = $key;
        } else {
            self::$cacheOldest = $key;
        }
        self::$cacheNewest = $key;
    }

    private static function cacheRemove(string $key): void
    {
        self::cacheUnlink($key);
        self::$cacheUsed -= strlen($key) + strlen(self::$cacheValues[$key]) + self::$cacheOverhead;
        unset(self::$cacheValues[$key], self::$cacheExpires[$key]);
    }

    private static function cacheIsExpired(string $key): bool
    {
        return isset(self::$cacheExpires[$key]) && self::cacheNow() > self::$cacheExpires[$key];
    }

    /** Reclaims every expired entry, at most once per clock second (as the C store). */
    private static function cacheSweep(): void
    {
        if (self::$cacheExpires === []) {
            return;
        }
        $now = self::cacheNow();
        if ($now === self::$cacheLastSweep) {
            return;
        }
        self::$cacheLastSweep = $now;
        foreach (self::$cacheExpires as $key => $expires) {
            if ($now > $expires) {
                self::cacheRemove((string) $key);
                self::$cacheCounts['expirations']++;
            }
        }
    }

    private static function cacheOverLimits(int $cost): bool
    {
        return self::$cacheUsed + $cost > self::$cacheLimit
            || (self::$cacheMaxEntries > 0 && count(self::$cacheValues) + 1 > self::$cacheMaxEntries);
    }

    /** Stores one entry that fits the budget: replaces, then evicts expired, then LRU. */
    private static function cacheStore(string $key, string $value, int $ttl): void
    {
        if (isset(self::$cacheValues[$key])) {
            self::cacheRemove($key);
        }
        $cost = strlen($key) + strlen($value) + self::$cacheOverhead;
        if (self::cacheOverLimits($cost)) {
            self::cacheSweep();
            while (self::$cacheOldest !== null && self::cacheOverLimits($cost)) {
                self::cacheRemove(self::$cacheOldest);
                self::$cacheCounts['evictions']++;
            }
        }
        self::$cacheValues[$key] = $value;
        if ($ttl > 0) {
            $now = self::cacheNow();
            if ($ttl <= PHP_INT_MAX - $now) {
                self::$cacheExpires[$key] = $now + $ttl;
            }
        }
        self::cachePushNewest($key);
        self::$cacheUsed += $cost;
    }

    private static function cacheFits(string $key, string $value): bool
    {
        // keys of 64 MiB or more never fit, as in the extension (whose entry keeps the
        // key's length in 26 bits beside its namespace)
        return strlen($key) < (1 << 26) && strlen($key) + strlen($value) + self::$cacheOverhead <= self::$cacheLimit;
    }

    private static function cacheKey(string $method, string $key): void
    {
        if ($key === '') {
            throw Args::valueError($method, 1, 'key', 'must not be empty');
        }
        if (self::$cacheLimit === null) {
            self::cacheConfigure();
        }
    }

    public function cacheSet(string $key, string $value, int $ttl = 0): bool
    {
        self::cacheKey('cacheSet', $key);
        if ($ttl < 0) {
            throw Args::valueError('cacheSet', 3, 'ttl', 'must be greater than or equal to 0');
        }
        if (!self::cacheFits($key, $value)) {
            return false;
        }
        if ($tier = self::cacheTier('cacheSet')) {
            return $tier->set($key, $value, $ttl);
        }
        if (self::$cacheInApcu) {
            return CacheApcu::set($key, $value, $ttl);
        }
        self::cacheStore($key, $value, $ttl);
        return true;
    }

    public function cacheGet(string $key): string
    {
        self::cacheKey('cacheGet', $key);
        if ($tier = self::cacheTier('cacheGet')) {
            return $tier->get($key);
        }
        if (self::$cacheInApcu) {
            return CacheApcu::get($key);
        }
        if (!isset(self::$cacheValues[$key])) {
            self::$cacheCounts['misses']++;
            return '';
        }
        if (isset(self::$cacheExpires[$key]) && self::cacheIsExpired($key)) {
            self::cacheRemove($key);
            self::$cacheCounts['expirations']++;
            self::$cacheCounts['misses']++;
            return '';
        }
        self::$cacheCounts['hits']++;
        if (self::$cacheNewest !== $key) {
            self::cacheUnlink($key);
            self::cachePushNewest($key);
        }
        return self::$cacheValues[$key];
    }

    public function cacheHas(string $key): bool
    {
        self::cacheKey('cacheHas', $key);
        if ($tier = self::cacheTier('cacheHas')) {
            return $tier->has($key);
        }
        if (self::$cacheInApcu) {
            return CacheApcu::has($key);
        }
        if (!isset(self::$cacheValues[$key])) {
            return false;
        }
        if (self::cacheIsExpired($key)) {
            self::cacheRemove($key);
            self::$cacheCounts['expirations']++;
            return false;
        }
        return true;
    }

    public function cacheDelete(string $key): bool
    {
        self::cacheKey('cacheDelete', $key);
        if ($tier = self::cacheTier('cacheDelete')) {
            return $tier->delete($key);
        }
        if (self::$cacheInApcu) {
            return CacheApcu::delete($key);
        }
        if (!isset(self::$cacheValues[$key])) {
            return false;
        }
        $live = !self::cacheIsExpired($key);
        if (!$live) {
            self::$cacheCounts['expirations']++;
        }
        self::cacheRemove($key);
        return $live;
    }

    public function cacheClear(): void
    {
        if (self::$cacheLimit === null) {
            self::cacheConfigure();
        }
        if ($tier = self::cacheTier('cacheClear')) {
            $tier->clear();
            return;
        }
        if (self::$cacheInApcu) {
            CacheApcu::clear();
            return;
        }
        self::$cacheValues = self::$cacheExpires = self::$cacheNewer = self::$cacheOlder = [];
        self::$cacheNewest = self::$cacheOldest = null;
        self::$cacheUsed = 0;
    }

    public function cacheSize(): int
    {
        if (self::$cacheLimit === null) {
            self::cacheConfigure();
        }
        if ($tier = self::cacheTier('cacheSize')) {
            return $tier->size();
        }
        if (self::$cacheInApcu) {
            return CacheApcu::size();
        }
        self::cacheSweep();
        return count(self::$cacheValues);
    }

    public function cacheSetBatch(string $json): int
    {
        if (self::$cacheLimit === null) {
            self::cacheConfigure();
        }
        $tier = self::cacheTier('cacheSetBatch');
        $items = self::cacheBatchItems($json);
        if ($tier) {
            return $tier->setBatch($items);
        }
        if (self::$cacheInApcu) {
            CacheApcu::setMany($items);
            return count($items);
        }
        // phase 2: store in order (later items may evict earlier ones, as successive sets)
        foreach ($items as [$key, $value, $ttl]) {
            self::cacheStore($key, $value, $ttl);
        }
        return count($items);
    }

    /**
     * Phase 1 of a batch: every item checked (nothing is stored yet).
     * @return list<array{string, string, int}>
     */
    private static function cacheBatchItems(string $json): array
    {
        $invalid = static fn (string $msg): \ValueError => Args::valueError('cacheSetBatch', 1, 'json', $msg);
        // objects stay objects so that {} and [] keep their JSON text; jansson's depth limit
        try {
            $root = json_decode($json, false, 2049, JSON_THROW_ON_ERROR);
        } catch (\JsonException $e) {
            throw $invalid('is not valid JSON: ' . $e->getMessage());
        }
        $items = [];
        if (is_array($root)) {
            foreach ($root as $i => $item) {
                if (!$item instanceof \stdClass) {
                    throw $invalid("has an invalid item $i: must be an object");
                }
                $members = get_object_vars($item);
                foreach ($members as $name => $_) {
                    $name = (string) $name;
                    if ($name !== 'key' && $name !== 'value' && $name !== 'ttl') {
                        throw $invalid(sprintf('has an invalid item %d: unknown member "%s"', $i, substr($name, 0, 40)));
                    }
                }
                if (!array_key_exists('key', $members)) {
                    throw $invalid("has an invalid item $i: \"key\" is missing");
                }
                if (!is_string($members['key'])) {
                    throw $invalid("has an invalid item $i: \"key\" must be a non-empty string");
                }
                if (!array_key_exists('value', $members)) {
                    throw $invalid("has an invalid item $i: \"value\" is missing");
                }
                $ttl = $members['ttl'] ?? 0;
                if (array_key_exists('ttl', $members) && (!is_int($members['ttl']) || $members['ttl'] < 0)) {
                    throw $invalid("has an invalid item $i: \"ttl\" must be an integer greater than or equal to 0");
                }
                $items[] = self::cacheBatchItem($i, $members['key'], $members['value'], $ttl);
            }
        } elseif ($root instanceof \stdClass) {
            $i = 0;
            foreach (get_object_vars($root) as $key => $value) {
                if (str_contains((string) $key, "\0")) {
                    // as jansson, the extension's parser (use the array form for such keys)
                    throw $invalid('is not valid JSON: NUL byte in object key not supported');
                }
                $items[] = self::cacheBatchItem($i++, (string) $key, $value, 0);
            }
        } else {
            throw $invalid('must be a JSON array or object');
        }
        return $items;
    }

    /** @return array{string, string, int} */
    private static function cacheBatchItem(int $i, string $key, mixed $value, int $ttl): array
    {
        if ($key === '') {
            throw Args::valueError('cacheSetBatch', 1, 'json', "has an invalid item $i: \"key\" must be a non-empty string");
        }
        if (!is_string($value)) {
            $value = json_encode($value, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES
                | JSON_UNESCAPED_LINE_TERMINATORS | JSON_PRESERVE_ZERO_FRACTION | JSON_THROW_ON_ERROR, 2049);
        }
        if (!self::cacheFits($key, $value)) {
            throw Args::valueError('cacheSetBatch', 1, 'json', sprintf(
                'has an item %d too large for the cache (%d bytes with overhead, memory limit %d)',
                $i,
                strlen($key) + strlen($value) + self::$cacheOverhead,
                self::$cacheLimit
            ));
        }
        return [$key, $value, $ttl];
    }
}
