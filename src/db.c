/* DSN routing, the connection and handle tables and the per-request cleanup
 * (see db.h); the engines behind src/db_driver.h do the talking. */
#include "db_driver.h"
#include "self_pid.h"

#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Past this many distinct DSNs the oldest connection is closed. */
#define MAX_CONNECTIONS 64
#define HANDLE_INDEX_BITS 24
#define HANDLE_INDEX_MASK ((INT64_C(1) << HANDLE_INDEX_BITS) - 1)
#define HANDLE_GEN_MAX (INT64_C(1) << 38)

typedef struct {
    char *dsn;
    size_t dsn_len;
    char *password; /* as written in the DSN and as decoded, for scrubbing messages */
    char *password_raw;
    const lyger_db_driver *drv;
    void *handle;
    pid_t pid;      /* the process that opened it: a forked child must not use it */
} db_conn;

typedef struct {
    lyger_db_result *res;  /* NULL: free slot */
    int64_t gen;
    size_t bytes;
    int64_t next_free;
} db_slot;

static const lyger_db_driver *const drivers[] = {
    &lyger_db_driver_pg,
#ifdef LYGER_HAVE_MYSQL
    &lyger_db_driver_mysql,
#endif
#ifdef LYGER_HAVE_SQLITE
    &lyger_db_driver_sqlite,
#endif
};
#define NDRIVERS ((int) (sizeof(drivers) / sizeof(drivers[0])))

struct lyger_db {
    db_conn *conns;
    size_t nconns, conns_cap;

    db_slot *slots;
    int64_t nslots, slots_cap;
    int64_t free_head; /* index of the first free slot, -1 when none */
    int64_t next_gen;
    size_t open_results, result_bytes;
    pid_t owner; /* the process that last used the table: a fork is noticed by the change */

    lyger_db_engine_stats engine[NDRIVERS];
};

/* Errors ---------------------------------------------------------------- */

void lyger_db_error_clear(lyger_db_error *err)
{
    free(err->message);
    err->message = NULL;
    err->sqlstate[0] = '\0';
}

void lyger_db_set_error(lyger_db_error *err, const char *sqlstate, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    free(err->message);
    err->message = malloc((size_t) (n > 0 ? n : 0) + 1);
    if (err->message) {
        va_start(ap, fmt);
        vsnprintf(err->message, (size_t) n + 1, fmt, ap);
        va_end(ap);
    }
    snprintf(err->sqlstate, sizeof(err->sqlstate), "%s", sqlstate ? sqlstate : "");
}

void lyger_db_set_error_text(lyger_db_error *err, const char *sqlstate, const char *prefix, const char *text)
{
    size_t n = text ? strlen(text) : 0;
    while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' ')) {
        n--;
    }
    if (n == 0) {
        lyger_db_set_error(err, sqlstate, "%sunknown error", prefix);
    } else {
        lyger_db_set_error(err, sqlstate, "%s%.*s", prefix, (int) n, text);
    }
}

/* Replaces every occurrence of secret in the malloc'ed *msg by "********". */
static void scrub(char **msg, const char *secret)
{
    size_t slen = secret ? strlen(secret) : 0;
    if (!*msg || slen == 0) {
        return;
    }
    char *hit = strstr(*msg, secret);
    while (hit) {
        size_t mlen = strlen(*msg), at = (size_t) (hit - *msg);
        char *next = malloc(mlen - slen + 8 + 1);
        if (!next) {
            return;
        }
        memcpy(next, *msg, at);
        memcpy(next + at, "********", 8);
        memcpy(next + at + 8, hit + slen, mlen - at - slen + 1);
        free(*msg);
        *msg = next;
        hit = strstr(*msg + at + 8, secret);
    }
}

/* DSN ----------------------------------------------------------------------- */

static const char FORMS[] =
    "supported forms are postgres://user:password@host:port/dbname?option=value, "
    "postgresql://... and libpq keyword/value strings like \"host=... dbname=... user=...\""
