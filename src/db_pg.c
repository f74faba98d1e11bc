/* The PostgreSQL engine (libpq) behind src/db_driver.h. */
#include "db_driver.h"
#include "db_pg_binary.h"
#include "db_pg_stmt.h"

#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

typedef struct {
    lyger_db_result base;
    PGresult *res;
} pg_result;

/* dbQueryJson's stream: a statement whose last run returned many rows runs in libpq's
 * single-row mode, and each row is written as JSON as it arrives, while the server is
 * still sending the next ones, instead of after the whole result is in memory. */
typedef struct {
    lyger_jbuf *b;          /* the caller's (query_json's out) */
    lyger_json_rows *rows;  /* made when the statement streams */
    int on;                 /* the statement ran streamed */
    int ok;                 /* 0: the buffer could not grow (the rows are drained) */
    int64_t nrows;
} pg_stream;

/* From this many rows in its last run a statement streams. Measured here (dbQueryJson of
 * the engines benchmark's table, best of 5, the two ways in turn): 100 rows 12% slower
 * streamed (each row is a PGresult of its own), 300 rows even, 500 rows 3% faster, 700
 * 8%, 1,000 20%, 10,000 27%. */
#define LYGER_PG_STREAM_MIN_ROWS 500

/* A connection: libpq's, the texts it has prepared (db_pg_stmt.h), and the session
 * settings the server does not report (ParameterStatus) that binary decoding depends on. */
typedef struct {
    PGconn *pg;
    int cache_on; /* lyger.db_pg_statement_cache when it was opened */
    int binary_mode; /* lyger.db_pg_binary when it was opened (LYGER_PG_BINARY_*) */
    int settings_known; /* 0: read them before the next binary result that needs them */
    int float_ok;       /* extra_float_digits > 0 */
    int hex_ok;         /* bytea_output = hex */
    lyger_pg_stmts stmts;
} pg_conn;

/* Frees a PGconn opened by another process (we are its forked child) without
 * writing to the socket we share with the parent: PQfinish would send Terminate
 * on it and end the parent's session. /dev/null is put in place of our copy of
 * the descriptor, so libpq's goodbye goes nowhere and its close() closes only
 * that; the parent's socket is untouched and nothing leaks. */
static void finish_foreign(PGconn *pg)
{
    int fd = PQsocket(pg);
    if (fd >= 0) {
        int nul = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (nul < 0 || dup2(nul, fd) < 0) {
            /* Cannot neutralise it: leak the PGconn rather than touch the socket. */
            if (nul >= 0) {
                close(nul);
            }
            return;
        }
        close(nul);
    }
    PQfinish(pg);
}

static void pg_close(void *conn, int foreign)
{
    pg_conn *c = conn;
    if (foreign) {
        finish_foreign(c->pg);
    } else {
        PQfinish(c->pg);
    }
    lyger_pg_stmts_clear(&c->stmts);
    free(c);
}

/* Notices (RAISE NOTICE, warnings, a goodbye FATAL read while idle) are not errors:
 * libpq's default prints them to stderr, which would end up in the page. */
static void ignore_notice(void *arg, const char *message)
{
    (void) arg;
    (void) message;
}

static char *pg_password(const char *dsn, size_t len)
{
    (void) len;
    char *out = NULL;
    PQconninfoOption *opts = PQconninfoParse(dsn, NULL);
    for (PQconninfoOption *o = opts; o && o->keyword; o++) {
        if (strcmp(o->keyword, "password") == 0 && o->val && o->val[0]) {
            out = strdup(o->val);
        }
    }
    PQconninfoFree(opts);
    return out;
}

/* Opens a connection: the DSN expanded by libpq, client_encoding forced to UTF8,
 * connect_timeout added when the DSN has none. */
