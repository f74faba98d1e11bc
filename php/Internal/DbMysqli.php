<?php

declare(strict_types=1);

namespace Lyger\Core\Internal;

/**
 * @internal A MySQL/MariaDB connection of the fallback through ext/mysqli, written to give
 * what src/db_mysql.c gives: the same DSN rules (src/db_mysql_dsn.c), `?` parameters
 * written into the statement with real_escape_string, JSON typed by column type (rows come
 * back as JSON fragments, DbRows with Db::OID_JSON_VALUE columns), the same messages and
 * SQLSTATEs. Connect failures carry mysqlnd's wording of the reason, not libmariadb's.
 */
final class DbMysqli implements DbDriver
{
    private const JSON_FLAGS = JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES
        | JSON_UNESCAPED_LINE_TERMINATORS | JSON_INVALID_UTF8_SUBSTITUTE;

    private bool $inTx = false;

    private function __construct(private \mysqli $m, private string $dsn, private int $timeout)
    {
    }

    public static function available(): bool
    {
        return class_exists(\mysqli::class, false);
    }

    public static function open(string $dsn, int $connectTimeout): self
    {
        return new self(self::connect($dsn, $connectTimeout), $dsn, $connectTimeout);
    }

    private static function connect(string $dsn, int $connectTimeout): \mysqli
    {
        $d = self::parse($dsn);
        if (is_string($d)) {
            throw new DbFailure("could not connect to MySQL: $d", '08006');
        }
        mysqli_report(MYSQLI_REPORT_OFF);
        $m = mysqli_init();
        $timeout = $d['connect_timeout'] >= 0 ? $d['connect_timeout'] : $connectTimeout;
        if ($timeout > 0) {
            $m->options(MYSQLI_OPT_CONNECT_TIMEOUT, $timeout);
        }
        $flags = 0;
        if (in_array($d['ssl'], ['REQUIRED', 'VERIFY_CA', 'VERIFY_IDENTITY'], true)) {
            $flags |= MYSQLI_CLIENT_SSL | ($d['ssl'] === 'REQUIRED' ? MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT : 0);
        }
        $host = $d['socket'] !== null ? 'localhost' : ($d['host'] ?? 'localhost');
        if (!@$m->real_connect($host, $d['user'], $d['password'], $d['dbname'], $d['port'] ?: 3306, $d['socket'], $flags)) {
            throw new DbFailure(sprintf('could not connect to MySQL: %s (MySQL error %d)', mysqli_connect_error(), mysqli_connect_errno()), '08006');
        }
        if (!@$m->set_charset($d['charset'])) {
            $msg = sprintf('could not connect to MySQL: %s (MySQL error %d)', $m->error, $m->errno);
            $m->close();
            throw new DbFailure($msg, '08006');
        }
        return $m;
    }

