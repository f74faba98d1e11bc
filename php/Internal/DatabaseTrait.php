<?php

declare(strict_types=1);

namespace Lyger\Core\Internal;

use Lyger\Core\EngineException;

/** @internal The database methods of the fallback Engine. Placeholder until the database issue lands. */
trait DatabaseTrait
{
    /** @return array<string, mixed> the "db" section of systemInfo() */
    private static function dbInfo(): array
    {
        return ['available' => false];
    }

    public function dbQuery(string $dsn, string $query, array $params = []): int { throw new EngineException('dbQuery() is not implemented yet'); }
    public function jsonifyResult(int $ptr): string { throw new EngineException('jsonifyResult() is not implemented yet'); }
    public function freeResult(int $ptr): void { throw new EngineException('freeResult() is not implemented yet'); }
    public function dbQueryJson(string $dsn, string $query, array $params = []): string { throw new EngineException('dbQueryJson() is not implemented yet'); }
    public function dbExecute(string $dsn, string $query, array $params = []): int { throw new EngineException('dbExecute() is not implemented yet'); }
}
