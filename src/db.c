/* libpq connections and the result-handle table (see db.h). */
#include "db.h"

#include <ctype.h>
#include <fcntl.h>
#include <poll.h>
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

/* SQLSTATE for a connection that could not be made or was lost (as PDO pgsql). */
#define SQLSTATE_CONNECTION_FAILURE "08006"

typedef struct {
    char *dsn;
    size_t dsn_len;
    char *password; /* as written in the DSN and as decoded, for scrubbing messages */
    char *password_raw;
    PGconn *pg;
    pid_t pid;      /* the process that opened it: a forked child must not use it */
} db_conn;

typedef struct {
    PGresult *res;  /* NULL: free slot */
    int64_t gen;
    size_t bytes;
    int64_t next_free;
} db_slot;

struct lyger_db {
    db_conn *conns;
    size_t nconns, conns_cap;

    db_slot *slots;
    int64_t nslots, slots_cap;
    int64_t free_head; /* index of the first free slot, -1 when none */
    int64_t next_gen;
    size_t open_results, result_bytes;

    uint64_t queries, reconnects;
};

/* Errors ---------------------------------------------------------------- */

void lyger_db_error_clear(lyger_db_error *err)
{
    free(err->message);
    err->message = NULL;
    err->sqlstate[0] = '\0';
}

static void set_error(lyger_db_error *err, const char *sqlstate, const char *fmt, ...)
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

/* Message text from libpq without the trailing newline(s). */
static void set_pq_error(lyger_db_error *err, const char *sqlstate, const char *prefix, const char *text)
{
    size_t n = text ? strlen(text) : 0;
    while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' ')) {
        n--;
    }
    if (n == 0) {
        set_error(err, sqlstate, "%sunknown error", prefix);
    } else {
        set_error(err, sqlstate, "%s%.*s", prefix, (int) n, text);
    }
}

/* DSN ----------------------------------------------------------------------- */

static int has_prefix(const char *s, size_t len, const char *p)
{
    size_t n = strlen(p);
    return len >= n && memcmp(s, p, n) == 0;
}

int lyger_db_dsn_check(const char *dsn, size_t len, lyger_db_error *err)
{
    static const char forms[] = "supported forms are postgres://user:password@host:port/dbname?option=value, "
                                "postgresql://... and libpq keyword/value strings like \"host=... dbname=... user=...\"";
    if (has_prefix(dsn, len, "postgres://") || has_prefix(dsn, len, "postgresql://")) {
        return 1;
    }
    /* A scheme is letters/digits/+-. up to ':' (mysql://, sqlite:, pgsql:); a keyword
     * string has '=' before any ':'. Only the scheme name is echoed, never the rest. */
    size_t i = 0;
    while (i < len && (isalnum((unsigned char) dsn[i]) || dsn[i] == '+' || dsn[i] == '-' || dsn[i] == '.')) {
        i++;
    }
    if (i > 0 && i < len && dsn[i] == ':' && isalpha((unsigned char) dsn[0])) {
        set_error(err, "", "unsupported DSN scheme \"%.*s\": %s", (int) (i > 32 ? 32 : i), dsn, forms);
        return 0;
    }
    if (memchr(dsn, '=', len)) {
        return 1;
    }
    set_error(err, "", len == 0 ? "empty DSN: %s" : "unsupported DSN: %s", forms);
    return 0;
}

/* The password as written in a URL (user:password@), or in "password=..." of a
 * keyword string, so it can be scrubbed even when libpq cannot parse the DSN. */
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