    /**
     * The DSN's parts, or the reason it is malformed (the messages of src/db_mysql_dsn.c).
     * @return array{user: ?string, password: ?string, host: ?string, port: int, dbname: ?string, charset: string, socket: ?string, ssl: ?string, connect_timeout: int}|string
     */
    public static function parse(string $dsn): array|string
    {
        $d = ['user' => null, 'password' => null, 'host' => null, 'port' => 0, 'dbname' => null,
            'charset' => 'utf8mb4', 'socket' => null, 'ssl' => null, 'connect_timeout' => -1];
        $rest = preg_replace('~^(mysql|mariadb)://~', '', $dsn, 1, $n);
        if ($n !== 1) {
            return 'not a mysql:// or mariadb:// DSN';
        }
        $dec = static function (string $s): ?string {
            if (preg_match('/%(?![0-9A-Fa-f]{2})|%00/', $s)) {
                return null;
            }
            return rawurldecode($s);
        };
        $authLen = strcspn($rest, '/?');
        $auth = substr($rest, 0, $authLen);
        $rest = substr($rest, $authLen);
        $at = strrpos($auth, '@');
        if ($at !== false) {
            $userinfo = substr($auth, 0, $at);
            $colon = strpos($userinfo, ':');
            $user = $colon === false ? $userinfo : substr($userinfo, 0, $colon);
            if ($user !== '' && ($d['user'] = $dec($user)) === null) {
                return 'malformed MySQL DSN: bad percent-escape in the user name';
            }
            if ($colon !== false && ($d['password'] = $dec(substr($userinfo, $colon + 1))) === null) {
                return 'malformed MySQL DSN: bad percent-escape in the password';
            }
            $auth = substr($auth, $at + 1);
        }
        $port = null;
        if (str_starts_with($auth, '[')) {
            $rb = strpos($auth, ']');
            if ($rb === false) {
                return 'malformed MySQL DSN: unterminated [IPv6] host';
            }
            $d['host'] = $dec(substr($auth, 1, $rb - 1));
            if ($rb + 1 < strlen($auth)) {
                if ($auth[$rb + 1] !== ':') {
                    return 'malformed MySQL DSN: junk after the [IPv6] host';
                }
                $port = substr($auth, $rb + 2);
            }
        } else {
            $colon = strpos($auth, ':');
            if ($colon !== false) {
                $port = substr($auth, $colon + 1);
                $auth = substr($auth, 0, $colon);
            }
            if ($auth !== '' && ($d['host'] = $dec($auth)) === null) {
                return 'malformed MySQL DSN: bad percent-escape in the host';
            }
        }
        if ($port !== null) {
            if ($port === '') {
                return 'malformed MySQL DSN: empty port';
            }
            if (!preg_match('/^[0-9]+$/D', $port) || strlen($port) > 5 || (int) $port < 1 || (int) $port > 65535) {
                return 'malformed MySQL DSN: the port must be a number from 1 to 65535';
            }
            $d['port'] = (int) $port;
        }
        if (str_starts_with($rest, '/')) {
            $len = strcspn($rest, '?', 1);
            $db = substr($rest, 1, $len);
            if ($db !== '' && ($d['dbname'] = $dec($db)) === null) {
                return 'malformed MySQL DSN: bad percent-escape in the database name';
            }
            $rest = substr($rest, 1 + $len);
        }
        if (str_starts_with($rest, '?')) {
            foreach (explode('&', substr($rest, 1)) as $opt) {
                $eq = strpos($opt, '=');
                if ($eq === false) {
                    return "malformed MySQL DSN: an option without '=' (use ?name=value&...)";
                }
                $k = substr($opt, 0, $eq);
                $v = $dec(substr($opt, $eq + 1));
                if ($v === null) {
                    return 'malformed MySQL DSN: bad percent-escape in an option';
                }
                if ($k === 'charset' || $k === 'socket') {
                    $d[$k] = $v;
                } elseif ($k === 'ssl-mode' || $k === 'ssl_mode') {
                    $mode = strtoupper($v);
                    if (!in_array($mode, ['DISABLED', 'PREFERRED', 'REQUIRED', 'VERIFY_CA', 'VERIFY_IDENTITY'], true)) {
                        return 'malformed MySQL DSN: ssl-mode must be DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY';
                    }
                    $d['ssl'] = $mode;
                } elseif ($k === 'connect_timeout') {
                    if (!preg_match('/^[0-9]+$/D', $v) || (int) $v > 86400) {
                        return 'malformed MySQL DSN: connect_timeout must be seconds (0-86400)';
                    }
                    $d['connect_timeout'] = (int) $v;
                } else {
                    return sprintf('malformed MySQL DSN: unknown option "%s" (known: charset, socket, ssl-mode, connect_timeout)', substr($k, 0, 32));
                }
            }
        }
        return $d;
    }

    /** @param list<null|bool|int|float|string> $params typed values */
    public function exec(string $sql, array $params): DbRows
    {
        if ($params !== [] || str_contains($sql, '?')) {
            $sql = $this->interpolate($sql, $params);
        }
        $res = @$this->m->query($sql);
        if ($res === false) {
            throw $this->failure();
        }
        if (preg_match('/^\s*(begin|start\s+transaction)\b/i', $sql)) {
            $this->inTx = true;
        } elseif (preg_match('/^\s*(commit|rollback)\b(?!\s+to\b)/i', $sql)) {
            $this->inTx = false;
        }
        if ($res === true) {
            return new DbRows([], [], [], (int) $this->m->affected_rows);
        }
        $names = [];
        $kinds = [];
        $bits = [];
        foreach ($res->fetch_fields() as $i => $f) {
            $bits[$i] = (int) $f->length;
            $names[] = $f->name;
            $kinds[] = match ($f->type) {
                MYSQLI_TYPE_TINY, MYSQLI_TYPE_SHORT, MYSQLI_TYPE_LONG, MYSQLI_TYPE_LONGLONG, MYSQLI_TYPE_INT24,
                MYSQLI_TYPE_YEAR, MYSQLI_TYPE_JSON => 'raw',
                MYSQLI_TYPE_DECIMAL, MYSQLI_TYPE_NEWDECIMAL, MYSQLI_TYPE_FLOAT, MYSQLI_TYPE_DOUBLE => 'num',
                MYSQLI_TYPE_BIT => 'bit',
                MYSQLI_TYPE_TINY_BLOB, MYSQLI_TYPE_MEDIUM_BLOB, MYSQLI_TYPE_LONG_BLOB, MYSQLI_TYPE_BLOB,
                MYSQLI_TYPE_STRING, MYSQLI_TYPE_VAR_STRING, MYSQLI_TYPE_GEOMETRY => $f->charsetnr === 63 ? 'hex' : 'str',
                default => 'str',
            };
        }
        $rows = [];
        while (($row = $res->fetch_row()) !== null && $row !== false) {
            $out = [];
            foreach ($row as $i => $v) {
                if ($v !== null && $kinds[$i] === 'bit') {
                    // mysqlnd hands BIT(n) over as its decimal value: back to its big-endian bytes
                    $out[] = '"\\\\x' . str_pad(self::decimalToHex((string) $v), 2 * max(1, intdiv($bits[$i] + 7, 8)), '0', STR_PAD_LEFT) . '"';
                    continue;
                }
                $v = $v === null ? null : (string) $v;
                $out[] = $v === null ? null : match ($kinds[$i]) {
                    'raw' => $v,
                    'num' => preg_match('/^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/D', $v) ? $v : json_encode($v, self::JSON_FLAGS),
                    'hex' => '"\\\\x' . bin2hex($v) . '"',
                    default => json_encode($v, self::JSON_FLAGS),
                };
            }
            $rows[] = $out;
        }
        $n = count($rows);
        $res->free();
        return new DbRows($names, array_fill(0, count($names), Db::OID_JSON_VALUE), $rows, $n);
    }

