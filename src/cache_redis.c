/* The Redis tier's data connection (see cache_redis.h). Every command goes through
 * hiredis's argv interface (binary-safe, no format strings); every reply is checked
 * and freed here. A connection that failed once is dropped: the next call connects
 * again, at once the first time and then after a backoff (50 ms doubling to 1 s), so
 * a Redis that is gone costs a caller at most one connect timeout per backoff period
 * and otherwise an immediate failure. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#ifdef HAVE_LYGER_HIREDIS

#include "cache_redis.h"
#include "self_pid.h"

#include <errno.h>
#include <hiredis.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define BACKOFF_FIRST_MS 50
#define BACKOFF_MAX_MS 1000
#define CLEAR_SCAN_COUNT "1000"
#define EPOCH_NAME "epoch"
#define MARKER_NAME "n:"

/* The batch script (EVAL). KEYS[1] the counter, KEYS[2..] the items' keys; ARGV[1] the
 * markers' name before the number, then per item its value and ttl ("0": none).
 * The counter starts, when missing (never set, FLUSHDB, evicted, Redis restarted
 * empty), at Redis's clock in microseconds: far above any value it held before, so
 * the count never goes back while listeners run (a double holds it exactly: 2^53 us
 * is 285 years). The items without a ttl go in MSETs of up to 1000 (MSET, as SET,
 * drops an old expiry), the others one SET ... EX each: few calls, so the script
 * costs little more than a MULTI/EXEC. The marker is set and deleted at once: it only
 * has to be announced (after the keys: see the header), and nothing of it stays in
 * Redis. The reply: the counter's new value, and 1 when this batch started the
 * counter (0 else). The fallback
 * (php/Internal/CacheRedis.php) sends the same text. */
static const char BATCH_SCRIPT[] =
    "local n, fresh = redis.call('INCR', KEYS[1]), 0\n"
    "if n == 1 then\n"
    "  fresh = 1\n"
    "  local t = redis.call('TIME')\n"
    "  n = t[1] * 1000000 + t[2]\n"
    "  redis.call('SET', KEYS[1], string.format('%d', n))\n"
    "end\n"
    "local plain = {}\n"
    "for i = 2, #KEYS do\n"
    "  local ttl = ARGV[2 * i - 1]\n"
    "  if ttl == '0' then\n"
    "    plain[#plain + 1] = KEYS[i]\n"
    "    plain[#plain + 1] = ARGV[2 * i - 2]\n"
    "    if #plain == 2000 then redis.call('MSET', unpack(plain)); plain = {} end\n"
    "  else\n"
    "    redis.call('SET', KEYS[i], ARGV[2 * i - 2], 'EX', ttl)\n"
    "  end\n"
    "end\n"
    "if #plain > 0 then redis.call('MSET', unpack(plain)) end\n"
    "local s = string.format('%d', n)\n"
    "redis.call('SET', ARGV[1] .. s, '')\n"
    "redis.call('DEL', ARGV[1] .. s)\n"
    "return {s, fresh}\n";

size_t lyger_redis_meta_prefix(const char *prefix, size_t prefix_len, char *out)
{
    size_t n = prefix_len;
    while (n > 0 && (unsigned char) prefix[n - 1] == 0xff) n--;
    if (n == 0) return 0;
    memcpy(out, prefix, n);
    out[n - 1] = (char) ((unsigned char) out[n - 1] + 1);
    memcpy(out + n, LYGER_REDIS_META_TAG, sizeof LYGER_REDIS_META_TAG - 1);
    return n + sizeof LYGER_REDIS_META_TAG - 1;
}

