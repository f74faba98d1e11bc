<?php

declare(strict_types=1);

namespace Lyger\Core\Internal;

/**
 * @internal An SQLite connection of the fallback through ext/sqlite3, written to give
 * what src/db_sqlite.c gives: rows typed by each value's storage class (BLOB as
 * "\\x<hex>"), the same SQLSTATE mapping and messages, WAL for files, a busy timeout.
 * Rows come back already as JSON fragments (DbRows with Db::OID_JSON_VALUE columns).
 * A multi-statement query is split at ';' outside quotes and comments (a CREATE TRIGGER
 * body with ';' inside is the one form this cannot split: the extension can).
 */
final class DbSqlite implements DbDriver
{
    private const JSON_FLAGS = JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES
        | JSON_UNESCAPED_LINE_TERMINATORS | JSON_INVALID_UTF8_SUBSTITUTE;

    private function __construct(private \SQLite3 $db)
    {
    }

    public static function available(): bool
    {
        return class_exists(\SQLite3::class, false);
    }

    public static function open(string $dsn, int $connectTimeout): self
    {
        $path = str_starts_with($dsn, 'sqlite:') ? substr($dsn, 7) : $dsn;
        if ($path === '') {
            throw new DbFailure('could not open SQLite database: the DSN names no file (sqlite:/path/to.db, or sqlite::memory:)', '08006');
        }
        $prefix = sprintf('could not open SQLite database "%s"', substr($path, 0, 200));
        $cantOpen = ' (a directory, a missing directory or no permission?)';
        try {
            $db = new \SQLite3($path, SQLITE3_OPEN_READWRITE | SQLITE3_OPEN_CREATE);
        } catch (\Exception $e) {
            $msg = preg_replace('/^Unable to open database: /', '', $e->getMessage());
            throw new DbFailure("$prefix$cantOpen: $msg (SQLite code 14)", '08006');
        }
        $db->enableExceptions(false);
        $db->busyTimeout(max(0, min(0x7fffffff, Db::iniInt('lyger.db_busy_timeout', 5000))));
        $ok = @$db->exec($path === ':memory:' ? 'PRAGMA schema_version' : 'PRAGMA journal_mode=WAL');
        if (!$ok && in_array($db->lastErrorCode(), [5, 8], true)) { // BUSY, READONLY
            $ok = @$db->exec('PRAGMA schema_version');
        }
        if (!$ok) {
            $code = $db->lastExtendedErrorCode();
            $msg = $db->lastErrorMsg();
            $db->close();
            throw new DbFailure($prefix . (($code & 0xff) === 14 ? $cantOpen : '') . ": $msg (SQLite code $code)", '08006');
        }
        return new self($db);
    }

    /** @param list<null|bool|int|float|string> $params typed values */
    public function exec(string $sql, array $params): DbRows
    {
        $names = [];
        $rows = [];
        $affected = 0;
        $statements = self::split($sql);
        foreach ($statements as $n => $one) {
            $stmt = @$this->db->prepare($one);
            if ($stmt === false) {
                throw $this->failure();
            }
            $want = $stmt->paramCount();
            if ($n === 0 ? $want !== count($params) : $want !== 0) {
                throw new DbFailure($n === 0
                    ? sprintf('the query has %d placeholder(s) but %d parameter(s) were given', $want, count($params))
                    : sprintf('only the first statement of a multi-statement query may have placeholders (%d found)', $want), '08P01');
            }
            if ($n === 0) {
                foreach (array_values($params) as $i => $v) {
                    $stmt->bindValue($i + 1, is_bool($v) ? (int) $v : $v, match (true) {
                        $v === null => SQLITE3_NULL,
                        is_bool($v), is_int($v) => SQLITE3_INTEGER,
                        is_float($v) => SQLITE3_FLOAT,
                        default => SQLITE3_TEXT,
                    });
                }
            }
            $res = @$stmt->execute();
            if ($res === false) {
                throw $this->failure();
            }
            $names = [];
            for ($i = 0, $nc = $res->numColumns(); $i < $nc; $i++) {
                $names[] = $res->columnName($i);
            }
            $rows = [];
            // a statement without columns ran in execute(); fetching again would run it again
            while ($nc > 0 && is_array($row = @$res->fetchArray(SQLITE3_NUM))) {
                $out = [];
                foreach ($row as $i => $v) {
                    $out[] = match ($res->columnType($i)) {
                        SQLITE3_NULL => null,
                        SQLITE3_INTEGER => (string) $v,
                        SQLITE3_FLOAT => is_finite($v) ? json_encode($v) : ($v > 0 ? '"Infinity"' : '"-Infinity"'),
                        SQLITE3_BLOB => '"\\\\x' . bin2hex((string) $v) . '"',
                        default => json_encode((string) $v, self::JSON_FLAGS),
                    };
                }
                $rows[] = $out;
            }
            if ($this->db->lastErrorCode() !== 0 && $this->db->lastErrorCode() !== 100 && $this->db->lastErrorCode() !== 101) {
                throw $this->failure();
            }
            $affected = $stmt->readOnly() ? count($rows) : $this->db->changes();
            $res->finalize();
            $stmt->close();
        }
        if ($statements === [] && $params !== []) {
            throw new DbFailure(sprintf('the query has 0 placeholder(s) but %d parameter(s) were given', count($params)), '08P01');
        }
        return new DbRows($names, array_fill(0, count($names), Db::OID_JSON_VALUE), $rows, $affected);
    }