    /** An unsigned decimal as hex digits, exact past PHP_INT_MAX too (BIT(64) values). */
    private static function decimalToHex(string $d): string
    {
        if (strlen($d) < 19) {
            return dechex((int) $d);
        }
        $hex = '';
        while ($d !== '0') {
            $q = '';
            $r = 0;
            foreach (str_split($d) as $digit) {
                $r = $r * 10 + (int) $digit;
                $q .= intdiv($r, 16);
                $r %= 16;
            }
            $hex = dechex($r) . $hex;
            $d = ltrim($q, '0');
            $d = $d === '' ? '0' : $d;
        }
        return $hex === '' ? '0' : $hex;
    }

    /** @param list<null|bool|int|float|string> $params */
    private function interpolate(string $sql, array $params): string
    {
        $out = '';
        $found = 0;
        $used = 0;
        $len = strlen($sql);
        for ($i = 0; $i < $len; $i++) {
            $c = $sql[$i];
            $end = $this->skipQuoted($sql, $i, $len);
            if ($end !== $i) {
                $out .= substr($sql, $i, $end - $i);
                $i = $end - 1;
                continue;
            }
            if ($c !== '?') {
                $out .= $c;
                continue;
            }
            $found++;
            if ($used >= count($params)) {
                continue;
            }
            $v = $params[$used++];
            if (is_float($v) && !is_finite($v)) {
                throw new DbFailure("MySQL has no NaN or Infinity: parameter \$$used", '22003');
            }
            $out .= match (true) {
                $v === null => 'NULL',
                is_bool($v) => $v ? '1' : '0',
                is_int($v) => (string) $v,
                is_float($v) => str_replace('e', 'E', json_encode($v)),
                default => "'" . $this->m->real_escape_string((string) $v) . "'",
            };
        }
        if ($found !== count($params)) {
            throw new DbFailure(sprintf('the query has %d placeholder(s) but %d parameter(s) were given', $found, count($params)), '08P01');
        }
        return $out;
    }

    /** The end of the quoted run or comment starting at $i (as src/db_mysql.c's skip_quoted), or $i. */
    private function skipQuoted(string $s, int $i, int $len): int
    {
        $q = $s[$i];
        if ($q === "'" || $q === '"' || $q === '`') {
            for ($p = $i + 1; $p < $len; $p++) {
                if ($s[$p] === '\\' && $q !== '`' && $p + 1 < $len) {
                    $p++;
                } elseif ($s[$p] === $q) {
                    if ($p + 1 < $len && $s[$p + 1] === $q) {
                        $p++;
                    } else {
                        return $p + 1;
                    }
                }
            }
            return $len;
        }
        if ($q === '#' || ($q === '-' && $i + 2 < $len && $s[$i + 1] === '-' && in_array($s[$i + 2], [' ', "\t", "\n"], true))) {
            $p = strpos($s, "\n", $i);
            return $p === false ? $len : $p;
        }
        if ($q === '/' && ($s[$i + 1] ?? '') === '*') {
            $p = strpos($s, '*/', $i + 2);
            return $p === false ? $len : $p + 2;
        }
        return $i;
    }

    private function failure(): DbFailure
    {
        $no = $this->m->errno;
        $lost = in_array($no, [2006, 2013, 2055], true);
        $state = $this->m->sqlstate;
        return new DbFailure(($lost ? 'connection to MySQL lost: ' : '') . $this->m->error . " (MySQL error $no)",
            $lost ? '08006' : ($state !== '' && $state !== '00000' ? $state : 'HY000'));
    }

    public function inTransaction(): bool
    {
        // mysqli does not show the server's status flags, and a dead connection cannot be
        // asked: the state is followed from the statements (BEGIN / START TRANSACTION
        // open one; COMMIT / ROLLBACK end it). A transaction opened otherwise (SET
        // autocommit = 0, XA) is not seen by the fallback.
        return $this->inTx;
    }

    public function deadWhileIdle(): bool
    {
        // mysqli cannot see the socket: ask the server (one round trip; the fallback only).
        // This also finds the session a forked child's exit closed (mysqli says goodbye on it).
        try {
            return !@$this->m->ping();
        } catch (\Throwable) {
            return true;
        }
    }

    public function reset(): bool
    {
        try {
            $this->m = self::connect($this->dsn, $this->timeout);
            $this->inTx = false;
            return true;
        } catch (DbFailure) {
            return false;
        }
    }
}
