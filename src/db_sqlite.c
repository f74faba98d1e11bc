/* The SQLite engine (libsqlite3) behind src/db_driver.h.
 *
 * DSNs: "sqlite:/path/to.db", "sqlite:relative.db", "sqlite::memory:" (one private
 * in-memory database per process, as the connection is per DSN per process) and a bare
 * path ending .sqlite, .sqlite3 or .db. File databases are put in WAL mode.
 * Statements are prepared once per connection (SQLITE_PREPARE_PERSISTENT) and kept in
 * a small cache keyed by their text. Parameters bind by position (?, ?NNN, and :name /
 * @name / $name numbered in order of first appearance, as SQLite numbers them), typed:
 * int, float, bool (as 0/1) and text.
 * Values are written by storage class: INTEGER as a number, REAL as a number (shortest
 * round trip), TEXT as a string, BLOB as "\\x<hex>", NULL as null.
 * Errors carry an SQLSTATE mapped from the result code (README, "Database") and the
 * extended result code itself in the message. */
#include "db_driver.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STMT_CACHE 32

typedef struct {
    char *sql;
    size_t len;
    sqlite3_stmt *stmt;
    uint64_t used;
} cached_stmt;

typedef struct {
    sqlite3 *db;
    cached_stmt cache[STMT_CACHE];
    uint64_t tick;
} sq_conn;

typedef struct {
    lyger_db_result base;
    char *json;
    size_t len;
    int64_t affected;
} sq_result;

/* Errors ------------------------------------------------------------------- */

static const char *sqlstate_of(int ext)
{
    switch (ext) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY: return "23505";
        case SQLITE_CONSTRAINT_NOTNULL: return "23502";
        case SQLITE_CONSTRAINT_FOREIGNKEY: return "23503";
        case SQLITE_CONSTRAINT_CHECK: return "23514";
        default: break;
    }
    switch (ext & 0xff) {
        case SQLITE_ERROR: return "42000";     /* SQL error or missing object */
        case SQLITE_INTERNAL: return "XX000";
        case SQLITE_PERM:
        case SQLITE_AUTH: return "42501";
        case SQLITE_ABORT:
        case SQLITE_INTERRUPT: return "57014";
        case SQLITE_BUSY:
        case SQLITE_LOCKED: return "55P03";    /* lock not available */
        case SQLITE_NOMEM: return "53200";
        case SQLITE_READONLY: return "25006";
        case SQLITE_IOERR: return "58030";
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB: return "XX001";    /* data corrupted */
        case SQLITE_FULL: return "53100";
        case SQLITE_CANTOPEN: return LYGER_SQLSTATE_CONNECTION_FAILURE;
        case SQLITE_PROTOCOL: return "08P01";
        case SQLITE_TOOBIG: return "54000";
        case SQLITE_CONSTRAINT: return "23000";
        case SQLITE_MISMATCH: return "42804";
        case SQLITE_RANGE: return "22023";
        default: return "HY000";
    }
}

static void set_sqlite_error(lyger_db_error *err, sqlite3 *db, int rc, const char *prefix)
{
    int ext = db ? sqlite3_extended_errcode(db) : rc;
    if ((ext & 0xff) != (rc & 0xff)) {
        ext = rc;
    }
    const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
        lyger_db_set_error(err, sqlstate_of(ext), "%s%s (another connection holds the lock; waited "
                           "lyger.db_busy_timeout) (SQLite code %d)", prefix, msg, ext);
    } else {
        lyger_db_set_error(err, sqlstate_of(ext), "%s%s (SQLite code %d)", prefix, msg, ext);
    }
}

/* Connections ---------------------------------------------------------------- */

/* The file name of the DSN (as SQLite takes it): after "sqlite:", or the bare path. */
static const char *dsn_path(const char *dsn)
{
    return strncmp(dsn, "sqlite:", 7) == 0 ? dsn + 7 : dsn;
}