struct lyger_redis {
    lyger_redis_dsn dsn;
    char *prefix;
    size_t prefix_len;
    char *meta;                 /* the meta prefix + "epoch" (the batch counter's name) */
    size_t meta_len;            /* of the meta prefix alone; 0: none */
    int connect_timeout_ms, timeout_ms;
    redisContext *ctx;          /* the connection in use: own, or borrowed */
    redisContext *own;          /* r's own while one is borrowed */
    int borrowing, borrow_failed;
    pid_t pid;                  /* the process that opened ctx */
    int ever_connected;
    int64_t retry_at_ms;        /* no connection attempt before this (monotonic) */
    int backoff_ms;
    lyger_redis_stats stats;
    char address[LYGER_REDIS_HOST_MAX + LYGER_REDIS_PATH_MAX + 16];
    char *kbuf;                 /* prefix + key of the current command */
    size_t kcap;
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct timeval ms_to_tv(int ms)
{
    if (ms < 1) ms = 1;
    struct timeval tv = {ms / 1000, (ms % 1000) * 1000};
    return tv;
}

static int command_ok(redisReply *rep, const char *what, char *err, size_t size)
{
    if (!rep) return 0;
    if (rep->type == REDIS_REPLY_ERROR) {
        snprintf(err, size, "%s: %.*s", what, (int) (rep->len > 160 ? 160 : rep->len), rep->str);
        return 0;
    }
    return 1;
}

void *lyger_redis_connect(const lyger_redis_dsn *dsn, int connect_timeout_ms, int timeout_ms, char *err, size_t size)
{
    char where[LYGER_REDIS_HOST_MAX + LYGER_REDIS_PATH_MAX + 16];
    lyger_redis_dsn_describe(dsn, where, sizeof where);
    redisContext *c = dsn->is_unix ? redisConnectUnixWithTimeout(dsn->path, ms_to_tv(connect_timeout_ms))
                                   : redisConnectWithTimeout(dsn->host, dsn->port, ms_to_tv(connect_timeout_ms));
    if (!c) {
        snprintf(err, size, "connection to %s failed: out of memory", where);
        return NULL;
    }
    if (c->err) {
        snprintf(err, size, "connection to %s failed: %s", where, c->errstr);
        redisFree(c);
        return NULL;
    }
    redisSetTimeout(c, ms_to_tv(timeout_ms));
    redisReply *rep;
    if (dsn->has_password) {
        const char *argv[3] = {"AUTH", dsn->user, dsn->password};
        size_t lens[3] = {4, strlen(dsn->user), strlen(dsn->password)};
        int off = dsn->user[0] ? 0 : 1;
        if (off) argv[1] = "AUTH", lens[1] = 4;
        rep = redisCommandArgv(c, 3 - off, argv + off, lens + off);
        char what[LYGER_REDIS_HOST_MAX + LYGER_REDIS_PATH_MAX + 64];
        snprintf(what, sizeof what, "authentication to %s failed", where);
        if (!command_ok(rep, what, err, size)) {
            if (!rep) snprintf(err, size, "authentication to %s failed: %s", where, c->errstr);
            if (rep) freeReplyObject(rep);
            redisFree(c);
            return NULL;
        }
        freeReplyObject(rep);
    }
    if (dsn->db) {
        char db[16];
        int n = snprintf(db, sizeof db, "%d", dsn->db);
        const char *argv[2] = {"SELECT", db};
        size_t lens[2] = {6, (size_t) n};
        rep = redisCommandArgv(c, 2, argv, lens);
        char what[LYGER_REDIS_HOST_MAX + LYGER_REDIS_PATH_MAX + 64];
        snprintf(what, sizeof what, "SELECT %d on %s failed", dsn->db, where);
        if (!command_ok(rep, what, err, size)) {
            if (!rep) snprintf(err, size, "%s: %s", what, c->errstr);
            if (rep) freeReplyObject(rep);
            redisFree(c);
            return NULL;
        }
        freeReplyObject(rep);
    }
    return c;
}

lyger_redis *lyger_redis_create(const lyger_redis_dsn *dsn, const char *prefix, size_t prefix_len,
                                int connect_timeout_ms, int timeout_ms)
{
    lyger_redis *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->prefix = malloc(prefix_len + 1);
    if (!r->prefix) {
        free(r);
        return NULL;
    }
    memcpy(r->prefix, prefix, prefix_len);
    r->prefix[prefix_len] = '\0';
    r->prefix_len = prefix_len;
    r->meta = malloc(prefix_len + LYGER_REDIS_META_EXTRA + sizeof EPOCH_NAME);
    if (!r->meta) {
        free(r->prefix);
        free(r);
        return NULL;
    }
    r->meta_len = lyger_redis_meta_prefix(prefix, prefix_len, r->meta);
    memcpy(r->meta + r->meta_len, EPOCH_NAME, sizeof EPOCH_NAME);
    r->dsn = *dsn;
    r->connect_timeout_ms = connect_timeout_ms;
    r->timeout_ms = timeout_ms;
    r->backoff_ms = BACKOFF_FIRST_MS;
    lyger_redis_dsn_describe(dsn, r->address, sizeof r->address);
    return r;
}

static void drop(lyger_redis *r)
{
    if (r->borrowing) {
        r->ctx = NULL; /* not ours to free */
        if (!r->borrow_failed) r->borrow_failed = 1;
        return;
    }
    if (r->ctx) {
        redisFree(r->ctx); /* closes the descriptor; sends nothing */
        r->ctx = NULL;
    }
    r->stats.connected = 0;
}

void lyger_redis_destroy(lyger_redis *r)
{
    if (!r) return;
    if (r->pid == lyger_self_pid()) drop(r);
    else if (r->ctx) {
        /* inherited: close our copy of the descriptor only */
        redisFree(r->ctx);
    }
    lyger_redis_dsn_wipe(&r->dsn);
    free(r->prefix);
    free(r->meta);
    free(r->kbuf);
    free(r);
}

static lyger_redis_status failed(lyger_redis *r, const char *fmt, const char *detail)
{
    r->stats.errors++;
    snprintf(r->stats.last_error, sizeof r->stats.last_error, fmt, r->address, detail);
    return LYGER_REDIS_DOWN;
}

/* A usable connection, or DOWN. */
static lyger_redis_status ensure(lyger_redis *r)
{
    if (r->borrowing) return r->ctx ? LYGER_REDIS_OK : LYGER_REDIS_DOWN;
    pid_t pid = lyger_self_pid();
    if (r->ctx && r->pid != pid) {
        drop(r); /* the parent's socket: never speak on it */
        r->retry_at_ms = 0;
    }
    if (r->ctx) return LYGER_REDIS_OK;
    int64_t now = now_ms();
    if (now < r->retry_at_ms) {
        r->stats.errors++;
        return LYGER_REDIS_DOWN;
    }
    char err[sizeof r->stats.last_error];
    r->ctx = lyger_redis_connect(&r->dsn, r->connect_timeout_ms, r->timeout_ms, err, sizeof err);
    if (!r->ctx) {
        r->stats.errors++;
        memcpy(r->stats.last_error, err, sizeof err);
        r->retry_at_ms = now_ms() + r->backoff_ms;
        r->backoff_ms = r->backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : r->backoff_ms * 2;
        return LYGER_REDIS_DOWN;
    }
    r->pid = pid;
    if (r->ever_connected) r->stats.reconnects++;
    r->ever_connected = 1;
    r->stats.connected = 1;
    r->backoff_ms = BACKOFF_FIRST_MS;
    r->retry_at_ms = 0;
    return LYGER_REDIS_OK;
}

/* The connection broke (timeout, reset, protocol error): forget it. */
static lyger_redis_status lost(lyger_redis *r)
{
    const char *why = r->ctx && r->ctx->errstr[0] ? r->ctx->errstr : "connection lost";
    int timed_out = r->ctx && r->ctx->err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK);
    if (timed_out) why = "operation timed out";
    if (r->borrowing && !timed_out) r->borrow_failed = 2;
    char detail[128];
    snprintf(detail, sizeof detail, "%s", why);
    drop(r);
    return failed(r, "%s: %s", detail);
}