    private function failure(): DbFailure
    {
        $code = $this->db->lastExtendedErrorCode();
        $msg = $this->db->lastErrorMsg();
        if (in_array($code & 0xff, [5, 6], true)) {
            $msg .= ' (another connection holds the lock; waited lyger.db_busy_timeout)';
        }
        return new DbFailure("$msg (SQLite code $code)", self::sqlState($code));
    }

    /** The SQLSTATE for an SQLite (extended) result code: the table in README.md, as src/db_sqlite.c. */
    public static function sqlState(int $code): string
    {
        return match ($code) {
            2067, 1555 => '23505', 1299 => '23502', 787 => '23503', 275 => '23514',
            default => match ($code & 0xff) {
                1 => '42000', 2 => 'XX000', 3, 23 => '42501', 4, 9 => '57014', 5, 6 => '55P03',
                7 => '53200', 8 => '25006', 10 => '58030', 11, 26 => 'XX001', 13 => '53100',
                14 => '08006', 15 => '08P01', 18 => '54000', 19 => '23000', 20 => '42804', 25 => '22023',
                default => 'HY000',
            },
        };
    }

    /**
     * The statements of $sql: split at ';' outside '...', "...", `...`, [...], -- and
     * /* *\/ comments; empty ones dropped.
     * @return list<string>
     */
    private static function split(string $sql): array
    {
        $out = [];
        $start = 0;
        $len = strlen($sql);
        for ($i = 0; $i < $len; $i++) {
            $c = $sql[$i];
            if ($c === "'" || $c === '"' || $c === '`' || $c === '[') {
                $close = $c === '[' ? ']' : $c;
                $j = strpos($sql, $close, $i + 1);
                $i = $j === false ? $len : $j;
            } elseif ($c === '-' && ($sql[$i + 1] ?? '') === '-') {
                $j = strpos($sql, "\n", $i);
                $i = $j === false ? $len : $j;
            } elseif ($c === '/' && ($sql[$i + 1] ?? '') === '*') {
                $j = strpos($sql, '*/', $i + 2);
                $i = $j === false ? $len : $j + 1;
            } elseif ($c === ';') {
                $out[] = substr($sql, $start, $i - $start);
                $start = $i + 1;
            }
        }
        $out[] = substr($sql, $start);
        return array_values(array_filter($out, static fn ($s) => !self::blank($s)));
    }

    /** Whether a statement is only whitespace and comments (SQLite prepares it as nothing). */
    private static function blank(string $s): bool
    {
        $s = preg_replace('~--[^\n]*|/\*.*?(\*/|$)~s', '', $s);
        return trim((string) $s) === '';
    }

    public function inTransaction(): bool
    {
        return true; // ext/sqlite3 cannot ask; a ROLLBACK with none open fails harmlessly
    }

    public function deadWhileIdle(): bool
    {
        return false;
    }

    public function reset(): bool
    {
        return true;
    }
}