static void *sq_connect(const char *dsn, size_t len, const lyger_db_options *opts, lyger_db_error *err)
{
    (void) len;
    const char *path = dsn_path(dsn);
    if (path[0] == '\0') {
        lyger_db_set_error(err, LYGER_SQLSTATE_CONNECTION_FAILURE, "could not open SQLite database: the DSN "
                           "names no file (sqlite:/path/to.db, or sqlite::memory:)");
        return NULL;
    }
    sq_conn *c = calloc(1, sizeof(*c));
    if (!c) {
        lyger_db_set_error(err, "", "out of memory");
        return NULL;
    }
    int memory = strcmp(path, ":memory:") == 0;
    int rc = sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_extended_result_codes(c->db, 1);
        sqlite3_busy_timeout(c->db, opts->busy_timeout_ms > 0 ? (int) (opts->busy_timeout_ms > 0x7fffffff ? 0x7fffffff : opts->busy_timeout_ms) : 0);
        /* Reading the schema finds a directory, a file that is not a database or a
         * corrupt header now rather than at the first query. WAL for files; a read-only
         * or already-WAL database keeps its mode. */
        rc = sqlite3_exec(c->db, memory ? "PRAGMA schema_version" : "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
        if ((rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_BUSY) {
            rc = sqlite3_exec(c->db, "PRAGMA schema_version", NULL, NULL, NULL);
        }
    }
    if (rc != SQLITE_OK) {
        char prefix[300];
        snprintf(prefix, sizeof(prefix), "could not open SQLite database \"%.200s\"%s: ", path,
                 (rc & 0xff) == SQLITE_CANTOPEN ? " (a directory, a missing directory or no permission?)" : "");
        set_sqlite_error(err, c->db, rc, prefix);
        memcpy(err->sqlstate, LYGER_SQLSTATE_CONNECTION_FAILURE, 6);
        sqlite3_close_v2(c->db);
        free(c);
        return NULL;
    }
    return c;
}

static int sq_revive(void *conn, lyger_db_engine_stats *st, lyger_db_error *err)
{
    (void) conn;
    (void) st;
    (void) err;
    return 0; /* a file never goes away under a connection the way a server does */
}

static void sq_close(void *conn, int foreign)
{
    sq_conn *c = conn;
    /* foreign (the parent's, in a forked child): closed like any other. POSIX locks
     * belong to a process, so the child's close() drops none of the parent's; db.c
     * closes inherited connections before the child opens its own, so none of the
     * child's are dropped either. Closing never checkpoints or removes the WAL while
     * the parent's connection holds its shared lock on the file. */
    (void) foreign;
    for (int i = 0; i < STMT_CACHE; i++) {
        sqlite3_finalize(c->cache[i].stmt);
        free(c->cache[i].sql);
    }
    sqlite3_close_v2(c->db);
    free(c);
}

static int sq_request_end(void *conn)
{
    sq_conn *c = conn;
    if (sqlite3_get_autocommit(c->db)) {
        return 0;
    }
    /* Statements left stepping hold the transaction's read lock: none are (every
     * query resets its statement), so ROLLBACK ends it. */
    return sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL) == SQLITE_OK && sqlite3_get_autocommit(c->db) ? 0 : -1;
}

/* Statements --------------------------------------------------------------- */

/* The cached statement for sql, or a newly prepared one (put in the cache when sql
 * is one statement). *tail: the text after the first statement. *cached: 1 when the
 * statement belongs to the cache (reset, not finalized, after use). */
static int prepare(sq_conn *c, const char *sql, size_t len, sqlite3_stmt **out, const char **tail,
                   int *cached, lyger_db_engine_stats *st)
{
    for (int i = 0; i < STMT_CACHE; i++) {
        cached_stmt *e = &c->cache[i];
        if (e->stmt && e->len == len && memcmp(e->sql, sql, len) == 0) {
            e->used = ++c->tick;
            *out = e->stmt;
            *tail = sql + len;
            *cached = 1;
            st->statements_cached++;
            return SQLITE_OK;
        }
    }
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v3(c->db, sql, (int) len, SQLITE_PREPARE_PERSISTENT, &stmt, tail);
    *out = stmt;
    *cached = 0;
    if (rc != SQLITE_OK || !stmt) {
        return rc;
    }
    const char *t = *tail;
    while (t < sql + len && (*t == ' ' || *t == '\n' || *t == '\t' || *t == '\r' || *t == ';')) {
        t++;
    }
    if (t < sql + len) {
        return SQLITE_OK; /* more statements follow: not cached */
    }
    int victim = 0;
    for (int i = 0; i < STMT_CACHE; i++) {
        if (!c->cache[i].stmt) {
            victim = i;
            break;
        }
        if (c->cache[i].used < c->cache[victim].used) {
            victim = i;
        }
    }
    char *copy = malloc(len ? len : 1);
    if (!copy) {
        return SQLITE_OK;
    }
    cached_stmt *e = &c->cache[victim];
    sqlite3_finalize(e->stmt);
    free(e->sql);
    memcpy(copy, sql, len);
    e->sql = copy;
    e->len = len;
    e->stmt = stmt;
    e->used = ++c->tick;
    *cached = 1;
    return SQLITE_OK;
}