static lyger_redis_status refused(lyger_redis *r, redisReply *rep, const char *what)
{
    r->stats.errors++;
    if (rep && rep->type == REDIS_REPLY_ERROR) {
        snprintf(r->stats.last_error, sizeof r->stats.last_error, "%s on %s: %.*s", what, r->address,
                 (int) (rep->len > 160 ? 160 : rep->len), rep->str);
    } else {
        snprintf(r->stats.last_error, sizeof r->stats.last_error, "%s on %s: unexpected reply", what, r->address);
    }
    if (rep) freeReplyObject(rep);
    return LYGER_REDIS_REFUSED;
}

/* prefix + key in r->kbuf; NULL when out of memory. */
static const char *full_key(lyger_redis *r, const char *key, size_t key_len, size_t *len)
{
    size_t n = r->prefix_len + key_len;
    if (n < key_len) return NULL;
    if (n > r->kcap) {
        size_t cap = n < 64 ? 64 : n;
        char *b = realloc(r->kbuf, cap);
        if (!b) return NULL;
        r->kbuf = b;
        r->kcap = cap;
        memcpy(r->kbuf, r->prefix, r->prefix_len);
    }
    memcpy(r->kbuf + r->prefix_len, key, key_len);
    *len = n;
    return r->kbuf;
}