#ifdef LYGER_HAVE_MYSQL
    ", mysql://user:password@host:port/dbname?charset=utf8mb4&socket=...&ssl-mode=..., mariadb://..."
#endif
#ifdef LYGER_HAVE_SQLITE
    ", sqlite:/path/to.db, sqlite::memory: and a bare path ending .sqlite, .sqlite3 or .db"
#endif
    ;

static int has_prefix(const char *s, size_t len, const char *p)
{
    size_t n = strlen(p);
    return len >= n && memcmp(s, p, n) == 0;
}

static inline int has_suffix(const char *s, size_t len, const char *p)
{
    size_t n = strlen(p);
    return len > n && memcmp(s + len - n, p, n) == 0;
}

/* The engine for a DSN, or NULL with err filled. */
static const lyger_db_driver *route(const char *dsn, size_t len, lyger_db_error *err)
{
    if (has_prefix(dsn, len, "postgres://") || has_prefix(dsn, len, "postgresql://")) {
        return &lyger_db_driver_pg;
    }
#ifdef LYGER_HAVE_MYSQL
    if (has_prefix(dsn, len, "mysql://") || has_prefix(dsn, len, "mariadb://")) {
        return &lyger_db_driver_mysql;
    }
#endif
#ifdef LYGER_HAVE_SQLITE
    if (has_prefix(dsn, len, "sqlite:") || has_suffix(dsn, len, ".sqlite")
        || has_suffix(dsn, len, ".sqlite3") || has_suffix(dsn, len, ".db")) {
        return &lyger_db_driver_sqlite;
    }
#endif
    /* Without an engine compiled in, its DSNs are an unsupported scheme like any other.
     * A scheme is letters/digits/+-. up to ':' (pgsql:, redis:); a keyword string
     * has '=' before any ':'. Only the scheme name is echoed, never the rest. */
    size_t i = 0;
    while (i < len && (isalnum((unsigned char) dsn[i]) || dsn[i] == '+' || dsn[i] == '-' || dsn[i] == '.')) {
        i++;
    }
    if (i > 0 && i < len && dsn[i] == ':' && isalpha((unsigned char) dsn[0])) {
        lyger_db_set_error(err, "", "unsupported DSN scheme \"%.*s\": %s", (int) (i > 32 ? 32 : i), dsn, FORMS);
        return NULL;
    }
    if (memchr(dsn, '=', len)) {
        return &lyger_db_driver_pg;
    }
    lyger_db_set_error(err, "", len == 0 ? "empty DSN: %s" : "unsupported DSN: %s", FORMS);
    return NULL;
}

int lyger_db_dsn_check(const char *dsn, size_t len, lyger_db_error *err)
{
    return route(dsn, len, err) != NULL;
}

long lyger_db_sqlite_relative_path(const char *dsn, size_t len)
{
#ifdef LYGER_HAVE_SQLITE
    lyger_db_error err = {0};
    if (route(dsn, len, &err) != &lyger_db_driver_sqlite) {
        return -1;
    }
    size_t at = has_prefix(dsn, len, "sqlite:") ? 7 : 0;
    if (at == len || dsn[at] == '/' || (len - at == 8 && memcmp(dsn + at, ":memory:", 8) == 0)) {
        return -1;
    }
    return (long) at;
#else
    (void) dsn; (void) len;
    return -1;
#endif
}

/* The password as written in a URL (user:password@), or in "password=..." of a
 * keyword string, so it can be scrubbed even when the engine cannot parse the DSN. */