static int bind_all(sqlite3_stmt *stmt, int nparams, const lyger_db_param *params)
{
    for (int i = 0; i < nparams; i++) {
        const lyger_db_param *p = &params[i];
        int rc;
        switch (p->kind) {
            case LYGER_DB_NULL: rc = sqlite3_bind_null(stmt, i + 1); break;
            case LYGER_DB_BOOL:
            case LYGER_DB_INT: rc = sqlite3_bind_int64(stmt, i + 1, p->i); break;
            case LYGER_DB_FLOAT: rc = sqlite3_bind_double(stmt, i + 1, p->d); break;
            default: rc = sqlite3_bind_text64(stmt, i + 1, p->text, p->len, SQLITE_STATIC, SQLITE_UTF8); break;
        }
        if (rc != SQLITE_OK) {
            return rc;
        }
    }
    return SQLITE_OK;
}

/* Rows --------------------------------------------------------------------- */

static int write_value(lyger_jbuf *b, sqlite3_stmt *stmt, int col)
{
    switch (sqlite3_column_type(stmt, col)) {
        case SQLITE_INTEGER:
            return lyger_json_write_int64(b, sqlite3_column_int64(stmt, col));
        case SQLITE_FLOAT:
            return lyger_json_write_double(b, sqlite3_column_double(stmt, col));
        case SQLITE_TEXT: {
            const char *t = (const char *) sqlite3_column_text(stmt, col);
            return lyger_json_write_string(b, t ? t : "", (size_t) sqlite3_column_bytes(stmt, col));
        }
        case SQLITE_BLOB: {
            const void *v = sqlite3_column_blob(stmt, col);
            return lyger_json_write_hex(b, v, (size_t) sqlite3_column_bytes(stmt, col));
        }
        default:
            return lyger_json_write_raw(b, "null", 4);
    }
}

/* Steps stmt to its end, writing its rows as JSON to b (b NULL: rows are only
 * counted). Returns the last step's code (SQLITE_DONE when all went well). */
static int run_stmt(sqlite3_stmt *stmt, lyger_jbuf *b, int64_t *nrows, int *ok)
{
    int ncols = sqlite3_column_count(stmt);
    char **prefix = NULL;
    size_t *plen = NULL;
    int rc;
    *nrows = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (!b || ncols == 0) {
            (*nrows)++;
            continue;
        }
        if (!prefix) {
            /* names are fixed once the statement runs: the '{"name":' / ',"name":' of each column */
            prefix = calloc((size_t) ncols, sizeof(char *));
            plen = calloc((size_t) ncols, sizeof(size_t));
            for (int c = 0; prefix && plen && c < ncols; c++) {
                const char *name = sqlite3_column_name(stmt, c);
                size_t n = name ? strlen(name) : 0;
                prefix[c] = malloc(6 * n + 4);
                if (!prefix[c]) {
                    break;
                }
                char *p = prefix[c];
                *p++ = c == 0 ? '{' : ',';
                *p++ = '"';
                p = lyger_json_escape(p, name ? name : "", n);
                *p++ = '"';
                *p++ = ':';
                plen[c] = (size_t) (p - prefix[c]);
            }
            if (!prefix || !plen || !prefix[ncols - 1]) {
                *ok = 0;
                break;
            }
        }
        *ok = *ok && lyger_json_write_raw(b, *nrows ? "," : "[", 1);
        for (int c = 0; *ok && c < ncols; c++) {
            *ok = lyger_json_write_raw(b, prefix[c], plen[c]) && write_value(b, stmt, c);
        }
        *ok = *ok && lyger_json_write_raw(b, "}", 1);
        (*nrows)++;
        if (!*ok) {
            break;
        }
    }
    if (prefix) {
        for (int c = 0; c < ncols; c++) {
            free(prefix[c]);
        }
    }
    free(prefix);
    free(plen);
    return rc;
}

