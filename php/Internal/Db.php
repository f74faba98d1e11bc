<?php

declare(strict_types=1);

namespace Lyger\Core\Internal;

use Lyger\Core\DatabaseException;
use Lyger\Core\EngineException;

/**
 * @internal The fallback's database state and logic, mirroring src/db.c and
 * src/engine_db.c: one connection per DSN, result handles, typed JSON.
 *
 * Differences a pure-PHP implementation cannot avoid (README.md, "Database"): state lives for one
 * request (connections are reopened per request and closed at its end, which also
 * rolls back an open transaction), and handles start at a random base per request so
 * a handle from an earlier request is (with overwhelming likelihood) not live.
 */
final class Db
{
    private const OID_BOOL = 16;
    private const OID_INT8 = 20;
    private const OID_INT2 = 21;
    private const OID_INT4 = 23;
    private const OID_OID = 26;
    private const OID_JSON = 114;
    private const OID_FLOAT4 = 700;
    private const OID_FLOAT8 = 701;
    private const OID_NUMERIC = 1700;
    private const OID_JSONB = 3802;
    /** Not a PostgreSQL type: the value is already JSON (the SQLite and MySQL drivers write it so). */
    public const OID_JSON_VALUE = -1;

    private const JSON_FLAGS = JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES
        | JSON_UNESCAPED_LINE_TERMINATORS | JSON_INVALID_UTF8_SUBSTITUTE;

    private const FORMS = 'supported forms are postgres://user:password@host:port/dbname?option=value, '
        . 'postgresql://... and libpq keyword/value strings like "host=... dbname=... user=..."'
        . ', mysql://user:password@host:port/dbname?charset=utf8mb4&socket=...&ssl-mode=..., mariadb://...'
        . ', sqlite:/path/to.db, sqlite::memory: and a bare path ending .sqlite, .sqlite3 or .db';

    private const MAX_RESULTS_CAP = (1 << 24) - 2;

    /** @var array<string, array{DbDriver, int}> DSN => [connection, pid that opened it] */
    private static array $conns = [];
    /** @var array<string, DbDriver> connections inherited across fork: kept, never used */
    private static array $inherited = [];
    /** @var array<int, array{DbRows, int}> handle => [result, bytes] */
    private static array $results = [];
    private static int $nextHandle = 0;
    private static int $resultBytes = 0;
    private static int $queries = 0;
    private static int $reconnects = 0;
    /** @var array<string, int> engine => statements run */
    private static array $engineQueries = [];

    /** @return array<string, mixed> */
    public static function info(): array
    {
        $driver = self::driverClass();
        return [
            'available' => $driver !== null,
            'driver' => $driver === null ? 'none' : ($driver === DbPgsql::class ? 'pgsql' : 'pdo_pgsql'),
            'connections' => count(self::$conns),
            'open_results' => count(self::$results),
            'result_bytes' => self::$resultBytes,
            'max_results' => self::iniInt('lyger.db_max_results', 1024),
            'queries' => self::$queries,
            'reconnects' => self::$reconnects,
            'engines' => self::engines($driver),
        ];
    }

    /**
     * Per engine: the library the fallback uses and its figures (as the extension's engines).
     * @return array<string, array<string, int|string>>
     */
    private static function engines(?string $pgDriver): array
    {
        $libs = [
            'pgsql' => $pgDriver === null ? 'none' : ($pgDriver === DbPgsql::class ? 'pgsql' : 'pdo_pgsql'),
            'mysql' => DbMysqli::available() ? 'mysqli' : 'none',
            'sqlite' => DbSqlite::available() ? 'sqlite3' : 'none',
        ];
        $out = [];
        foreach ($libs as $engine => $lib) {
            $conns = 0;
            foreach (self::$conns as $dsn => $_) {
                $conns += self::engineOf((string) $dsn) === $engine ? 1 : 0;
            }
            $out[$engine] = ['library' => $lib, 'connections' => $conns,
                'queries' => self::$engineQueries[$engine] ?? 0,
                'reconnects' => $engine === 'pgsql' ? self::$reconnects : 0, 'statements_cached' => 0,
                'results_streamed' => 0];
        }
        return $out;
    }

    /** @param array<mixed> $params */
    public static function query(string $method, string $dsn, string $query, array $params): int
    {
        $rows = self::run($method, $dsn, $query, $params);
        $max = min(self::iniInt('lyger.db_max_results', 1024), self::MAX_RESULTS_CAP);
        if ($max < 0 || count(self::$results) >= $max) {
            throw DatabaseException::withSqlState(sprintf('dbQuery(): too many open results '
                . '(lyger.db_max_results = %d); free results with freeResult() or use dbQueryJson()',
                self::iniInt('lyger.db_max_results', 1024)), '');
        }
        if (self::$nextHandle === 0) {
            self::$nextHandle = random_int(1, 1 << 40);
        }
        $handle = self::$nextHandle++;
        $bytes = $rows->bytes();
        self::$results[$handle] = [$rows, $bytes];
        self::$resultBytes += $bytes;
        return $handle;
    }

