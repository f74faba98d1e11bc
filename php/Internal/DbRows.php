<?php

declare(strict_types=1);

namespace Lyger\Core\Internal;

/** @internal A result as the server sent it: column names, type OIDs, text values (null = SQL NULL). */
final class DbRows
{
    /**
     * @param list<string> $names
     * @param list<int> $oids
     * @param list<list<?string>> $rows
     */
    public function __construct(
        public readonly array $names,
        public readonly array $oids,
        public readonly array $rows,
        public readonly int $affected,
    ) {
    }

    /** Roughly what the result holds in memory (the "result_bytes" figure). */
    public function bytes(): int
    {
        $bytes = 0;
        foreach ($this->names as $name) {
            $bytes += strlen($name) + 8;
        }
        foreach ($this->rows as $row) {
            foreach ($row as $v) {
                $bytes += ($v === null ? 0 : strlen($v)) + 16;
            }
        }
        return $bytes;
    }
}