lyger_redis_status lyger_redis_set(lyger_redis *r, const char *key, size_t key_len, const char *value,
                                   size_t value_len, int64_t ttl)
{
    lyger_redis_status st = ensure(r);
    if (st != LYGER_REDIS_OK) return st;
    const char *argv[5];
    size_t lens[5];
    char ttl_text[24];
    argv[0] = "SET", lens[0] = 3;
    if (!(argv[1] = full_key(r, key, key_len, &lens[1]))) return LYGER_REDIS_NOMEM;
    argv[2] = value, lens[2] = value_len;
    int argc = 3;
    if (ttl > 0) {
        argv[3] = "EX", lens[3] = 2;
        argv[4] = ttl_text, lens[4] = (size_t) snprintf(ttl_text, sizeof ttl_text, "%lld", (long long) ttl);
        argc = 5;
    }
    redisReply *rep = redisCommandArgv(r->ctx, argc, argv, lens);
    if (!rep) return lost(r);
    if (rep->type != REDIS_REPLY_STATUS) return refused(r, rep, "SET");
    freeReplyObject(rep);
    return LYGER_REDIS_OK;
}

/* One command on one key with an integer reply. */
static lyger_redis_status key_command(lyger_redis *r, const char *cmd, const char *key, size_t key_len,
                                      long long *result)
{
    lyger_redis_status st = ensure(r);
    if (st != LYGER_REDIS_OK) return st;
    const char *argv[2] = {cmd, NULL};
    size_t lens[2] = {strlen(cmd), 0};
    if (!(argv[1] = full_key(r, key, key_len, &lens[1]))) return LYGER_REDIS_NOMEM;
    redisReply *rep = redisCommandArgv(r->ctx, 2, argv, lens);
    if (!rep) return lost(r);
    if (rep->type != REDIS_REPLY_INTEGER) return refused(r, rep, cmd);
    *result = rep->integer;
    freeReplyObject(rep);
    return LYGER_REDIS_OK;
}

lyger_redis_status lyger_redis_delete(lyger_redis *r, const char *key, size_t key_len, int *deleted)
{
    long long n = 0;
    lyger_redis_status st = key_command(r, "UNLINK", key, key_len, &n);
    *deleted = n > 0;
    return st;
}

lyger_redis_status lyger_redis_exists(lyger_redis *r, const char *key, size_t key_len, int *exists)
{
    long long n = 0;
    lyger_redis_status st = key_command(r, "EXISTS", key, key_len, &n);
    *exists = n > 0;
    return st;
}

/* A decimal counter as Redis holds it; 0 when absent or not one. */
static uint64_t counter_value(const redisReply *rep)
{
    if (rep->type != REDIS_REPLY_STRING || rep->len == 0 || rep->len > 19) return 0;
    uint64_t n = 0;
    for (size_t i = 0; i < rep->len; i++) {
        if (rep->str[i] < '0' || rep->str[i] > '9') return 0;
        n = n * 10 + (uint64_t) (rep->str[i] - '0');
    }
    return n;
}

