<?php

declare(strict_types=1);

namespace Lyger\Core\Internal;

use Lyger\Core\EngineException;

/** @internal The cache methods of the fallback Engine. Placeholder until the cache issue lands. */
trait CacheTrait
{
    /** @return array<string, mixed> the "cache" section of systemInfo() */
    private static function cacheInfo(): array
    {
        return ['available' => false];
    }

    public function cacheSet(string $key, string $value, int $ttl = 0): bool { throw new EngineException('cacheSet() is not implemented yet'); }
    public function cacheGet(string $key): string { throw new EngineException('cacheGet() is not implemented yet'); }
    public function cacheHas(string $key): bool { throw new EngineException('cacheHas() is not implemented yet'); }
    public function cacheDelete(string $key): bool { throw new EngineException('cacheDelete() is not implemented yet'); }
    public function cacheClear(): void { throw new EngineException('cacheClear() is not implemented yet'); }
    public function cacheSize(): int { throw new EngineException('cacheSize() is not implemented yet'); }
    public function cacheSetBatch(string $json): int { throw new EngineException('cacheSetBatch() is not implemented yet'); }
}