static void conn_close(db_conn *c)
{
    if (c->pg) {
        if (c->pid == getpid()) {
            PQfinish(c->pg);
        } else {
            finish_foreign(c->pg);
        }
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

/* Notices (RAISE NOTICE, warnings, a goodbye FATAL read while idle) are not errors:
 * libpq's default prints them to stderr, which would end up in the page. */
static void ignore_notice(void *arg, const char *message)
{
    (void) arg;
    (void) message;
}

/* Opens a connection: the DSN expanded by libpq, client_encoding forced to UTF8,
 * connect_timeout added when the DSN has none. */
static PGconn *open_pg(const char *dsn, const db_conn *c, long default_timeout, lyger_db_error *err)
{
    char *perr = NULL;
    PQconninfoOption *opts = PQconninfoParse(dsn, &perr);
    if (!opts) {
        set_pq_error(err, SQLSTATE_CONNECTION_FAILURE, "could not connect to PostgreSQL: ", perr ? perr : "out of memory");
        PQfreemem(perr);
        scrub_conn(err, c);
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
        set_pq_error(err, SQLSTATE_CONNECTION_FAILURE, "could not connect to PostgreSQL: ",
                     pg ? PQerrorMessage(pg) : "out of memory");
        scrub_conn(err, c);
        PQfinish(pg);
        return NULL;
    }
    PQsetNoticeProcessor(pg, ignore_notice, NULL);
    return pg;
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
static db_conn *get_conn(lyger_db *db, const char *dsn, size_t len, long default_timeout, lyger_db_error *err)
{
    size_t i;
    db_conn *c = find_conn(db, dsn, len, &i);
    if (c && c->pid != getpid()) {
        /* Inherited across fork: the socket is the parent's. */
        conn_remove(db, i);
        c = NULL;
    }
    if (c) {
        /* as of the last ReadyForQuery: a dead connection reports UNKNOWN */
        PGTransactionStatusType was = PQtransactionStatus(c->pg);
        if (idle_conn_is_dead(c->pg)) {
            db->reconnects++;
            PQreset(c->pg);
            if (PQstatus(c->pg) != CONNECTION_OK) {
                set_pq_error(err, SQLSTATE_CONNECTION_FAILURE, "could not connect to PostgreSQL: ",
                             PQerrorMessage(c->pg));
                scrub_conn(err, c);
                conn_remove(db, i);
                return NULL;
            }
            if (was == PQTRANS_INTRANS || was == PQTRANS_INERROR) {
                /* Going on would run the rest of the caller's transaction in autocommit
                 * on the new session: say so instead (the next call works normally). */
                set_error(err, SQLSTATE_CONNECTION_FAILURE, "connection to PostgreSQL lost inside a transaction "
                          "(the server rolled it back); reconnected for the next statement");
                return NULL;
            }
        }
        return c;
    }

    db_conn fresh = {0};
    fresh.dsn = malloc(len + 1);
    if (!fresh.dsn) {
        set_error(err, "", "out of memory");
        return NULL;
    }
    memcpy(fresh.dsn, dsn, len);
    fresh.dsn[len] = '\0';
    fresh.dsn_len = len;
    fresh.pid = getpid();
    fresh.password_raw = raw_password(dsn, len);
    PQconninfoOption *opts = PQconninfoParse(fresh.dsn, NULL);
    for (PQconninfoOption *o = opts; o && o->keyword; o++) {
        if (strcmp(o->keyword, "password") == 0 && o->val && o->val[0]) {
            fresh.password = strdup(o->val);
        }
    }
    PQconninfoFree(opts);

    fresh.pg = open_pg(fresh.dsn, &fresh, default_timeout, err);
    if (!fresh.pg) {
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
            set_error(err, "", "out of memory");
            return NULL;
        }
        db->conns = grown;
        db->conns_cap = cap;
    }
    db->conns[db->nconns] = fresh;
    return &db->conns[db->nconns++];
}

/* Queries ---------------------------------------------------------------- */

/* After a COPY started by the query: end it and drain, leaving the connection idle. */
static void abandon_copy(PGconn *pg, ExecStatusType st)
{
    if (st == PGRES_COPY_IN) {
        PQputCopyEnd(pg, "COPY is not supported by lyger");
    } else if (st == PGRES_COPY_OUT) {
        char *buf;
        while (PQgetCopyData(pg, &buf, 0) > 0) {
            PQfreemem(buf);
        }
    } else {
        PQreset(pg);
        return;
    }
    PGresult *r;
    while ((r = PQgetResult(pg))) {
        PQclear(r);
    }
}

PGresult *lyger_db_exec(lyger_db *db, const char *dsn, size_t dsn_len, long default_timeout,
                        const char *query, int nparams, const char *const *values,
                        lyger_db_error *err)
{
    if (!lyger_db_dsn_check(dsn, dsn_len, err)) {
        return NULL;
    }
    db_conn *c = get_conn(db, dsn, dsn_len, default_timeout, err);
    if (!c) {
        return NULL;
    }
    db->queries++;
    PGresult *res = PQexecParams(c->pg, query, nparams, NULL, values, NULL, NULL, 0);
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    switch (st) {
        case PGRES_TUPLES_OK:
        case PGRES_COMMAND_OK:
        case PGRES_EMPTY_QUERY:
            return res;
        case PGRES_COPY_IN:
        case PGRES_COPY_OUT:
        case PGRES_COPY_BOTH:
            PQclear(res);
            abandon_copy(c->pg, st);
            set_error(err, "0A000", "COPY is not supported; use INSERT/SELECT or a client that streams COPY");
            return NULL;
        default:
            break;
    }
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (PQstatus(c->pg) != CONNECTION_OK) {
        /* Lost while the query was in flight: not retried (it may have run). */
        set_pq_error(err, state ? state : SQLSTATE_CONNECTION_FAILURE, "connection to PostgreSQL lost: ",
                     res ? PQresultErrorMessage(res) : PQerrorMessage(c->pg));
    } else if (primary) {
        const char *detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
        if (detail) {
            set_error(err, state, "%s (DETAIL: %s)", primary, detail);
        } else {
            set_error(err, state, "%s", primary);
        }
    } else {
        set_pq_error(err, state, "", res ? PQresultErrorMessage(res) : PQerrorMessage(c->pg));
    }
    scrub_conn(err, c);
    PQclear(res);
    return NULL;
}

/* Result handles ----------------------------------------------------------- */

lyger_db *lyger_db_new(void)
{
    lyger_db *db = calloc(1, sizeof(*db));
    if (db) {
        db->free_head = -1;
        db->next_gen = 1;
    }
    return db;
}

int64_t lyger_db_result_put(lyger_db *db, PGresult *res, long max_results)
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
    s->bytes = PQresultMemorySize(res);
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

PGresult *lyger_db_result_get(lyger_db *db, int64_t handle)
{
    db_slot *s = slot_of(db, handle);
    return s ? s->res : NULL;
}

static void slot_release(lyger_db *db, db_slot *s)
{
    PQclear(s->res);
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
    pid_t me = getpid();
    for (size_t i = 0; i < db->nconns;) {
        db_conn *c = &db->conns[i];
        if (c->pid != me || PQstatus(c->pg) != CONNECTION_OK) {
            i++; /* a parent's socket is never touched; a broken one is reset on next use */
            continue;
        }
        PGTransactionStatusType t = PQtransactionStatus(c->pg);
        if (t == PQTRANS_IDLE) {
            i++;
            continue;
        }
        int ok = 0;
        if (t == PQTRANS_INTRANS || t == PQTRANS_INERROR) {
            PGresult *r = PQexec(c->pg, "ROLLBACK");
            ok = r && PQresultStatus(r) == PGRES_COMMAND_OK && PQtransactionStatus(c->pg) == PQTRANS_IDLE;
            PQclear(r);
        }
        if (ok) {
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
        PQclear(db->slots[i].res);
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
    pid_t me = getpid();
    for (size_t i = 0; i < db->nconns; i++) {
        stats->connections += db->conns[i].pid == me;
    }
    stats->open_results = db->open_results;
    stats->result_bytes = db->result_bytes;
    stats->queries = db->queries;
    stats->reconnects = db->reconnects;
}