lyger_redis_status lyger_redis_get(lyger_redis *r, const char *key, size_t key_len, lyger_redis_value *out)
{
    memset(out, 0, sizeof *out);
    out->ttl_ms = -1;
    lyger_redis_status st = ensure(r);
    if (st != LYGER_REDIS_OK) return st;
    const char *argv[3] = {"GET", NULL, r->meta};
    size_t lens[3] = {3, 0, r->meta_len + sizeof EPOCH_NAME - 1};
    if (!(argv[1] = full_key(r, key, key_len, &lens[1]))) return LYGER_REDIS_NOMEM;
    /* the value, then (with a meta prefix) the batch counter in the same command, and
     * PTTL in the same round trip: the near cache must not keep a copy longer than
     * Redis keeps the key. The counter read after the value is at least the batch
     * that wrote it (the batch script raises it with its SETs). */
    int mget = r->meta_len > 0;
    if (mget) argv[0] = "MGET", lens[0] = 4;
    if (redisAppendCommandArgv(r->ctx, mget ? 3 : 2, argv, lens) != REDIS_OK) return lost(r);
    argv[0] = "PTTL", lens[0] = 4;
    if (redisAppendCommandArgv(r->ctx, 2, argv, lens) != REDIS_OK) return lost(r);
    redisReply *reply = NULL, *ttl = NULL;
    if (redisGetReply(r->ctx, (void **) &reply) != REDIS_OK) return lost(r);
    if (redisGetReply(r->ctx, (void **) &ttl) != REDIS_OK) {
        freeReplyObject(reply);
        return lost(r);
    }
    redisReply *value = reply;
    if (mget) {
        if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 2) {
            freeReplyObject(ttl);
            return refused(r, reply, "MGET");
        }
        value = reply->element[0];
        out->batch = counter_value(reply->element[1]);
    }
    if (value->type == REDIS_REPLY_NIL) {
        freeReplyObject(reply);
        freeReplyObject(ttl);
        return LYGER_REDIS_OK;
    }
    if (value->type != REDIS_REPLY_STRING) {
        freeReplyObject(ttl);
        return refused(r, reply, "GET");
    }
    out->found = 1;
    out->data = value->str;
    out->len = value->len;
    out->reply_ = reply;
    /* -1: no expiry; -2: gone between the two commands (treat as expiring now) */
    out->ttl_ms = ttl->type == REDIS_REPLY_INTEGER ? (ttl->integer == -2 ? 0 : ttl->integer) : 0;
    freeReplyObject(ttl);
    return LYGER_REDIS_OK;
}

void lyger_redis_value_free(lyger_redis_value *v)
{
    if (v->reply_) freeReplyObject(v->reply_);
    memset(v, 0, sizeof *v);
}

/* The prefix as a SCAN pattern: glob characters escaped, then '*'. */
static char *match_pattern(const lyger_redis *r, size_t *len)
{
    char *p = malloc(r->prefix_len * 2 + 2);
    if (!p) return NULL;
    size_t n = 0;
    for (size_t i = 0; i < r->prefix_len; i++) {
        char c = r->prefix[i];
        if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') p[n++] = '\\';
        p[n++] = c;
    }
    p[n++] = '*';
    p[n] = '\0';
    *len = n;
    return p;
}

static lyger_redis_status unlink_keys(lyger_redis *r, redisReply *keys)
{
    size_t n = keys->elements;
    if (n == 0) return LYGER_REDIS_OK;
    const char **argv = malloc((n + 1) * sizeof *argv);
    size_t *lens = malloc((n + 1) * sizeof *lens);
    if (!argv || !lens) {
        free(argv);
        free(lens);
        return LYGER_REDIS_NOMEM;
    }
    argv[0] = "UNLINK", lens[0] = 6;
    for (size_t i = 0; i < n; i++) {
        argv[i + 1] = keys->element[i]->str;
        lens[i + 1] = keys->element[i]->len;
    }
    redisReply *rep = redisCommandArgv(r->ctx, (int) n + 1, argv, lens);
    free(argv);
    free(lens);
    if (!rep) return lost(r);
    if (rep->type != REDIS_REPLY_INTEGER) return refused(r, rep, "UNLINK");
    freeReplyObject(rep);
    return LYGER_REDIS_OK;
}