static void *pg_connect(const char *dsn, size_t len, const lyger_db_options *settings, lyger_db_error *err)
{
    long default_timeout = settings->connect_timeout;
    (void) len;
    char *perr = NULL;
    PQconninfoOption *opts = PQconninfoParse(dsn, &perr);
    if (!opts) {
        lyger_db_set_error_text(err, LYGER_SQLSTATE_CONNECTION_FAILURE, "could not connect to PostgreSQL: ",
                                perr ? perr : "out of memory");
        PQfreemem(perr);
        return NULL;
    }
    int has_timeout = 0;
    for (PQconninfoOption *o = opts; o->keyword; o++) {
        if (strcmp(o->keyword, "connect_timeout") == 0 && o->val && o->val[0]) {
            has_timeout = 1;
        }
    }
    PQconninfoFree(opts);

    char timeout[32];
    snprintf(timeout, sizeof(timeout), "%ld", default_timeout > 0 ? default_timeout : 0);
    const char *keys[5] = {"dbname", "client_encoding", "fallback_application_name", NULL, NULL};
    const char *vals[5] = {dsn, "UTF8", "lyger", NULL, NULL};
    if (!has_timeout && default_timeout > 0) {
        keys[3] = "connect_timeout";
        vals[3] = timeout;
    }
    PGconn *pg = PQconnectdbParams(keys, vals, 1);
    if (!pg || PQstatus(pg) != CONNECTION_OK) {
        lyger_db_set_error_text(err, LYGER_SQLSTATE_CONNECTION_FAILURE, "could not connect to PostgreSQL: ",
                                pg ? PQerrorMessage(pg) : "out of memory");
        PQfinish(pg);
        return NULL;
    }
    PQsetNoticeProcessor(pg, ignore_notice, NULL);
    pg_conn *c = calloc(1, sizeof *c);
    if (!c) {
        PQfinish(pg);
        lyger_db_set_error(err, "", "out of memory");
        return NULL;
    }
    c->pg = pg;
    c->cache_on = settings->pg_statement_cache;
    c->binary_mode = settings->pg_binary;
    lyger_pg_stmts_init(&c->stmts);
    return c;
}

/* Whether an idle connection is already known dead: the server closed it (restart,
 * terminated backend) and we have not sent anything yet, so a retry is safe. */
static int idle_conn_is_dead(PGconn *pg)
{
    /* A server that goes away sends a FATAL message and then closes: the first read
     * may see only the message, so read again while there is more (bounded). */
    for (int round = 0; round < 4; round++) {
        if (PQstatus(pg) != CONNECTION_OK) {
            return 1;
        }
        int fd = PQsocket(pg);
        if (fd < 0) {
            return 1;
        }
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, 0) <= 0) {
            return 0;
        }
        /* Readable while idle: a notice, a notification, or the end of the session. */
        if (!PQconsumeInput(pg)) {
            return 1;
        }
        PGnotify *n;
        while ((n = PQnotifies(pg))) {
            PQfreemem(n);
        }
    }
    return PQstatus(pg) != CONNECTION_OK;
}

static int pg_revive(void *conn, lyger_db_engine_stats *st, lyger_db_error *err)
{
    PGconn *pg = ((pg_conn *) conn)->pg;
    /* as of the last ReadyForQuery: a dead connection reports UNKNOWN */
    PGTransactionStatusType was = PQtransactionStatus(pg);
    if (!idle_conn_is_dead(pg)) {
        return 0;
    }
    st->reconnects++;
    PQreset(pg);
    lyger_pg_stmts_clear(&((pg_conn *) conn)->stmts); /* a new session has none */
    ((pg_conn *) conn)->settings_known = 0;
    if (PQstatus(pg) != CONNECTION_OK) {
        lyger_db_set_error_text(err, LYGER_SQLSTATE_CONNECTION_FAILURE, "could not connect to PostgreSQL: ",
                                PQerrorMessage(pg));
        return -1;
    }
    if (was == PQTRANS_INTRANS || was == PQTRANS_INERROR) {
        /* Going on would run the rest of the caller's transaction in autocommit
         * on the new session: say so instead (the next call works normally). */
        lyger_db_set_error(err, LYGER_SQLSTATE_CONNECTION_FAILURE, "connection to PostgreSQL lost inside a "
                           "transaction (the server rolled it back); reconnected for the next statement");
    }
    return 1;
}

