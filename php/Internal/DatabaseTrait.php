<?php

declare(strict_types=1);

namespace Lyger\Core\Internal;

/**
 * @internal The database methods of the fallback Engine: the same API, errors and
 * JSON text as the extension, through ext/pgsql (preferred: it passes SQL and $n
 * parameters to libpq untouched) or PDO pgsql. The work is done by Db.
 */
trait DatabaseTrait
{
    /** @return array<string, mixed> the "db" section of systemInfo() */
    private static function dbInfo(): array
    {
        return Db::info();
    }

    public function dbQuery(string $dsn, string $query, array $params = []): int
    {
        return Db::query('dbQuery', $dsn, $query, $params);
    }

    public function jsonifyResult(int $ptr): string
    {
        return Db::jsonify($ptr);
    }

    public function freeResult(int $ptr): void
    {
        Db::free($ptr);
    }

    public function dbQueryJson(string $dsn, string $query, array $params = []): string
    {
        return Db::queryJson($dsn, $query, $params);
    }

    public function dbExecute(string $dsn, string $query, array $params = []): int
    {
        return Db::execute($dsn, $query, $params);
    }
}