/* Walks the keys under the prefix: unlinks them (clear) or counts them. */
static lyger_redis_status scan_prefix(lyger_redis *r, int unlink, size_t *count)
{
    lyger_redis_status st = ensure(r);
    if (st != LYGER_REDIS_OK) return st;
    size_t plen;
    char *pattern = match_pattern(r, &plen);
    if (!pattern) return LYGER_REDIS_NOMEM;
    char cursor[32] = "0";
    do {
        const char *argv[6] = {"SCAN", cursor, "MATCH", pattern, "COUNT", CLEAR_SCAN_COUNT};
        size_t lens[6] = {4, strlen(cursor), 5, plen, 5, strlen(CLEAR_SCAN_COUNT)};
        redisReply *rep = redisCommandArgv(r->ctx, 6, argv, lens);
        if (!rep) {
            free(pattern);
            return lost(r);
        }
        if (rep->type != REDIS_REPLY_ARRAY || rep->elements != 2 || rep->element[0]->type != REDIS_REPLY_STRING
            || rep->element[1]->type != REDIS_REPLY_ARRAY || rep->element[0]->len >= sizeof cursor) {
            free(pattern);
            return refused(r, rep, "SCAN");
        }
        memcpy(cursor, rep->element[0]->str, rep->element[0]->len);
        cursor[rep->element[0]->len] = '\0';
        *count += rep->element[1]->elements;
        st = unlink ? unlink_keys(r, rep->element[1]) : LYGER_REDIS_OK;
        freeReplyObject(rep);
        if (st != LYGER_REDIS_OK) break;
    } while (strcmp(cursor, "0") != 0);
    free(pattern);
    return st;
}

lyger_redis_status lyger_redis_clear(lyger_redis *r)
{
    size_t n = 0;
    return scan_prefix(r, 1, &n);
}

lyger_redis_status lyger_redis_count(lyger_redis *r, size_t *count)
{
    *count = 0;
    return scan_prefix(r, 0, count);
}

/* Appends SET for one item (the key copied: the buffer is reused for the next). */
static int append_set(lyger_redis *r, const lyger_redis_item *it)
{
    const char *argv[5];
    size_t lens[5];
    char ttl_text[24];
    argv[0] = "SET", lens[0] = 3;
    if (!(argv[1] = full_key(r, it->key, it->key_len, &lens[1]))) return -1;
    argv[2] = it->value, lens[2] = it->value_len;
    int argc = 3;
    if (it->ttl > 0) {
        argv[3] = "EX", lens[3] = 2;
        argv[4] = ttl_text, lens[4] = (size_t) snprintf(ttl_text, sizeof ttl_text, "%lld", (long long) it->ttl);
        argc = 5;
    }
    return redisAppendCommandArgv(r->ctx, argc, argv, lens) == REDIS_OK ? 0 : -2;
}

/* The batch as one EVAL of BATCH_SCRIPT (with a meta prefix). Every argument must
 * live until the command is written: the prefixed keys and the ttls go in one buffer. */
