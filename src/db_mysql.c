/* The MySQL/MariaDB engine (MariaDB Connector/C, libmariadb) behind src/db_driver.h.
 *
 * DSNs: mysql://user:password@host:port/dbname?charset=utf8mb4&socket=...&ssl-mode=...
 * and mariadb://... (src/db_mysql_dsn.c). The text protocol, one round trip per query:
 * parameters are written into the statement client-side at each `?` outside quotes and
 * comments, strings escaped by mysql_real_escape_string in the connection's character
 * set (and its NO_BACKSLASH_ESCAPES mode), as PDO MySQL does by default.
 * JSON by column type: integer types and YEAR as numbers; DECIMAL, FLOAT, DOUBLE as
 * numbers (the server's digits); MySQL's JSON type embedded; binary strings (BINARY,
 * VARBINARY, BLOB: character set 63) and BIT as "\\x<hex>"; everything else (text, dates,
 * times, MariaDB's JSON, which is LONGTEXT) as strings; NULL as null. TINYINT(1)/BOOLEAN
 * are numbers 0/1 (the protocol says TINY, nothing more). */
#include "db_mysql_dsn.h"
#include "db_mysql_impl.h"
#include "db_mysql_stmt.h"

#include <fcntl.h>
#include <errmsg.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A connection: libmariadb's, and the statements it has prepared (db_mysql_stmt.h). */
typedef struct {
    MYSQL *m;
    char *dsn;
    size_t dsn_len;
    long connect_timeout;
    int cache_on; /* lyger.db_mysql_statement_cache when it was opened */
    lyger_my_stmts stmts;
} my_conn;

typedef lyger_my_result my_result;

void lyger_my_set_error(lyger_db_error *err, unsigned no, const char *state, const char *msg, const char *prefix)
{
    int lost = no == CR_SERVER_GONE_ERROR || no == CR_SERVER_LOST || no == 2055 /* lost at handshake/read */;
    lyger_db_set_error(err, lost ? LYGER_SQLSTATE_CONNECTION_FAILURE : (state && strcmp(state, "00000") ? state : "HY000"),
                       "%s%s%s (MySQL error %u)", lost && !prefix[0] ? "connection to MySQL lost: " : "", prefix,
                       msg, no);
}

static void set_my_error(lyger_db_error *err, MYSQL *m, const char *prefix)
{
    lyger_my_set_error(err, mysql_errno(m), mysql_sqlstate(m), mysql_error(m), prefix);
}

/* Frees a statement's client side; after mysql_close (which detaches every statement
 * of the connection) nothing is sent. */
static void stmt_close(void *stmt)
{
    mysql_stmt_close(stmt);
}

/* The connection's statements go with its session: closed without a word to the
 * server (m is closed first), as a new session has none of them. */
static void close_session(my_conn *c)
{
    mysql_close(c->m);
    c->m = NULL;
    lyger_my_stmts_clear(&c->stmts, stmt_close);
}

/* Connections --------------------------------------------------------------- */

static char *my_password(const char *dsn, size_t len)
{
    lyger_my_dsn d;
    char eb[160];
    if (!lyger_my_dsn_parse(dsn, len, &d, eb, sizeof(eb))) {
        return NULL;
    }
    char *pw = d.password;
    d.password = NULL;
    lyger_my_dsn_free(&d);
    return pw;
}

