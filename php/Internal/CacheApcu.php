<?php

declare(strict_types=1);

namespace Lyger\Core\Internal;

/**
 * @internal The fallback's shared store: when APCu is loaded and enabled (apc.enable_cli=1
 * in the CLI) and lyger.cache_shared is not 0, the fallback Engine keeps its entries in
 * APCu, shared by the host's processes as the extension's segment is, under its own key
 * prefix with the effective uid in it (one namespace per user, as the extension's). The
 * arguments are checked, and batches parsed, by CacheTrait as in the per-request store;
 * this class only stores. What APCu decides differently is listed in the README.
 */
final class CacheApcu
{
    private static string $entries = '';
    private static string $figures = '';

    public static function usable(): bool
    {
        $shared = get_cfg_var('lyger.cache_shared');
        return !($shared !== false && in_array(strtolower((string) $shared), ['0', 'off', 'false', 'no', ''], true))
            && function_exists('apcu_enabled') && apcu_enabled();
    }

    public static function start(): void
    {
        $uid = function_exists('posix_geteuid') ? posix_geteuid() : getmyuid();
        self::$entries = "lyger:e:$uid:";
        self::$figures = "lyger:f:$uid:";
    }

    private static function pattern(): string
    {
        return '/^' . preg_quote(self::$entries, '/') . '/s';
    }

    private static function count(string $figure): void
    {
        apcu_inc(self::$figures . $figure);
    }

    public static function set(string $key, string $value, int $ttl): bool
    {
        return apcu_store(self::$entries . $key, $value, $ttl);
    }

    public static function get(string $key): string
    {
        $value = apcu_fetch(self::$entries . $key, $found);
        if ($found && is_string($value)) {
            self::count('hits');
            return $value;
        }
        self::count('misses');
        return '';
    }

    public static function has(string $key): bool
    {
        return apcu_exists(self::$entries . $key);
    }

    public static function delete(string $key): bool
    {
        return apcu_delete(self::$entries . $key);
    }

    public static function clear(): void
    {
        apcu_delete(new \APCUIterator(self::pattern(), APC_ITER_KEY));
    }

    public static function size(): int
    {
        return (new \APCUIterator(self::pattern(), APC_ITER_NONE))->getTotalCount();
    }

    /**
     * Stores checked items in order: the last of repeated keys wins (with its ttl); APCu
     * stores an array of one ttl in one call, so items are grouped by ttl.
     * @param list<array{string, string, int}> $items
     */
    public static function setMany(array $items): void
    {
        $last = [];
        foreach ($items as [$key, $value, $ttl]) {
            unset($last[$key]);
            $last[$key] = [$value, $ttl];
        }
        $byTtl = [];
        foreach ($last as $key => [$value, $ttl]) {
            $byTtl[$ttl][self::$entries . $key] = $value;
        }
        foreach ($byTtl as $ttl => $values) {
            apcu_store($values, null, $ttl);
        }
    }

    /** @return array<string, int|bool> the figures CacheTrait reports in systemInfo() */
    public static function info(int $overhead): array
    {
        $entries = 0;
        $used = 0;
        $skip = strlen(self::$entries);
        foreach (new \APCUIterator(self::pattern(), APC_ITER_KEY | APC_ITER_VALUE) as $key => $entry) {
            $entries++;
            $used += strlen((string) $key) - $skip + (is_string($entry['value']) ? strlen($entry['value']) : 0) + $overhead;
        }
        $host = apcu_cache_info(true);
        $sma = apcu_sma_info(true);
        return [
            'entries' => $entries,
            'memory_used' => $used,
            'hits' => (int) apcu_fetch(self::$figures . 'hits'),
            'misses' => (int) apcu_fetch(self::$figures . 'misses'),
            'shared' => true,
            'segment_size' => (int) ($sma['seg_size'] ?? 0) * (int) ($sma['num_seg'] ?? 1),
            'host_entries' => (int) ($host['num_entries'] ?? 0),
            'host_memory_used' => (int) ($host['mem_size'] ?? 0),
        ];
    }
}
