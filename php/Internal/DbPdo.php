<?php

declare(strict_types=1);

namespace Lyger\Core\Internal;

/**
 * @internal A connection through PDO pgsql, used when ext/pgsql is absent.
 *
 * PDO parses SQL for its own placeholders (? and :name), so the query is rewritten
 * first: $n outside literals, quoted identifiers and comments become ? (bound in the
 * order they appear), and a literal ? (jsonb operators) becomes ?? (PDO's escape).
 * Limits (README.md, "Database"): PDO cannot see the socket, so a connection the server closed
 * while idle is found only when a query fails (08006; the next call reconnects), and a
 * forked child that exits closes the parent's session; ":name" outside literals, and
 * quotes inside dollar-quoted bodies or backslashes in standard '...' strings, can
 * confuse PDO's own SQL scanner.
 */
final class DbPdo implements DbDriver
{
    private bool $broken = false;

    private function __construct(private \PDO $pdo, private string $pdoDsn)
    {
    }

    public static function open(string $dsn, int $connectTimeout): self
    {
        $pdoDsn = 'pgsql:' . self::keywords(Db::withOptions($dsn, $connectTimeout));
        return new self(self::connect($pdoDsn), $pdoDsn);
    }

    private static function connect(string $pdoDsn): \PDO
    {
        $options = [
            \PDO::ATTR_ERRMODE => \PDO::ERRMODE_EXCEPTION,
            \PDO::ATTR_EMULATE_PREPARES => false,
            \PDO::ATTR_STRINGIFY_FETCHES => false,
        ];
        // PDO pgsql appends its own connect_timeout (ATTR_TIMEOUT, 30 s by default) after
        // the DSN's, which would override it: hand it the one in force.
        if (preg_match_all("/(?:^|[\\s:])connect_timeout\\s*=\\s*'?(\\d+)/", $pdoDsn, $m) && end($m[1]) !== '0') {
            $options[\PDO::ATTR_TIMEOUT] = (int) end($m[1]);
        }
        try {
            return new \PDO($pdoDsn, null, null, $options);
        } catch (\PDOException $e) {
            $msg = preg_replace('/^SQLSTATE\[\w+\] \[\d+\] /', '', $e->getMessage());
            throw new DbFailure('could not connect to PostgreSQL: ' . rtrim((string) $msg), '08006');
        }
    }

    /** A libpq DSN (URL or keywords) as keywords: PDO pgsql hands the rest of "pgsql:..." to libpq. */
    private static function keywords(string $dsn): string
    {
        if (!preg_match('~^postgres(?:ql)?://~', $dsn)) {
            return $dsn;
        }
        $u = parse_url($dsn);
        if ($u === false) {
            throw new DbFailure('could not connect to PostgreSQL: invalid URL', '08006');
        }
        $kv = [];
        foreach (['host' => 'host', 'port' => 'port', 'user' => 'user', 'pass' => 'password'] as $part => $key) {
            if (isset($u[$part]) && $u[$part] !== '') {
                $kv[$key] = rawurldecode((string) $u[$part]);
            }
        }
        if (isset($u['path']) && strlen($u['path']) > 1) {
            $kv['dbname'] = rawurldecode(substr($u['path'], 1));
        }
        if (isset($u['query'])) {
            foreach (explode('&', $u['query']) as $pair) {
                [$k, $v] = array_pad(explode('=', $pair, 2), 2, '');
                $kv[rawurldecode($k)] = rawurldecode($v);
            }
        }
        $out = [];
        foreach ($kv as $k => $v) {
            $out[] = $k . "='" . str_replace(['\\', "'"], ['\\\\', "\\'"], $v) . "'";
        }
        return implode(' ', $out);
    }

    public function exec(string $sql, array $params): DbRows
    {
        if (trim($sql) === '') {
            return new DbRows([], [], [], 0);
        }
        [$pdoSql, $order, $required] = self::rewrite($sql);
        if ($required !== count($params)) {
            // what the server says for a Bind with the wrong count (ext/pgsql, natively)
            throw new DbFailure(sprintf('bind message supplies %d parameters, but prepared statement "" requires %d',
                count($params), $required), '08P01');
        }
        try {
            $st = $this->pdo->prepare($pdoSql);
            foreach ($order as $i => $n) {
                $v = $params[$n - 1];
                $st->bindValue($i + 1, $v, $v === null ? \PDO::PARAM_NULL : \PDO::PARAM_STR);
            }
            $st->execute();
            $names = [];
            $oids = [];
            for ($i = 0, $n = $st->columnCount(); $i < $n; $i++) {
                $meta = $st->getColumnMeta($i);
                $names[] = (string) $meta['name'];
                $oids[] = (int) ($meta['pgsql:oid'] ?? 25);
            }
            $rows = [];
            if ($names !== []) {
                while (($row = $st->fetch(\PDO::FETCH_NUM)) !== false) {
                    foreach ($row as $i => $v) {
                        $row[$i] = self::text($v);
                    }
                    $rows[] = $row;
                }
            }
            return new DbRows($names, $oids, $rows, $st->rowCount());
        } catch (\PDOException $e) {
            throw $this->failure($e);
        }
    }