    public static function jsonify(int $ptr): string
    {
        if ($ptr < 0) {
            throw Args::valueError('jsonifyResult', 1, 'ptr', 'must be greater than or equal to 0');
        }
        if ($ptr === 0) {
            return '[]';
        }
        if (!isset(self::$results[$ptr])) {
            throw DatabaseException::withSqlState(sprintf('jsonifyResult(): result handle %d is not live '
                . '(never issued, already freed, or from an earlier request)', $ptr), '');
        }
        return self::json(self::$results[$ptr][0]);
    }

    public static function free(int $ptr): void
    {
        if ($ptr < 0) {
            throw Args::valueError('freeResult', 1, 'ptr', 'must be greater than or equal to 0');
        }
        if (isset(self::$results[$ptr])) {
            self::$resultBytes -= self::$results[$ptr][1];
            unset(self::$results[$ptr]);
        }
    }

    /**
     * The end of a request for the database, as the extension's RSHUTDOWN does it: every
     * open result is freed (its handle is never live again) and a connection left inside a
     * transaction is rolled back. The fallback server calls it after each HTTP request.
     */
    public static function requestEnd(): void
    {
        self::$results = [];
        self::$resultBytes = 0;
        foreach (self::$conns as [$conn, $pid]) {
            if ($pid === getmypid() && $conn->inTransaction()) {
                try {
                    $conn->exec('ROLLBACK', []);
                } catch (\Throwable) {
                    // a connection that cannot roll back is reset on its next use
                }
            }
        }
    }

    /** @param array<mixed> $params */
    public static function queryJson(string $dsn, string $query, array $params): string
    {
        return self::json(self::run('dbQueryJson', $dsn, $query, $params));
    }

    /** @param array<mixed> $params */
    public static function execute(string $dsn, string $query, array $params): int
    {
        return self::run('dbExecute', $dsn, $query, $params)->affected;
    }

    // Running a query -----------------------------------------------------------

    /** @param array<mixed> $params */
    private static function run(string $method, string $dsn, string $query, array $params): DbRows
    {
        if (str_contains($dsn, "\0")) {
            throw Args::valueError($method, 1, 'dsn', 'must not contain any null bytes');
        }
        if (str_contains($query, "\0")) {
            throw Args::valueError($method, 2, 'query', 'must not contain any null bytes');
        }
        $problem = self::dsnProblem($dsn);
        if ($problem !== null) {
            throw DatabaseException::withSqlState("$method(): $problem", '');
        }
        [$values, $typed] = self::params($method, $params);
        $engine = self::engineOf($dsn);
        $driver = match ($engine) {
            'sqlite' => DbSqlite::available() ? DbSqlite::class : null,
            'mysql' => DbMysqli::available() ? DbMysqli::class : null,
            default => self::driverClass(),
        };
        if ($driver === null && $engine === 'sqlite') {
            throw new EngineException("$method(): the lyger extension is not loaded and the PHP fallback needs "
                . 'ext/sqlite3 for SQLite DSNs (apt-get install php-sqlite3), which is not available');
        }
        if ($driver === null && $engine === 'mysql') {
            throw new EngineException("$method(): the lyger extension is not loaded and the PHP fallback needs "
                . 'ext/mysqli for MySQL DSNs (apt-get install php-mysql), which is not available');
        }
        if ($driver === null) {
            throw new EngineException("$method(): the lyger extension is not loaded and the PHP fallback needs "
                . 'ext/pgsql or PDO pgsql (apt-get install php-pgsql), neither is available');
        }
        $secrets = self::passwords($dsn);
        try {
            $conn = self::connection($dsn, $driver);
            self::$queries++;
            self::$engineQueries[$engine] = (self::$engineQueries[$engine] ?? 0) + 1;
            return $conn->exec($query, $engine === 'pgsql' ? $values : $typed);
        } catch (DbFailure $f) {
            throw DatabaseException::withSqlState("$method(): " . self::scrub($f->getMessage(), $secrets), $f->sqlState);
        }
    }