static char *raw_password(const char *dsn, size_t len)
{
    const char *end = dsn + len;
    const char *p = memchr(dsn, ':', len);
    if (p && p + 2 < end && p[1] == '/' && p[2] == '/') {
        const char *auth = p + 3, *stop = auth;
        while (stop < end && *stop != '/' && *stop != '?') {
            stop++;
        }
        const char *at = NULL;
        for (const char *q = auth; q < stop; q++) {
            if (*q == '@') {
                at = q;
            }
        }
        const char *colon = at ? memchr(auth, ':', (size_t) (at - auth)) : NULL;
        if (colon && at > colon + 1) {
            return strndup(colon + 1, (size_t) (at - colon - 1));
        }
        return NULL;
    }
    for (const char *q = dsn; q + 8 <= end; q++) {
        if (strncmp(q, "password", 8) != 0 || (q > dsn && !isspace((unsigned char) q[-1]))) {
            continue;
        }
        const char *v = q + 8;
        while (v < end && isspace((unsigned char) *v)) {
            v++;
        }
        if (v >= end || *v != '=') {
            continue;
        }
        v++;
        while (v < end && isspace((unsigned char) *v)) {
            v++;
        }
        const char *s = v;
        if (v < end && *v == '\'') {
            s = ++v;
            while (v < end && *v != '\'') {
                v += (*v == '\\' && v + 1 < end) ? 2 : 1;
            }
        } else {
            while (v < end && !isspace((unsigned char) *v)) {
                v++;
            }
        }
        return v > s ? strndup(s, (size_t) (v - s)) : NULL;
    }
    return NULL;
}

/* Connections ------------------------------------------------------------- */

static int driver_index(const lyger_db_driver *drv)
{
    for (int i = 0; i < NDRIVERS; i++) {
        if (drivers[i] == drv) {
            return i;
        }
    }
    return 0;
}

static void conn_close(db_conn *c)
{
    if (c->handle) {
        c->drv->close(c->handle, c->pid != lyger_self_pid());
    }
    free(c->dsn);
    free(c->password);
    free(c->password_raw);
    memset(c, 0, sizeof(*c));
}

static void conn_remove(lyger_db *db, size_t i)
{
    conn_close(&db->conns[i]);
    memmove(&db->conns[i], &db->conns[i + 1], (db->nconns - i - 1) * sizeof(db_conn));
    db->nconns--;
}

static void scrub_conn(lyger_db_error *err, const db_conn *c)
{
    scrub(&err->message, c->password);
    scrub(&err->message, c->password_raw);
}

static db_conn *find_conn(lyger_db *db, const char *dsn, size_t len, size_t *index)
{
    for (size_t i = 0; i < db->nconns; i++) {
        if (db->conns[i].dsn_len == len && memcmp(db->conns[i].dsn, dsn, len) == 0) {
            *index = i;
            return &db->conns[i];
        }
    }
    return NULL;
}

/* The usable connection for dsn, or NULL with err filled. */
static db_conn *get_conn(lyger_db *db, const lyger_db_driver *drv, const char *dsn, size_t len,
                         const lyger_db_options *opts, lyger_db_error *err)
{
    size_t i;
    db_conn *c = find_conn(db, dsn, len, &i);
    if (c && c->pid != lyger_self_pid()) {
        /* Inherited across fork: the socket (or file locks) are the parent's. */
        conn_remove(db, i);
        c = NULL;
    }
    if (c) {
        int r = c->drv->revive(c->handle, &db->engine[driver_index(c->drv)], err);
        if (r < 0) {
            scrub_conn(err, c);
            conn_remove(db, i);
            return NULL;
        }
        if (r > 0 && err->message) {
            scrub_conn(err, c);
            return NULL;
        }
        return c;
    }

    db_conn fresh = {0};
    fresh.dsn = malloc(len + 1);
    if (!fresh.dsn) {
        lyger_db_set_error(err, "", "out of memory");
        return NULL;
    }
    memcpy(fresh.dsn, dsn, len);
    fresh.dsn[len] = '\0';
    fresh.dsn_len = len;
    fresh.drv = drv;
    fresh.pid = lyger_self_pid();
    fresh.password_raw = raw_password(dsn, len);
    fresh.password = drv->password ? drv->password(fresh.dsn, len) : NULL;

    fresh.handle = drv->connect(fresh.dsn, len, opts, err);
    if (!fresh.handle) {
        scrub_conn(err, &fresh);
        conn_close(&fresh);
        return NULL;
    }
    if (db->nconns == MAX_CONNECTIONS) {
        conn_remove(db, 0);
    }
    if (db->nconns == db->conns_cap) {
        size_t cap = db->conns_cap ? db->conns_cap * 2 : 4;
        db_conn *grown = realloc(db->conns, cap * sizeof(db_conn));
        if (!grown) {
            conn_close(&fresh);
            lyger_db_set_error(err, "", "out of memory");
            return NULL;
        }
        db->conns = grown;
        db->conns_cap = cap;
    }
    db->conns[db->nconns] = fresh;
    return &db->conns[db->nconns++];
}