static MYSQL *open_my(const char *dsn, size_t len, long default_timeout, lyger_db_error *err)
{
    lyger_my_dsn d;
    char eb[200];
    if (!lyger_my_dsn_parse(dsn, len, &d, eb, sizeof(eb))) {
        lyger_db_set_error(err, LYGER_SQLSTATE_CONNECTION_FAILURE, "could not connect to MySQL: %s", eb);
        return NULL;
    }
    MYSQL *m = mysql_init(NULL);
    if (!m) {
        lyger_my_dsn_free(&d);
        lyger_db_set_error(err, "", "out of memory");
        return NULL;
    }
    unsigned timeout = (unsigned) (d.connect_timeout >= 0 ? d.connect_timeout : (default_timeout > 0 ? default_timeout : 0));
    if (timeout > 0) {
        mysql_options(m, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
    }
    mysql_options(m, MYSQL_SET_CHARSET_NAME, d.charset);
    if (d.ssl >= MY_SSL_REQUIRED) {
        my_bool on = 1;
        mysql_options(m, MYSQL_OPT_SSL_ENFORCE, &on);
        my_bool verify = d.ssl >= MY_SSL_VERIFY_CA;
        mysql_options(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verify);
    }
    if (!mysql_real_connect(m, d.socket ? "localhost" : (d.host ? d.host : "localhost"), d.user, d.password,
                            d.dbname, d.port, d.socket, 0)) {
        set_my_error(err, m, "could not connect to MySQL: ");
        memcpy(err->sqlstate, LYGER_SQLSTATE_CONNECTION_FAILURE, 6);
        mysql_close(m);
        lyger_my_dsn_free(&d);
        return NULL;
    }
    lyger_my_dsn_free(&d);
    return m;
}

static void *my_connect(const char *dsn, size_t len, const lyger_db_options *opts, lyger_db_error *err)
{
    my_conn *c = calloc(1, sizeof(*c));
    if (!c || !(c->dsn = malloc(len + 1))) {
        free(c);
        lyger_db_set_error(err, "", "out of memory");
        return NULL;
    }
    memcpy(c->dsn, dsn, len);
    c->dsn[len] = '\0';
    c->dsn_len = len;
    c->connect_timeout = opts->connect_timeout;
    c->cache_on = opts->mysql_statement_cache;
    c->m = open_my(c->dsn, len, c->connect_timeout, err);
    if (!c->m) {
        free(c->dsn);
        free(c);
        return NULL;
    }
    return c;
}

static int in_transaction(MYSQL *m)
{
    unsigned int status = 0;
    if (mariadb_get_infov(m, MARIADB_CONNECTION_SERVER_STATUS, &status) != 0) {
        return 0;
    }
    return (status & SERVER_STATUS_IN_TRANS) != 0;
}

/* Readable while idle: the server closed the session (restart, KILL, wait_timeout). */
static int idle_dead(MYSQL *m)
{
    int fd = (int) mysql_get_socket(m);
    if (fd < 0) {
        return 1;
    }
    struct pollfd p = {.fd = fd, .events = POLLIN};
    return poll(&p, 1, 0) > 0;
}

static int my_revive(void *conn, lyger_db_engine_stats *st, lyger_db_error *err)
{
    my_conn *c = conn;
    if (!idle_dead(c->m)) {
        return 0;
    }
    int was = in_transaction(c->m);
    st->reconnects++;
    MYSQL *fresh = open_my(c->dsn, c->dsn_len, c->connect_timeout, err);
    if (!fresh) {
        return -1;
    }
    close_session(c);
    c->m = fresh;
    if (was) {
        lyger_db_set_error(err, LYGER_SQLSTATE_CONNECTION_FAILURE, "connection to MySQL lost inside a transaction "
                           "(the server rolled it back); reconnected for the next statement");
    }
    return 1;
}

static void my_close(void *conn, int foreign)
{
    my_conn *c = conn;
    if (foreign) {
        /* the parent's session: our copy of its socket becomes /dev/null first, so the
         * goodbye (COM_QUIT) goes nowhere and the parent's session lives on */
        int fd = (int) mysql_get_socket(c->m);
        int nul = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (fd >= 0 && (nul < 0 || dup2(nul, fd) < 0)) {
            if (nul >= 0) {
                close(nul);
            }
            return; /* leak rather than touch the parent's socket */
        }
        if (nul >= 0) {
            close(nul);
        }
    }
    close_session(c);
    free(c->dsn);
    free(c);
}

static int my_request_end(void *conn)
{
    my_conn *c = conn;
    if (!in_transaction(c->m)) {
        return 0;
    }
    return mysql_real_query(c->m, "ROLLBACK", 8) == 0 && !in_transaction(c->m) ? 0 : -1;
}

/* Statements ---------------------------------------------------------------- */

/* The end of the quoted run or comment that starts at p, or p when none starts there. */
static const char *skip_quoted(const char *p, const char *end)
{
    char q = *p;
    if (q == '\'' || q == '"' || q == '`') {
        for (p++; p < end; p++) {
            if (*p == '\\' && q != '`' && p + 1 < end) {
                p++;
            } else if (*p == q) {
                if (p + 1 < end && p[1] == q) {
                    p++; /* doubled quote */
                } else {
                    return p + 1;
                }
            }
        }
        return end;
    }
    if (q == '#' || (q == '-' && p + 2 < end && p[1] == '-' && (p[2] == ' ' || p[2] == '\t' || p[2] == '\n'))) {
        while (p < end && *p != '\n') {
            p++;
        }
        return p;
    }
    if (q == '/' && p + 1 < end && p[1] == '*') {
        const char *e = p + 2;
        while (e + 1 < end && !(e[0] == '*' && e[1] == '/')) {
            e++;
        }
        return e + 1 < end ? e + 2 : end;
    }
    return p;
}

/* The statement with each `?` replaced by its parameter as an SQL literal (malloc'ed),
 * or NULL with err filled (count mismatch, memory). */
static char *interpolate(MYSQL *m, const char *sql, size_t len, int nparams, const lyger_db_param *params,
                         size_t *out_len, lyger_db_error *err)
{
    size_t cap = len + 1;
    for (int i = 0; i < nparams; i++) {
        cap += params[i].kind == LYGER_DB_TEXT ? 2 * params[i].len + 3 : 40;
    }
    char *out = malloc(cap), *o = out;
    if (!out) {
        lyger_db_set_error(err, "", "out of memory");
        return NULL;
    }
    const char *p = sql, *end = sql + len;
    int used = 0, found = 0;
    while (p < end) {
        const char *s = skip_quoted(p, end);
        if (s != p) {
            memcpy(o, p, (size_t) (s - p));
            o += s - p;
            p = s;
            continue;
        }
        if (*p != '?') {
            *o++ = *p++;
            continue;
        }
        found++;
        p++;
        if (used >= nparams) {
            continue;
        }
        const lyger_db_param *v = &params[used++];
        switch (v->kind) {
            case LYGER_DB_NULL: memcpy(o, "NULL", 4); o += 4; break;
            case LYGER_DB_BOOL:
            case LYGER_DB_INT: o += snprintf(o, 24, "%lld", (long long) v->i); break;
            case LYGER_DB_FLOAT:
                if (v->d != v->d || v->d > 1.7976931348623157e308 || v->d < -1.7976931348623157e308) {
                    free(out);
                    lyger_db_set_error(err, "22003", "MySQL has no NaN or Infinity: parameter $%d", used);
                    return NULL;
                }
                memcpy(o, v->text, v->len); /* shortest round-trip text, 1.0E+25 form: MySQL reads it */
                o += v->len;
                break;
            default:
                *o++ = '\'';
                o += mysql_real_escape_string(m, o, v->text, (unsigned long) v->len);
                *o++ = '\'';
                break;
        }
    }
    if (found != nparams) {
        free(out);
        lyger_db_set_error(err, "08P01", "the query has %d placeholder(s) but %d parameter(s) were given", found, nparams);
        return NULL;
    }
    *o = '\0';
    *out_len = (size_t) (o - out);
    return out;
}

/* Rows ---------------------------------------------------------------------- */

lyger_my_kind lyger_my_kind_of(const MYSQL_FIELD *f)
{
    switch (f->type) {
        case MYSQL_TYPE_TINY: case MYSQL_TYPE_SHORT: case MYSQL_TYPE_LONG: case MYSQL_TYPE_LONGLONG:
        case MYSQL_TYPE_INT24: case MYSQL_TYPE_YEAR:
            return K_RAW;
        case MYSQL_TYPE_JSON:
            return K_RAW;
        case MYSQL_TYPE_DECIMAL: case MYSQL_TYPE_NEWDECIMAL: case MYSQL_TYPE_FLOAT: case MYSQL_TYPE_DOUBLE:
            return K_NUM;
        case MYSQL_TYPE_BIT:
            return K_HEX;
        case MYSQL_TYPE_TINY_BLOB: case MYSQL_TYPE_MEDIUM_BLOB: case MYSQL_TYPE_LONG_BLOB: case MYSQL_TYPE_BLOB:
        case MYSQL_TYPE_STRING: case MYSQL_TYPE_VAR_STRING: case MYSQL_TYPE_VARCHAR: case MYSQL_TYPE_GEOMETRY:
            return f->charsetnr == 63 ? K_HEX : K_STRING;
        default:
            return K_STRING;
    }
}

char *lyger_my_prefixes(const MYSQL_FIELD *fields, unsigned ncols, char **prefix, size_t *plen)
{
    size_t total = 1;
    for (unsigned c = 0; c < ncols; c++) {
        total += 6 * (size_t) fields[c].name_length + 4;
    }
    char *block = malloc(total), *p = block;
    if (!block) {
        return NULL;
    }
    for (unsigned c = 0; c < ncols; c++) {
        prefix[c] = p;
        *p++ = c == 0 ? '{' : ',';
        *p++ = '"';
        p = lyger_json_escape(p, fields[c].name, fields[c].name_length);
        *p++ = '"';
        *p++ = ':';
        plen[c] = (size_t) (p - prefix[c]);
    }
    return block;
}

/* About the JSON of a stored result's rows (values, names and punctuation, hex twice,
 * 1/16 more for escapes), read from their lengths; the rows are rewound after. */
static size_t rows_estimate(MYSQL_RES *res, unsigned ncols, const lyger_my_kind *kinds, const size_t *plen)
{
    size_t per_row = 2, total = 2;
    for (unsigned c = 0; c < ncols; c++) {
        per_row += plen[c] + 2;
    }
    MYSQL_ROW row;
    while ((row = mysql_fetch_row(res))) {
        unsigned long *lens = mysql_fetch_lengths(res);
        total += per_row;
        for (unsigned c = 0; c < ncols; c++) {
            total += !row[c] ? 4 : kinds[c] == K_HEX ? 2 * (size_t) lens[c] + 4 : (size_t) lens[c];
        }
    }
    mysql_data_seek(res, 0);
    return total + total / 16;
}

/* reserve: size b at once from the rows (b is the PHP string, which grows by copying) */
static int write_rows(lyger_jbuf *b, MYSQL_RES *res, int reserve)
{
    unsigned ncols = mysql_num_fields(res);
    MYSQL_FIELD *fields = mysql_fetch_fields(res);
    lyger_my_kind kinds[ncols ? ncols : 1];
    char *prefix[ncols ? ncols : 1];
    size_t plen[ncols ? ncols : 1];
    int ok = 1;
    for (unsigned c = 0; c < ncols; c++) {
        kinds[c] = lyger_my_kind_of(&fields[c]);
    }
    char *names = lyger_my_prefixes(fields, ncols, prefix, plen);
    if (!names) {
        return 0;
    }
    if (reserve) {
        (void) lyger_jbuf_reserve(b, rows_estimate(res, ncols, kinds, plen)); /* a hint: a refusal is no failure */
    }
    MYSQL_ROW row;
    int first = 1;
    while (ok && (row = mysql_fetch_row(res))) {
        unsigned long *lens = mysql_fetch_lengths(res);
        ok = lyger_json_write_raw(b, first ? "[" : ",", 1);
        first = 0;
        for (unsigned c = 0; ok && c < ncols; c++) {
            ok = lyger_json_write_raw(b, prefix[c], plen[c]);
            if (!ok) {
                break;
            }
            if (!row[c]) {
                ok = lyger_json_write_raw(b, "null", 4);
                continue;
            }
            switch (kinds[c]) {
                case K_RAW: ok = lyger_json_write_raw(b, row[c], lens[c]); break;
                case K_NUM:
                    ok = lyger_json_is_number(row[c], lens[c]) ? lyger_json_write_raw(b, row[c], lens[c])
                                                               : lyger_json_write_string(b, row[c], lens[c]);
                    break;
                case K_HEX: ok = lyger_json_write_hex(b, row[c], lens[c]); break;
                default: ok = lyger_json_write_string(b, row[c], lens[c]); break;
            }
        }
        ok = ok && lyger_json_write_raw(b, "}", 1);
    }
    ok = ok && (first ? 1 : lyger_json_write_raw(b, "]", 1));
    free(names);
    return ok;
}

/* Statement cache (db_mysql_stmt.h) ---------------------------------------- */

/* Runs sql as a prepared statement when this connection has seen it before: *done = 1
 * and the result (or NULL with err filled, the statement's own error). *done = 0 when
 * the text protocol must run it instead (first sight; a text the server will not
 * prepare; parameters that do not fit, whose error the text path words; a statement
 * the server lost or must prepare again, which never ran). Inside a transaction too:
 * a MySQL statement that fails before running leaves the transaction as it was. */
static lyger_db_result *run_cached(my_conn *c, const char *sql, size_t len, int nparams,
                                   const lyger_db_param *params, lyger_db_engine_stats *st, lyger_jbuf *out,
                                   int *done, lyger_db_error *err)
{
    *done = 0;
    lyger_my_stmt *e = lyger_my_stmts_find(&c->stmts, sql, len);
    if (!e) { /* first seen: remembered, run as text */
        void *evicted;
        lyger_my_stmts_add(&c->stmts, sql, len, &evicted);
        if (evicted) {
            mysql_stmt_close(evicted);
        }
        return NULL;
    }
    if (!e->stmt) { /* seen again: prepared */
        MYSQL_STMT *s = mysql_stmt_init(c->m);
        if (!s || mysql_stmt_prepare(s, sql, (unsigned long) len) != 0) {
            if (s) {
                mysql_stmt_close(s);
            }
            lyger_my_stmts_drop(&c->stmts, e);
            return NULL;
        }
        e->stmt = s;
    } else if (mysql_stmt_param_count(e->stmt) == (unsigned long) nparams) {
        st->statements_cached++;
    }
    if (mysql_stmt_param_count(e->stmt) != (unsigned long) nparams || !lyger_my_params_finite(nparams, params)) {
        return NULL;
    }
    if (out) {
        lyger_jbuf_reserve_like(out, e->last_json);
    }
    int stale;
    lyger_db_result *r = lyger_my_stmt_run(e->stmt, nparams, params, out, &stale, err);
    if (stale) { /* (it wrote nothing into out) */
        mysql_stmt_close(e->stmt);
        lyger_my_stmts_drop(&c->stmts, e);
        return NULL;
    }
    if (out && r) {
        e->last_json = lyger_jbuf_len(out);
    }
    *done = 1;
    return r;
}

/* query and query_json: the rows' JSON goes into out when given (query_json's buffer,
 * the caller's PHP string: nothing is copied at the end), else into the result. */
static lyger_db_result *my_exec(void *conn, const char *sql, size_t sql_len, int nparams,
                                const lyger_db_param *params, lyger_db_engine_stats *st, lyger_jbuf *out,
                                lyger_db_error *err)
{
    my_conn *c = conn;
    if (c->cache_on) {
        int done;
        lyger_db_result *r = run_cached(c, sql, sql_len, nparams, params, st, out, &done, err);
        if (done) {
            st->queries++;
            return r;
        }
    }
    char *stmt = NULL;
    size_t stmt_len = sql_len;
    if (nparams > 0 || memchr(sql, '?', sql_len)) {
        stmt = interpolate(c->m, sql, sql_len, nparams, params, &stmt_len, err);
        if (!stmt) {
            return NULL;
        }
    }
    st->queries++;
    int rc = mysql_real_query(c->m, stmt ? stmt : sql, (unsigned long) stmt_len);
    free(stmt);
    if (rc != 0) {
        set_my_error(err, c->m, "");
        return NULL;
    }
    my_result *r = calloc(1, sizeof(*r));
    if (!r) {
        lyger_db_set_error(err, "", "out of memory");
        return NULL;
    }
    r->base.drv = &lyger_db_driver_mysql;
    MYSQL_RES *res = mysql_store_result(c->m);
    if (!res) {
        if (mysql_field_count(c->m) != 0) {
            set_my_error(err, c->m, "");
            free(r);
            return NULL;
        }
        r->affected = (int64_t) mysql_affected_rows(c->m);
        return &r->base;
    }
    r->affected = (int64_t) mysql_num_rows(res);
    if (mysql_num_rows(res) > 0 && mysql_num_fields(res) > 0) {
        lyger_jbuf own;
        lyger_jbuf_init_malloc(&own);
        if (!write_rows(out ? out : &own, res, out != NULL)) {
            free(own.start);
            mysql_free_result(res);
            free(r);
            lyger_db_set_error(err, "53200", "out of memory writing the result");
            return NULL;
        }
        if (!out) {
            r->json = own.start;
            r->len = lyger_jbuf_len(&own);
        }
    }
    mysql_free_result(res);
    return &r->base;
}

static lyger_db_result *my_query(void *conn, const char *sql, size_t sql_len, int nparams,
                                 const lyger_db_param *params, lyger_db_engine_stats *st, lyger_db_error *err)
{
    return my_exec(conn, sql, sql_len, nparams, params, st, NULL, err);
}

static lyger_db_result *my_query_json(void *conn, const char *sql, size_t sql_len, int nparams,
                                      const lyger_db_param *params, lyger_db_engine_stats *st,
                                      lyger_db_error *err, lyger_jbuf *out)
{
    return my_exec(conn, sql, sql_len, nparams, params, st, out, err);
}

/* Results ------------------------------------------------------------------- */

lyger_db_result *lyger_my_result_new(char *json, size_t len, int64_t affected, lyger_db_error *err)
{
    my_result *r = malloc(sizeof *r);
    if (!r) {
        free(json);
        lyger_db_set_error(err, "", "out of memory");
        return NULL;
    }
    r->base.drv = &lyger_db_driver_mysql;
    r->json = json;
    r->len = len;
    r->affected = affected;
    return &r->base;
}

static size_t my_result_estimate(const lyger_db_result *res)
{
    const my_result *r = (const my_result *) res;
    return r->json ? r->len : 2;
}

static int my_result_json(lyger_jbuf *b, const lyger_db_result *res)
{
    const my_result *r = (const my_result *) res;
    return r->json ? lyger_json_write_raw(b, r->json, r->len) : lyger_json_write_raw(b, "[]", 2);
}

static int64_t my_result_affected(const lyger_db_result *res)
{
    return ((const my_result *) res)->affected;
}

static size_t my_result_bytes(const lyger_db_result *res)
{
    return sizeof(my_result) + ((const my_result *) res)->len;
}

static void my_result_free(lyger_db_result *res)
{
    free(((my_result *) res)->json);
    free(res);
}

const lyger_db_driver lyger_db_driver_mysql = {
    .name = "mysql",
    .library = "libmariadb " MARIADB_PACKAGE_VERSION,
    .connect = my_connect,
    .password = my_password,
    .revive = my_revive,
    .query = my_query,
    .query_json = my_query_json,
    .request_end = my_request_end,
    .close = my_close,
    .result_estimate = my_result_estimate,
    .result_json = my_result_json,
    .result_affected = my_result_affected,
    .result_bytes = my_result_bytes,
    .result_free = my_result_free,
};