    /** @param class-string<DbDriver> $driver */
    private static function connection(string $dsn, string $driver): DbDriver
    {
        $pid = getmypid();
        if (isset(self::$conns[$dsn])) {
            [$conn, $owner] = self::$conns[$dsn];
            if ($owner !== $pid) {
                // Inherited across fork: the socket is the parent's. Keep the object
                // referenced (destroying it would end the parent's session now) and
                // connect afresh.
                self::$inherited[] = $conn;
                unset(self::$conns[$dsn]);
            } else {
                $inTransaction = $conn->inTransaction();
                if (!$conn->deadWhileIdle()) {
                    return $conn;
                }
                self::$reconnects++;
                if (!$conn->reset()) {
                    unset(self::$conns[$dsn]);
                    // the reason, worded as the extension's
                    return self::open($dsn, $driver);
                }
                if ($inTransaction) {
                    // going on would run the rest of the caller's transaction in autocommit
                    throw new DbFailure('connection to ' . (self::engineOf($dsn) === 'mysql' ? 'MySQL' : 'PostgreSQL') . ' lost inside a transaction '
                        . '(the server rolled it back); reconnected for the next statement', '08006');
                }
                return $conn;
            }
        }
        return self::open($dsn, $driver);
    }

    /** @param class-string<DbDriver> $driver */
    private static function open(string $dsn, string $driver): DbDriver
    {
        if (count(self::$conns) >= 64) {
            array_shift(self::$conns);
        }
        $conn = $driver::open($dsn, self::iniInt('lyger.db_connect_timeout', 5));
        self::$conns[$dsn] = [$conn, getmypid()];
        return $conn;
    }

    /** @return class-string<DbDriver>|null ext/pgsql first (SQL reaches libpq untouched), then PDO pgsql */
    private static function driverClass(): ?string
    {
        $forced = getenv('LYGER_FALLBACK_DB_DRIVER');
        $pgsql = function_exists('pg_send_query_params');
        $pdo = class_exists(\PDO::class, false) && in_array('pgsql', \PDO::getAvailableDrivers(), true);
        if ($forced === 'none') {
            return null;
        }
        if ($pgsql && $forced !== 'pdo') {
            return DbPgsql::class;
        }
        return $pdo ? DbPdo::class : null;
    }

    // Parameters, DSNs, settings ----------------------------------------------

    /**
     * Text parameters as the extension sends them: null -> NULL, bool -> 't'/'f',
     * int -> decimal, float -> shortest round-trip text, string/Stringable as is.
     * @param array<mixed> $params
     * @return array{list<?string>, list<null|bool|int|float|string>} as text, and typed (Stringable as string)
     */
    private static function params(string $method, array $params): array
    {
        $out = [];
        $typed = [];
        $n = 0;
        foreach ($params as $v) {
            $n++;
            if ($v === null) {
                $out[] = null;
                $typed[] = null;
                continue;
            }
            if (is_bool($v)) {
                $s = $v ? 't' : 'f';
            } elseif (is_int($v)) {
                $s = (string) $v;
            } elseif (is_float($v)) {
                $s = self::floatText($v);
            } elseif (is_string($v)) {
                $s = $v;
            } elseif ($v instanceof \Stringable) {
                $s = (string) $v;
            } else {
                $type = is_object($v) ? get_class($v) : (is_array($v) ? 'array' : gettype($v));
                throw new \TypeError(sprintf('Lyger\Core\Engine::%s(): Argument #3 ($params) must contain only null, '
                    . 'bool, int, float, string or Stringable values, %s given for $%d', $method, $type, $n));
            }
            if (str_contains($s, "\0")) {
                throw Args::valueError($method, 3, 'params', "must not contain strings with null bytes, found in \$$n");
            }
            $out[] = $s;
            $typed[] = is_object($v) ? $s : $v;
        }
        return [$out, $typed];
    }

    private static function floatText(float $f): string
    {
        if (is_nan($f)) {
            return 'NaN';
        }
        if (is_infinite($f)) {
            return $f > 0 ? 'Infinity' : '-Infinity';
        }
        // json_encode uses serialize_precision like the extension's smart_str_append_double
        return str_replace('e', 'E', json_encode($f));
    }

    /** The engine a DSN names (same rules as src/db.c's route()), or null. */
    private static function engineOf(string $dsn): ?string
    {
        if (str_starts_with($dsn, 'postgres://') || str_starts_with($dsn, 'postgresql://')) {
            return 'pgsql';
        }
        if (str_starts_with($dsn, 'mysql://') || str_starts_with($dsn, 'mariadb://')) {
            return 'mysql';
        }
        if (str_starts_with($dsn, 'sqlite:') || preg_match('/.\.(sqlite3?|db)$/D', $dsn)) {
            return 'sqlite';
        }
        if (!preg_match('/^[A-Za-z][A-Za-z0-9+.\-]*:/', $dsn) && str_contains($dsn, '=')) {
            return 'pgsql';
        }
        return null;
    }