/* After a COPY started by the query: end it and drain, leaving the connection idle. */
static void abandon_copy(pg_conn *c, ExecStatusType st)
{
    PGconn *pg = c->pg;
    if (st == PGRES_COPY_IN) {
        PQputCopyEnd(pg, "COPY is not supported by lyger");
    } else if (st == PGRES_COPY_OUT) {
        char *buf;
        while (PQgetCopyData(pg, &buf, 0) > 0) {
            PQfreemem(buf);
        }
    } else {
        PQreset(pg);
        lyger_pg_stmts_clear(&c->stmts);
        c->settings_known = 0;
        return;
    }
    PGresult *r;
    while ((r = PQgetResult(pg))) {
        PQclear(r);
    }
}

static lyger_db_result *wrap(PGresult *res, pg_stream *stream, lyger_db_error *err)
{
    pg_result *r = malloc(sizeof(*r));
    int streamed = stream && stream->on;
    if (!r || (streamed && !(stream->ok && lyger_json_rows_finish(stream->b, stream->rows)))) {
        free(r);
        PQclear(res);
        lyger_db_set_error(err, "", "out of memory");
        return NULL;
    }
    r->base.drv = &lyger_db_driver_pg; /* streamed: its rows are in the caller's JSON */
    r->res = res;
    return &r->base;
}

/* Runs a prepared statement in single-row mode, writing each row to the stream as it
 * comes. Returns the statement's last result (PGRES_TUPLES_OK with no rows, an error,
 * or a COPY state for the caller to abandon), or NULL if it could not be sent. */
static PGresult *exec_streamed(PGconn *pg, const char *name, int nparams, const char *const *values, int binary,
                               pg_stream *st)
{
    if (!PQsendQueryPrepared(pg, name, nparams, values, NULL, NULL, binary)) {
        return NULL;
    }
    PQsetSingleRowMode(pg); /* if refused, the rows come in one result, written the same way */
    st->on = 1;
    PGresult *r, *last = NULL;
    while ((r = PQgetResult(pg))) {
        ExecStatusType es = PQresultStatus(r);
        if (es == PGRES_SINGLE_TUPLE || es == PGRES_TUPLES_OK) {
            st->nrows += PQntuples(r);
            st->ok = st->ok && lyger_json_rows_write(st->b, st->rows, r);
            if (es == PGRES_SINGLE_TUPLE) {
                PQclear(r);
                continue;
            }
        }
        PQclear(last);
        last = r;
        if (es == PGRES_COPY_IN || es == PGRES_COPY_OUT || es == PGRES_COPY_BOTH) {
            break;
        }
    }
    return last;
}

/* Statement cache (db_pg_stmt.h) ------------------------------------------- */

static void deallocate(PGconn *pg, const char *name)
{
    char sql[96];
    snprintf(sql, sizeof sql, "DEALLOCATE %s", name);
    PQclear(PQexec(pg, sql));
}

/* Whether a prepared statement failed before it ran, where running the text unprepared
 * could answer otherwise: the server no longer has it (DEALLOCATE ALL, DISCARD ALL:
 * 26000), DDL changed the shape of its result since it was prepared (0A000 "cached plan
 * must not change result type", from the server's plan cache), or the parameters do not
 * fit it (08P01 at Bind: the unprepared run reports that, without naming our statement).
 * The server function that raised it tells these apart from the same codes raised while
 * a statement runs (which must not run twice); it is not translated, as messages are. */
static int stale_statement(const PGresult *res)
{
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    const char *where = PQresultErrorField(res, PG_DIAG_SOURCE_FUNCTION);
    if (!state) return 0;
    if (strcmp(state, "26000") == 0) return 1;
    if (!where) return 0;
    return (strcmp(state, "0A000") == 0 && strcmp(where, "RevalidateCachedQuery") == 0)
           || (strcmp(state, "08P01") == 0 && strcmp(where, "exec_bind_message") == 0);
}

/* Binary results (db_pg_binary.h) ------------------------------------------ */

/* Under lyger.db_pg_binary=auto, a statement whose last run returned fewer rows runs in
 * text: a result of a row or two came back ~0.7 us (3%) slower in binary (measured on the
 * engines benchmark's primary-key lookup), a result of 100 rows 10% faster. */
#define LYGER_PG_BINARY_MIN_ROWS 16

/* What a statement's result columns need to come in binary format: the settings their
 * decoders depend on, or LYGER_PG_RESULT_TEXT when one has no decoder (or there are no
 * columns: nothing to gain). */