/* Queries ---------------------------------------------------------------- */

lyger_db_result *lyger_db_exec(lyger_db *db, const char *dsn, size_t dsn_len, const lyger_db_options *opts,
                               const char *query, size_t query_len, int nparams,
                               const lyger_db_param *params, lyger_db_error *err)
{
    const lyger_db_driver *drv = route(dsn, dsn_len, err);
    if (!drv) {
        return NULL;
    }
    pid_t me = lyger_self_pid();
    if (db->owner != me) {
        /* The first statement of a forked child: every inherited connection goes before
         * the child opens any of its own (SQLite's file locks are per process, so closing
         * an inherited handle can only drop locks of the child's own, and there are none
         * yet). Each engine closes without touching what the parent still uses. */
        for (size_t i = 0; i < db->nconns;) {
            if (db->conns[i].pid != me) {
                conn_remove(db, i);
            } else {
                i++;
            }
        }
        db->owner = me;
    }
    db_conn *c = get_conn(db, drv, dsn, dsn_len, opts, err);
    if (!c) {
        return NULL;
    }
    lyger_db_engine_stats *st = &db->engine[driver_index(drv)];
    lyger_db_result *res = opts->json_out && drv->query_json
                               ? drv->query_json(c->handle, query, query_len, nparams, params, st, err, opts->json_out)
                               : drv->query(c->handle, query, query_len, nparams, params, st, err);
    if (!res) {
        scrub_conn(err, c);
    }
    return res;
}

size_t lyger_db_result_estimate(const lyger_db_result *res)
{
    return res->drv->result_estimate(res);
}

int lyger_db_result_json(lyger_jbuf *b, const lyger_db_result *res)
{
    return res->drv->result_json(b, res);
}

int64_t lyger_db_result_affected(const lyger_db_result *res)
{
    return res->drv->result_affected(res);
}

void lyger_db_result_release(lyger_db_result *res)
{
    if (res) {
        res->drv->result_free(res);
    }
}

/* Result handles ----------------------------------------------------------- */

lyger_db *lyger_db_new(void)
{
    lyger_db *db = calloc(1, sizeof(*db));
    if (db) {
        db->free_head = -1;
        db->next_gen = 1;
        db->owner = lyger_self_pid();
    }
    return db;
}

int64_t lyger_db_result_put(lyger_db *db, lyger_db_result *res, long max_results)
{
    if (max_results > LYGER_DB_MAX_RESULTS_CAP) {
        max_results = LYGER_DB_MAX_RESULTS_CAP;
    }
    if (max_results < 0 || db->open_results >= (size_t) max_results) {
        return 0;
    }
    int64_t idx;
    if (db->free_head >= 0) {
        idx = db->free_head;
        db->free_head = db->slots[idx].next_free;
    } else {
        if (db->nslots == db->slots_cap) {
            int64_t cap = db->slots_cap ? db->slots_cap * 2 : 16;
            db_slot *grown = realloc(db->slots, (size_t) cap * sizeof(db_slot));
            if (!grown) {
                return 0;
            }
            db->slots = grown;
            db->slots_cap = cap;
        }
        idx = db->nslots++;
    }
    db_slot *s = &db->slots[idx];
    s->res = res;
    s->gen = db->next_gen;
    db->next_gen = db->next_gen + 1 < HANDLE_GEN_MAX ? db->next_gen + 1 : 1;
    s->bytes = res->drv->result_bytes(res);
    s->next_free = -1;
    db->open_results++;
    db->result_bytes += s->bytes;
    return (s->gen << HANDLE_INDEX_BITS) | (idx + 1);
}