    /** Why the DSN is not a PostgreSQL one, or null when it is (same rules as src/db.c). */
    private static function dsnProblem(string $dsn): ?string
    {
        if (self::engineOf($dsn) !== null) {
            return null;
        }
        if (preg_match('/^([A-Za-z][A-Za-z0-9+.\-]*):/', $dsn, $m)) {
            return sprintf('unsupported DSN scheme "%s": %s', substr($m[1], 0, 32), self::FORMS);
        }
        if (str_contains($dsn, '=')) {
            return null;
        }
        return ($dsn === '' ? 'empty DSN: ' : 'unsupported DSN: ') . self::FORMS;
    }

    /** @return list<string> the DSN's password as written and as decoded, to scrub from messages */
    private static function passwords(string $dsn): array
    {
        $out = [];
        if (preg_match('~^[A-Za-z][A-Za-z0-9+.\-]*://([^/?]*)@~', $dsn, $m)) {
            $userinfo = $m[1];
            $colon = strpos($userinfo, ':');
            if ($colon !== false && $colon + 1 < strlen($userinfo)) {
                $raw = substr($userinfo, $colon + 1);
                $out[] = $raw;
                $out[] = rawurldecode($raw);
            }
        } elseif (preg_match("~(?:^|\\s)password\\s*=\\s*(?:'((?:[^'\\\\]|\\\\.)*)'|(\\S+))~", $dsn, $m)) {
            $raw = ($m[2] ?? '') !== '' ? $m[2] : $m[1];
            $out[] = $raw;
            $out[] = preg_replace('/\\\\(.)/', '$1', $raw);
        }
        return array_values(array_unique(array_filter($out, static fn ($s) => $s !== '')));
    }

    /** @param list<string> $secrets */
    private static function scrub(string $message, array $secrets): string
    {
        foreach ($secrets as $s) {
            $message = str_replace($s, '********', $message);
        }
        return $message;
    }

    /** The DSN with connect_timeout (when it names none) and client_encoding=UTF8, still a libpq DSN. */
    public static function withOptions(string $dsn, int $timeout): string
    {
        $isUrl = str_contains($dsn, '://');
        $opts = ['client_encoding' => 'UTF8'];
        if ($timeout > 0 && !preg_match('/(?:^|[\s?&])connect_timeout\s*=/', $dsn)) {
            $opts['connect_timeout'] = (string) $timeout;
        }
        foreach ($opts as $k => $v) {
            if ($isUrl) {
                $dsn .= (str_contains($dsn, '?') ? '&' : '?') . "$k=$v";
            } else {
                $dsn .= " $k=$v";
            }
        }
        return $dsn;
    }

    public static function iniInt(string $name, int $default): int
    {
        $v = ini_get($name);
        if ($v === false) {
            $v = get_cfg_var($name);
        }
        return ($v === false || $v === '') ? $default : (int) $v;
    }

    // JSON ------------------------------------------------------------------------

    /** The result as the extension writes it (src/json_writer.c): typed like json_agg. */
    private static function json(DbRows $r): string
    {
        if ($r->rows === [] || $r->names === []) {
            return '[]';
        }
        $prefix = [];
        $kind = [];
        foreach ($r->names as $i => $name) {
            $prefix[$i] = ($i === 0 ? '{' : ',') . json_encode($name, self::JSON_FLAGS) . ':';
            $kind[$i] = match ($r->oids[$i]) {
                self::OID_INT2, self::OID_INT4, self::OID_INT8, self::OID_OID,
                self::OID_JSON, self::OID_JSONB, self::OID_JSON_VALUE => 'raw',
                self::OID_FLOAT4, self::OID_FLOAT8, self::OID_NUMERIC => 'num',
                self::OID_BOOL => 'bool',
                default => 'str',
            };
        }
        $out = [];
        foreach ($r->rows as $row) {
            $o = '';
            foreach ($row as $i => $v) {
                $o .= $prefix[$i];
                if ($v === null) {
                    $o .= 'null';
                    continue;
                }
                $o .= match ($kind[$i]) {
                    'raw' => $v,
                    'num' => preg_match('/^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/D', $v)
                        ? $v : json_encode($v, self::JSON_FLAGS),
                    'bool' => $v[0] === 't' ? 'true' : 'false',
                    default => json_encode($v, self::JSON_FLAGS),
                };
            }
            $out[] = $o . '}';
        }
        return '[' . implode(',', $out) . ']';
    }
}