static lyger_db_result *sq_query(void *conn, const char *sql, size_t sql_len, int nparams,
                                 const lyger_db_param *params, lyger_db_engine_stats *st, lyger_db_error *err)
{
    sq_conn *c = conn;
    sq_result *r = calloc(1, sizeof(*r));
    if (!r) {
        lyger_db_set_error(err, "", "out of memory");
        return NULL;
    }
    r->base.drv = &lyger_db_driver_sqlite;
    lyger_jbuf b;
    lyger_jbuf_init_malloc(&b);
    const char *end = sql + sql_len, *next = sql;
    int first = 1, ok = 1;
    int64_t nrows = 0;
    st->queries++;
    while (next < end) {
        sqlite3_stmt *stmt = NULL;
        const char *tail = end;
        int cached = 0;
        int rc = prepare(c, next, (size_t) (end - next), &stmt, &tail, &cached, st);
        if (rc != SQLITE_OK) {
            set_sqlite_error(err, c->db, rc, "");
            goto fail;
        }
        next = tail;
        if (!stmt) {
            continue; /* only whitespace or a comment */
        }
        int want = sqlite3_bind_parameter_count(stmt);
        if (first ? want != nparams : want != 0) {
            lyger_db_set_error(err, "08P01", first
                               ? "the query has %d placeholder(s) but %d parameter(s) were given"
                               : "only the first statement of a multi-statement query may have placeholders (%d found)",
                               want, nparams);
            if (!cached) {
                sqlite3_finalize(stmt);
            }
            goto fail;
        }
        rc = first ? bind_all(stmt, nparams, params) : SQLITE_OK;
        if (rc == SQLITE_OK) {
            /* the rows of the last statement are the result */
            b.pos = b.start;
            rc = run_stmt(stmt, &b, &nrows, &ok);
        }
        int readonly = sqlite3_stmt_readonly(stmt);
        if (rc != SQLITE_DONE || !ok) {
            if (ok) {
                set_sqlite_error(err, c->db, rc, "");
            } else {
                lyger_db_set_error(err, "53200", "out of memory writing the result");
            }
        }
        sqlite3_clear_bindings(stmt);
        if (cached) {
            sqlite3_reset(stmt);
        } else {
            sqlite3_finalize(stmt);
        }
        if (err->message) {
            goto fail;
        }
        r->affected = readonly ? nrows : sqlite3_changes64(c->db);
        first = 0;
    }
    if (nrows > 0 && lyger_jbuf_len(&b) > 0) {
        if (!lyger_json_write_raw(&b, "]", 1)) {
            lyger_db_set_error(err, "53200", "out of memory writing the result");
            goto fail;
        }
        r->json = b.start;
        r->len = lyger_jbuf_len(&b);
    } else {
        free(b.start);
    }
    if (first && nparams > 0) {
        lyger_db_set_error(err, "08P01", "the query has 0 placeholder(s) but %d parameter(s) were given", nparams);
        free(r->json);
        free(r);
        return NULL;
    }
    return &r->base;
fail:
    free(b.start);
    free(r);
    return NULL;
}

/* Results ------------------------------------------------------------------ */

static size_t sq_result_estimate(const lyger_db_result *res)
{
    const sq_result *r = (const sq_result *) res;
    return r->json ? r->len : 2;
}

static int sq_result_json(lyger_jbuf *b, const lyger_db_result *res)
{
    const sq_result *r = (const sq_result *) res;
    return r->json ? lyger_json_write_raw(b, r->json, r->len) : lyger_json_write_raw(b, "[]", 2);
}

static int64_t sq_result_affected(const lyger_db_result *res)
{
    return ((const sq_result *) res)->affected;
}

static size_t sq_result_bytes(const lyger_db_result *res)
{
    return sizeof(sq_result) + ((const sq_result *) res)->len;
}

static void sq_result_free(lyger_db_result *res)
{
    free(((sq_result *) res)->json);
    free(res);
}

const lyger_db_driver lyger_db_driver_sqlite = {
    .name = "sqlite",
    .library = "libsqlite3 " SQLITE_VERSION,
    .connect = sq_connect,
    .password = NULL,
    .revive = sq_revive,
    .query = sq_query,
    .request_end = sq_request_end,
    .close = sq_close,
    .result_estimate = sq_result_estimate,
    .result_json = sq_result_json,
    .result_affected = sq_result_affected,
    .result_bytes = sq_result_bytes,
    .result_free = sq_result_free,
};