static db_slot *slot_of(lyger_db *db, int64_t handle)
{
    if (handle <= 0) {
        return NULL;
    }
    int64_t idx = (handle & HANDLE_INDEX_MASK) - 1;
    int64_t gen = handle >> HANDLE_INDEX_BITS;
    if (idx < 0 || idx >= db->nslots) {
        return NULL;
    }
    db_slot *s = &db->slots[idx];
    return (s->res && s->gen == gen) ? s : NULL;
}

lyger_db_result *lyger_db_result_get(lyger_db *db, int64_t handle)
{
    db_slot *s = slot_of(db, handle);
    return s ? s->res : NULL;
}

static void slot_release(lyger_db *db, db_slot *s)
{
    lyger_db_result_release(s->res);
    s->res = NULL;
    db->open_results--;
    db->result_bytes -= s->bytes;
    s->bytes = 0;
    s->next_free = db->free_head;
    db->free_head = s - db->slots;
}

int lyger_db_result_free(lyger_db *db, int64_t handle)
{
    db_slot *s = slot_of(db, handle);
    if (!s) {
        return 0;
    }
    slot_release(db, s);
    return 1;
}

void lyger_db_request_end(lyger_db *db)
{
    if (db->open_results) {
        for (int64_t i = 0; i < db->nslots; i++) {
            if (db->slots[i].res) {
                slot_release(db, &db->slots[i]);
            }
        }
    }
    pid_t me = lyger_self_pid();
    for (size_t i = 0; i < db->nconns;) {
        db_conn *c = &db->conns[i];
        if (c->pid != me) {
            i++; /* a parent's connection is never touched */
            continue;
        }
        if (c->drv->request_end(c->handle) == 0) {
            i++;
        } else {
            conn_remove(db, i); /* cannot be brought back to idle: start afresh next time */
        }
    }
}

void lyger_db_free(lyger_db *db)
{
    if (!db) {
        return;
    }
    for (int64_t i = 0; i < db->nslots; i++) {
        lyger_db_result_release(db->slots[i].res);
    }
    free(db->slots);
    for (size_t i = 0; i < db->nconns; i++) {
        conn_close(&db->conns[i]);
    }
    free(db->conns);
    free(db);
}

void lyger_db_get_stats(lyger_db *db, lyger_db_stats *stats)
{
    memset(stats, 0, sizeof(*stats));
    if (!db) {
        return;
    }
    pid_t me = lyger_self_pid();
    for (size_t i = 0; i < db->nconns; i++) {
        stats->connections += db->conns[i].pid == me;
    }
    stats->open_results = db->open_results;
    stats->result_bytes = db->result_bytes;
    for (int i = 0; i < NDRIVERS; i++) {
        stats->queries += db->engine[i].queries;
        stats->reconnects += db->engine[i].reconnects;
    }
}

int lyger_db_engine_info_at(lyger_db *db, int i, lyger_db_engine_info *out)
{
    if (i < 0 || i >= NDRIVERS) {
        return 0;
    }
    memset(out, 0, sizeof(*out));
    out->name = drivers[i]->name;
    out->library = drivers[i]->library;
    if (db) {
        pid_t me = lyger_self_pid();
        for (size_t c = 0; c < db->nconns; c++) {
            out->connections += db->conns[c].pid == me && db->conns[c].drv == drivers[i];
        }
        out->queries = db->engine[i].queries;
        out->reconnects = db->engine[i].reconnects;
        out->statements_cached = db->engine[i].statements_cached;
        out->results_streamed = db->engine[i].results_streamed;
    }
    return 1;
}
