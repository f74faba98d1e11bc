<?php

declare(strict_types=1);

namespace Lyger\Core\Internal;

/** @internal One PostgreSQL connection of the fallback (ext/pgsql or PDO pgsql). */
interface DbDriver
{
    /** Connects; the DSN is a checked libpq URL or keyword string. @throws DbFailure */
    public static function open(string $dsn, int $connectTimeout): self;

    /**
     * Runs $sql with text parameters ($1, $2, ...; null = SQL NULL).
     * @param list<?string> $params
     * @throws DbFailure
     */
    public function exec(string $sql, array $params): DbRows;

    /** Whether the session was inside a transaction block when it last became idle. */
    public function inTransaction(): bool;

    /** Whether the idle connection is known dead before anything is sent (a retry is then safe). */
    public function deadWhileIdle(): bool;

    /** Reconnects with the same settings; false when the server cannot be reached. */
    public function reset(): bool;
}