static int result_needs(const PGresult *res)
{
    int n = PQnfields(res), needs = 0;
    if (n == 0) {
        return LYGER_PG_RESULT_TEXT;
    }
    for (int i = 0; i < n; i++) {
        int t = lyger_pgb_needs(PQftype(res, i));
        if (t < 0) {
            return LYGER_PG_RESULT_TEXT;
        }
        needs |= t;
    }
    return needs;
}

/* extra_float_digits and bytea_output, which the server does not report when they
 * change: read once, and again after a statement that may have changed them. */
static void read_settings(pg_conn *c)
{
    PGresult *r = PQexec(c->pg, "select current_setting('extra_float_digits'), current_setting('bytea_output')");
    int ok = r && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && PQnfields(r) == 2;
    c->float_ok = ok && atoi(PQgetvalue(r, 0, 0)) > 0;
    c->hex_ok = ok && strcmp(PQgetvalue(r, 0, 1), "hex") == 0;
    c->settings_known = 1; /* a failure leaves both off: text, until the next SET */
    PQclear(r);
}

/* Whether the session's settings let every column that statement returns be decoded
 * from binary into the text its output functions would write now. */
static int binary_allowed(pg_conn *c, int needs)
{
    if (needs < 0 || c->binary_mode == LYGER_PG_BINARY_OFF) {
        return 0;
    }
    if (c->binary_mode == LYGER_PG_BINARY_AUTO && ((needs & LYGER_PGB_SLOWER) || !(needs & LYGER_PGB_GAINS))) {
        return 0; /* binary would be slower, or no faster */
    }
    if (needs & LYGER_PGB_NEED_ISO) { /* reported by the server on every change */
        const char *style = PQparameterStatus(c->pg, "DateStyle");
        if (!style || strncmp(style, "ISO", 3) != 0) {
            return 0;
        }
    }
    if ((needs & LYGER_PGB_NEED_UTC) && !lyger_pgb_zone_is_utc(PQparameterStatus(c->pg, "TimeZone"))) {
        return 0;
    }
    if (needs & (LYGER_PGB_NEED_FLOAT | LYGER_PGB_NEED_HEX)) {
        if (!c->settings_known) {
            read_settings(c);
        }
        if (((needs & LYGER_PGB_NEED_FLOAT) && !c->float_ok) || ((needs & LYGER_PGB_NEED_HEX) && !c->hex_ok)) {
            return 0;
        }
    }
    return 1;
}

/* After any statement: forget extra_float_digits and bytea_output when it may have
 * changed them (SET, RESET, DISCARD, a DO block or procedure, set_config() in its text). */
static void note_settings(pg_conn *c, const char *sql, size_t len, const PGresult *res)
{
    if (!c->settings_known) {
        return;
    }
    const char *tag = res ? PQcmdStatus((PGresult *) res) : "";
    if (strncmp(tag, "SET", 3) == 0 || strncmp(tag, "RESET", 5) == 0 || strncmp(tag, "DISCARD", 7) == 0
        || strcmp(tag, "DO") == 0 || strcmp(tag, "CALL") == 0) {
        c->settings_known = 0;
        return;
    }
    for (size_t i = 0; i + 10 <= len; i++) {
        if ((sql[i] | 0x20) == 's' && strncasecmp(sql + i, "set_config", 10) == 0) {
            c->settings_known = 0;
            return;
        }
    }
}

/* Runs sql: by name when this connection prepared it, else as PQexecParams does
 * (parse, plan, run in one round trip). Only outside a transaction block: there a
 * statement that fails for being stale leaves nothing to undo, so it is run again
 * unprepared and the caller never sees the difference (inside one, the failure would
 * abort the caller's transaction). */