static lyger_redis_status batch_script(lyger_redis *r, const lyger_redis_item *items, size_t n, uint64_t *batch,
                                       int *fresh)
{
    size_t argc = 3 * n + 5, bytes = r->meta_len + sizeof MARKER_NAME + 24;
    for (size_t i = 0; i < n; i++) bytes += r->prefix_len + items[i].key_len + 24;
    if (argc > INT_MAX || n > SIZE_MAX / 4 / sizeof(size_t)) return LYGER_REDIS_NOMEM;
    const char **argv = malloc(argc * sizeof *argv);
    size_t *lens = malloc(argc * sizeof *lens);
    char *buf = malloc(bytes), *at = buf;
    if (!argv || !lens || !buf) {
        free(argv);
        free(lens);
        free(buf);
        return LYGER_REDIS_NOMEM;
    }
    char numkeys[24];
    argv[0] = "EVAL", lens[0] = 4;
    argv[1] = BATCH_SCRIPT, lens[1] = sizeof BATCH_SCRIPT - 1;
    argv[2] = numkeys, lens[2] = (size_t) snprintf(numkeys, sizeof numkeys, "%zu", n + 1);
    argv[3] = r->meta, lens[3] = r->meta_len + sizeof EPOCH_NAME - 1;
    size_t k = 4, a = 4 + n;
    argv[a] = at, lens[a++] = r->meta_len + sizeof MARKER_NAME - 1;
    memcpy(at, r->meta, r->meta_len);
    memcpy(at + r->meta_len, MARKER_NAME, sizeof MARKER_NAME - 1);
    at += r->meta_len + sizeof MARKER_NAME - 1;
    for (size_t i = 0; i < n; i++) {
        argv[k] = at, lens[k++] = r->prefix_len + items[i].key_len;
        memcpy(at, r->prefix, r->prefix_len);
        memcpy(at + r->prefix_len, items[i].key, items[i].key_len);
        at += r->prefix_len + items[i].key_len;
        argv[a] = items[i].value, lens[a++] = items[i].value_len;
        int len = snprintf(at, 24, "%lld", (long long) (items[i].ttl > 0 ? items[i].ttl : 0));
        argv[a] = at, lens[a++] = (size_t) len;
        at += len;
    }
    redisReply *rep = redisCommandArgv(r->ctx, (int) argc, argv, lens);
    free(argv);
    free(lens);
    free(buf);
    if (!rep) return lost(r);
    if (rep->type != REDIS_REPLY_ARRAY || rep->elements != 2 || rep->element[1]->type != REDIS_REPLY_INTEGER) {
        return refused(r, rep, "EVAL (batch)");
    }
    *batch = counter_value(rep->element[0]);
    *fresh = rep->element[1]->integer == 1;
    freeReplyObject(rep);
    return LYGER_REDIS_OK;
}

lyger_redis_status lyger_redis_batch(lyger_redis *r, const lyger_redis_item *items, size_t n, uint64_t *batch,
                                     int *fresh)
{
    *batch = 0;
    *fresh = 0;
    lyger_redis_status st = ensure(r);
    if (st != LYGER_REDIS_OK) return st;
    if (n == 0) return LYGER_REDIS_OK;
    if (r->meta_len) return batch_script(r, items, n, batch, fresh);
    /* MULTI, every SET, EXEC written in one go; then every reply read, so the
     * connection stays in step whatever happens */
    if (redisAppendCommand(r->ctx, "MULTI") != REDIS_OK) return lost(r);
    for (size_t i = 0; i < n; i++) {
        int rc = append_set(r, &items[i]);
        if (rc == -1) {
            drop(r); /* a half-written transaction: never send EXEC for it */
            return LYGER_REDIS_NOMEM;
        }
        if (rc < 0) return lost(r);
    }
    if (redisAppendCommand(r->ctx, "EXEC") != REDIS_OK) return lost(r);
    redisReply *bad = NULL;
    for (size_t i = 0; i < n + 2; i++) {
        redisReply *rep;
        if (redisGetReply(r->ctx, (void **) &rep) != REDIS_OK) {
            if (bad) freeReplyObject(bad);
            return lost(r);
        }
        int last = i == n + 1;
        int ok = last ? rep->type == REDIS_REPLY_ARRAY && rep->elements == n : rep->type == REDIS_REPLY_STATUS;
        if (!ok && !bad) {
            bad = rep;
        } else {
            freeReplyObject(rep);
        }
    }
    if (bad) return refused(r, bad, "MULTI/EXEC");
    return LYGER_REDIS_OK;
}

void lyger_redis_borrow(lyger_redis *r, void *c)
{
    r->own = r->ctx;
    r->ctx = c;
    r->borrowing = 1;
    r->borrow_failed = 0;
}

int lyger_redis_unborrow(lyger_redis *r)
{
    r->ctx = r->own;
    r->own = NULL;
    r->borrowing = 0;
    return r->borrow_failed;
}

void lyger_redis_get_stats(const lyger_redis *r, lyger_redis_stats *out)
{
    *out = r->stats;
    if (r->pid != lyger_self_pid()) out->connected = 0;
}

const lyger_redis_dsn *lyger_redis_get_dsn(const lyger_redis *r)
{
    return &r->dsn;
}

const char *lyger_redis_prefix(const lyger_redis *r, size_t *len)
{
    *len = r->prefix_len;
    return r->prefix;
}

const char *lyger_redis_address(const lyger_redis *r)
{
    return r->address;
}

#endif /* HAVE_LYGER_HIREDIS */