    /** Back to the text PostgreSQL sent (PDO turns ints, bools and bytea into PHP values). */
    private static function text(mixed $v): ?string
    {
        return match (true) {
            $v === null => null,
            is_bool($v) => $v ? 't' : 'f',
            is_resource($v) => '\\x' . bin2hex((string) stream_get_contents($v)),
            default => (string) $v,
        };
    }

    private function failure(\PDOException $e): DbFailure
    {
        $state = (string) ($e->errorInfo[0] ?? '');
        $text = (string) ($e->errorInfo[2] ?? $e->getMessage());
        if (preg_match('/^(ERROR|FATAL|PANIC):\s+(.*)$/m', $text, $m)) {
            $msg = $m[2];
            if (preg_match('/^DETAIL:\s+(.*)$/m', $text, $d)) {
                $msg .= " (DETAIL: {$d[1]})";
            }
            if ($m[1] !== 'ERROR') {
                // the server ended the session (shutdown, terminated backend): reconnect next time
                $this->broken = true;
                return new DbFailure('connection to PostgreSQL lost: ' . $msg, $state === '' || $state === 'HY000' ? '08006' : $state);
            }
            return new DbFailure($msg, $state);
        }
        // no server error: the connection failed under the query
        $this->broken = true;
        return new DbFailure('connection to PostgreSQL lost: ' . rtrim($text), $state === '' || $state === 'HY000' ? '08006' : $state);
    }

    /**
     * @return array{string, list<int>, int} the SQL for PDO, the $n of each ? in order,
     * and the number of parameters the statement needs (the highest $n)
     */
    private static function rewrite(string $sql): array
    {
        $out = '';
        $order = [];
        $max = 0;
        $len = strlen($sql);
        $i = 0;
        while ($i < $len) {
            $c = $sql[$i];
            $next = $i + 1 < $len ? $sql[$i + 1] : '';
            if ($c === "'" || $c === '"') {
                $escapes = $c === "'" && $i > 0 && ($sql[$i - 1] === 'E' || $sql[$i - 1] === 'e');
                $j = $i + 1;
                while ($j < $len) {
                    if ($escapes && $sql[$j] === '\\') {
                        $j += 2;
                        continue;
                    }
                    if ($sql[$j] === $c) {
                        if ($j + 1 < $len && $sql[$j + 1] === $c) {
                            $j += 2;
                            continue;
                        }
                        break;
                    }
                    $j++;
                }
                $out .= substr($sql, $i, $j - $i + 1);
                $i = $j + 1;
            } elseif ($c === '-' && $next === '-') {
                // comments: PDO may or may not skip them; a doubled ? is harmless either way
                $j = strpos($sql, "\n", $i);
                $j = $j === false ? $len : $j;
                $out .= str_replace('?', '??', substr($sql, $i, $j - $i));
                $i = $j;
            } elseif ($c === '/' && $next === '*') {
                $j = strpos($sql, '*/', $i + 2);
                $j = $j === false ? $len : $j + 2;
                $out .= str_replace('?', '??', substr($sql, $i, $j - $i));
                $i = $j;
            } elseif ($c === '$' && ($i === 0 || !preg_match('/[A-Za-z0-9_$]/', $sql[$i - 1]))) {
                if (preg_match('/\G\$(\d+)/', $sql, $m, 0, $i)) {
                    $n = (int) $m[1];
                    $order[] = $n;
                    $max = max($max, $n);
                    $out .= '?';
                    $i += strlen($m[0]);
                } elseif (preg_match('/\G\$([A-Za-z_][A-Za-z0-9_]*)?\$/', $sql, $m, 0, $i)) {
                    $end = strpos($sql, $m[0], $i + strlen($m[0]));
                    $end = $end === false ? $len : $end + strlen($m[0]);
                    // PDO (8.2) does not know dollar quotes: it would take a ? inside for a placeholder
                    $out .= str_replace('?', '??', substr($sql, $i, $end - $i));
                    $i = $end;
                } else {
                    $out .= $c;
                    $i++;
                }
            } elseif ($c === '?') {
                $out .= '??';
                $i++;
            } else {
                $out .= $c;
                $i++;
            }
        }
        return [$out, $order, $max];
    }

    public function inTransaction(): bool
    {
        return false; // PDO only knows about transactions begun with beginTransaction()
    }

    public function deadWhileIdle(): bool
    {
        return $this->broken;
    }

    public function reset(): bool
    {
        try {
            $this->pdo = self::connect($this->pdoDsn);
            $this->broken = false;
            return true;
        } catch (DbFailure) {
            return false;
        }
    }
}