static PGresult *exec_cached(pg_conn *c, const char *sql, size_t len, int nparams, const char *const *values,
                             lyger_db_engine_stats *st, pg_stream *stream)
{
    PGconn *pg = c->pg;
    if (!c->cache_on || PQtransactionStatus(pg) != PQTRANS_IDLE) {
        return PQexecParams(pg, sql, nparams, NULL, values, NULL, NULL, 0);
    }
    lyger_pg_stmt *s = lyger_pg_stmts_find(&c->stmts, sql, len, nparams);
    if (!s) { /* first seen: remembered, run unprepared */
        char evicted[64];
        lyger_pg_stmts_add(&c->stmts, sql, len, nparams, evicted);
        if (evicted[0]) {
            deallocate(pg, evicted);
        }
        return PQexecParams(pg, sql, nparams, NULL, values, NULL, NULL, 0);
    }
    if (!s->prepared) { /* seen again: prepared */
        PGresult *p = PQprepare(pg, s->name, sql, nparams, NULL);
        int ok = p && PQresultStatus(p) == PGRES_COMMAND_OK;
        PQclear(p);
        if (!ok) { /* run unprepared, which reports the error as it always did */
            lyger_pg_stmts_drop(&c->stmts, s);
            return PQexecParams(pg, sql, nparams, NULL, values, NULL, NULL, 0);
        }
        s->prepared = 1;
    } else {
        st->statements_cached++;
    }
    /* binary results once its columns are known to have decoders (types fixed while it
     * is prepared: DDL that changes them makes the server refuse it, 0A000 below), when
     * its last run returned enough rows for the saving to pass binary's fixed cost */
    int binary = (s->last_rows >= LYGER_PG_BINARY_MIN_ROWS || c->binary_mode == LYGER_PG_BINARY_ALL)
                 && binary_allowed(c, s->result_needs);
    PGresult *res;
    if (stream && s->last_rows >= LYGER_PG_STREAM_MIN_ROWS
        && (stream->rows || (stream->rows = lyger_json_rows_new()))) {
        lyger_jbuf_reserve_like(stream->b, s->last_json);
        res = exec_streamed(pg, s->name, nparams, values, binary, stream);
    } else {
        res = PQexecPrepared(pg, s->name, nparams, values, NULL, NULL, binary);
    }
    if (res && PQresultStatus(res) == PGRES_FATAL_ERROR && PQstatus(pg) == CONNECTION_OK
        && PQtransactionStatus(pg) == PQTRANS_IDLE && stale_statement(res)) {
        /* (refused at bind, before any row: a stream has written nothing) */
        PQclear(res);
        if (stream) {
            stream->on = 0;
        }
        deallocate(pg, s->name); /* (26000: already gone; the error is ignored) */
        lyger_pg_stmts_drop(&c->stmts, s);
        return PQexecParams(pg, sql, nparams, NULL, values, NULL, NULL, 0);
    }
    if (res && (PQresultStatus(res) == PGRES_TUPLES_OK || PQresultStatus(res) == PGRES_COMMAND_OK)) {
        if (s->result_needs == LYGER_PG_RESULT_UNKNOWN) {
            s->result_needs = result_needs(res);
        }
        s->last_rows = stream && stream->on ? (int) (stream->nrows > INT32_MAX ? INT32_MAX : stream->nrows)
                                            : PQntuples(res);
        if (stream && stream->on) {
            s->last_json = lyger_jbuf_len(stream->b);
            st->results_streamed++;
        }
    }
    return res;
}

