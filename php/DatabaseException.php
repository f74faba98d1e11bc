<?php

declare(strict_types=1);

namespace Lyger\Core;

/** A database failure; getSqlState() gives the SQLSTATE ('' when none). */
class DatabaseException extends EngineException
{
    protected string $sqlState = '';

    public function getSqlState(): string
    {
        return $this->sqlState;
    }

    /** @internal The fallback's way to attach a SQLSTATE, as the extension does from C. */
    public static function withSqlState(string $message, string $sqlState, ?\Throwable $previous = null): self
    {
        $e = new self($message, 0, $previous);
        $e->sqlState = $sqlState;
        return $e;
    }
}
