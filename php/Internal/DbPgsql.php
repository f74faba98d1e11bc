<?php

declare(strict_types=1);

namespace Lyger\Core\Internal;

/** @internal A connection through ext/pgsql: SQL and $n parameters reach libpq untouched, as natively. */
final class DbPgsql implements DbDriver
{
    private function __construct(private \PgSql\Connection $c)
    {
    }

    public static function open(string $dsn, int $connectTimeout): self
    {
        $c = @pg_connect(Db::withOptions($dsn, $connectTimeout), PGSQL_CONNECT_FORCE_NEW);
        if ($c === false) {
            $msg = error_get_last()['message'] ?? '';
            $msg = preg_replace('/^pg_connect\(\): Unable to connect to PostgreSQL server: /', '', $msg);
            throw new DbFailure('could not connect to PostgreSQL: ' . rtrim($msg === '' ? 'unknown error' : $msg), '08006');
        }
        return new self($c);
    }

    public function exec(string $sql, array $params): DbRows
    {
        if (!@pg_send_query_params($this->c, $sql, $params)) {
            throw new DbFailure('connection to PostgreSQL lost: ' . rtrim(pg_last_error($this->c)), '08006');
        }
        $r = pg_get_result($this->c);
        while (($more = pg_get_result($this->c)) !== false) {
            pg_free_result($more);
        }
        if ($r === false) {
            throw new DbFailure('connection to PostgreSQL lost: ' . rtrim(pg_last_error($this->c)), '08006');
        }
        $status = pg_result_status($r);
        if ($status === PGSQL_TUPLES_OK || $status === PGSQL_COMMAND_OK || $status === PGSQL_EMPTY_QUERY) {
            $names = [];
            $oids = [];
            for ($i = 0, $n = pg_num_fields($r); $i < $n; $i++) {
                $names[] = pg_field_name($r, $i);
                $oids[] = (int) pg_field_type_oid($r, $i);
            }
            $rows = $status === PGSQL_TUPLES_OK ? pg_fetch_all($r, PGSQL_NUM) : [];
            return new DbRows($names, $oids, $rows, pg_affected_rows($r));
        }
        if ($status === PGSQL_COPY_IN || $status === PGSQL_COPY_OUT) {
            if ($status === PGSQL_COPY_IN) {
                @pg_put_line($this->c, "\\.\n");
            }
            @pg_end_copy($this->c);
            throw new DbFailure('COPY is not supported; use INSERT/SELECT or a client that streams COPY', '0A000');
        }
        $state = pg_result_error_field($r, PGSQL_DIAG_SQLSTATE);
        $primary = pg_result_error_field($r, PGSQL_DIAG_MESSAGE_PRIMARY);
        if (pg_connection_status($this->c) !== PGSQL_CONNECTION_OK) {
            throw new DbFailure('connection to PostgreSQL lost: ' . rtrim((string) pg_result_error($r)), $state ?: '08006');
        }
        if ($primary) {
            $detail = pg_result_error_field($r, PGSQL_DIAG_MESSAGE_DETAIL);
            throw new DbFailure($detail ? "$primary (DETAIL: $detail)" : $primary, (string) $state);
        }
        throw new DbFailure(rtrim((string) pg_result_error($r)) ?: 'unknown error', (string) $state);
    }

    public function inTransaction(): bool
    {
        $t = pg_transaction_status($this->c);
        return $t === PGSQL_TRANSACTION_INTRANS || $t === PGSQL_TRANSACTION_INERROR;
    }

    public function deadWhileIdle(): bool
    {
        if (pg_connection_status($this->c) !== PGSQL_CONNECTION_OK) {
            return true;
        }
        $sock = @pg_socket($this->c);
        if ($sock === false) {
            return true;
        }
        $read = [$sock];
        $write = $except = null;
        if (@stream_select($read, $write, $except, 0) < 1) {
            return false;
        }
        // Readable while idle: a notice, a notification, or the end of the session.
        if (!@pg_consume_input($this->c)) {
            return true;
        }
        while (pg_get_notify($this->c) !== false) {
        }
        return pg_connection_status($this->c) !== PGSQL_CONNECTION_OK;
    }

    public function reset(): bool
    {
        return @pg_connection_reset($this->c) && pg_connection_status($this->c) === PGSQL_CONNECTION_OK;
    }
}