static lyger_db_result *query_with(void *conn, const char *sql, size_t sql_len, int nparams,
                                   const lyger_db_param *params, lyger_db_engine_stats *st, lyger_db_error *err,
                                   pg_stream *stream)
{
    pg_conn *c = conn;
    PGconn *pg = c->pg;
    const char *stack_values[16] = {NULL};
    const char **values = nparams <= 16 ? stack_values : malloc((size_t) nparams * sizeof(char *));
    if (!values) {
        lyger_db_set_error(err, "", "out of memory");
        return NULL;
    }
    for (int i = 0; i < nparams; i++) {
        values[i] = params[i].kind == LYGER_DB_NULL ? NULL : params[i].text;
    }
    st->queries++;
    PGresult *res = exec_cached(c, sql, sql_len, nparams, values, st, stream);
    note_settings(c, sql, sql_len, res);
    if (values != stack_values) {
        free(values);
    }
    ExecStatusType es = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    switch (es) {
        case PGRES_TUPLES_OK:
        case PGRES_COMMAND_OK:
        case PGRES_EMPTY_QUERY:
            return wrap(res, stream, err);
        case PGRES_COPY_IN:
        case PGRES_COPY_OUT:
        case PGRES_COPY_BOTH:
            PQclear(res);
            abandon_copy(c, es);
            lyger_db_set_error(err, "0A000", "COPY is not supported; use INSERT/SELECT or a client that streams COPY");
            return NULL;
        default:
            break;
    }
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (PQstatus(pg) != CONNECTION_OK) {
        /* Lost while the query was in flight: not retried (it may have run). */
        lyger_db_set_error_text(err, state ? state : LYGER_SQLSTATE_CONNECTION_FAILURE, "connection to PostgreSQL lost: ",
                                res ? PQresultErrorMessage(res) : PQerrorMessage(pg));
    } else if (primary) {
        const char *detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
        if (detail) {
            lyger_db_set_error(err, state, "%s (DETAIL: %s)", primary, detail);
        } else {
            lyger_db_set_error(err, state, "%s", primary);
        }
    } else {
        lyger_db_set_error_text(err, state, "", res ? PQresultErrorMessage(res) : PQerrorMessage(pg));
    }
    PQclear(res);
    return NULL;
}

static lyger_db_result *pg_query(void *conn, const char *sql, size_t sql_len, int nparams,
                                 const lyger_db_param *params, lyger_db_engine_stats *st, lyger_db_error *err)
{
    return query_with(conn, sql, sql_len, nparams, params, st, err, NULL);
}

static lyger_db_result *pg_query_json(void *conn, const char *sql, size_t sql_len, int nparams,
                                      const lyger_db_param *params, lyger_db_engine_stats *st, lyger_db_error *err,
                                      lyger_jbuf *out)
{
    pg_stream stream = {.b = out, .ok = 1};
    lyger_db_result *r = query_with(conn, sql, sql_len, nparams, params, st, err, &stream);
    if (!r || !stream.on) {
        out->pos = out->start; /* none of it is the result's JSON */
    }
    lyger_json_rows_free(stream.rows);
    return r;
}

static int pg_request_end(void *conn)
{
    PGconn *pg = ((pg_conn *) conn)->pg;
    if (PQstatus(pg) != CONNECTION_OK) {
        return 0; /* a broken one is reset on next use */
    }
    PGTransactionStatusType t = PQtransactionStatus(pg);
    if (t == PQTRANS_IDLE) {
        return 0;
    }
    int ok = 0;
    if (t == PQTRANS_INTRANS || t == PQTRANS_INERROR) {
        PGresult *r = PQexec(pg, "ROLLBACK");
        ok = r && PQresultStatus(r) == PGRES_COMMAND_OK && PQtransactionStatus(pg) == PQTRANS_IDLE;
        PQclear(r);
    }
    return ok ? 0 : -1;
}

/* Results ------------------------------------------------------------------ */

static size_t pg_result_estimate(const lyger_db_result *r)
{
    return lyger_json_result_estimate(((const pg_result *) r)->res);
}

static int pg_result_json(lyger_jbuf *b, const lyger_db_result *r)
{
    return lyger_json_write_result(b, ((const pg_result *) r)->res);
}

static int64_t pg_result_affected(const lyger_db_result *r)
{
    const char *tuples = PQcmdTuples(((const pg_result *) r)->res);
    return tuples[0] ? strtoll(tuples, NULL, 10) : 0;
}

static size_t pg_result_bytes(const lyger_db_result *r)
{
    return PQresultMemorySize(((const pg_result *) r)->res);
}

static void pg_result_free(lyger_db_result *r)
{
    PQclear(((pg_result *) r)->res);
    free(r);
}

const lyger_db_driver lyger_db_driver_pg = {
    .name = "pgsql",
    .library = "libpq",
    .connect = pg_connect,
    .password = pg_password,
    .revive = pg_revive,
    .query = pg_query,
    .query_json = pg_query_json,
    .request_end = pg_request_end,
    .close = pg_close,
    .result_estimate = pg_result_estimate,
    .result_json = pg_result_json,
    .result_affected = pg_result_affected,
    .result_bytes = pg_result_bytes,
    .result_free = pg_result_free,
};
