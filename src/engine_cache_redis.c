/* The Redis tier behind the cache methods (see engine_cache_redis.h and the README's
 * "Cache across hosts"). The state lives in the module globals; the data connection
 * (src/cache_redis.c) and the listener thread (src/cache_redis_listen.c) are made on
 * first use in each process, so a php-fpm child or a server worker connects after
 * the fork, never before.
 *
 * The one rule of the near cache: it answers only while the listener is live, after
 * the invalidations received so far are applied; a value read from Redis is kept
 * only when no invalidation arrived between sending the GET and keeping it (the
 * listener's epoch did not move), so a change that raced the read is never hidden.
 *
 * Batches across hosts: a batch raises Redis's batch counter with its SETs and ends
 * with a marker the listener hears after the batch's keys (cache_redis.h). A get that
 * reads a value from Redis also reads the counter, n; when this process has not yet
 * applied every batch up to n (b->applied), the near cache may still hold a key of the
 * value's batch as it was before it, so the get first waits for its listener to catch
 * up (at most the operation timeout), else flushes the near cache; only then does it
 * return the value or keep it. So once a host returned any value of batch n, none of
 * its later gets returns a value older than batch n for a key of that batch.
 *
 * A process's own batches go out on the tracking connection (NOLOOP), so its listener
 * hears neither their keys nor their markers: the process forgets the keys itself and
 * notes the batch's number (b->own), and a number it noted counts as applied once
 * every number below it is (absorb()). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "engine_cache_redis.h"

#include "zend_exceptions.h"

#include "cache_store.h"
#include "cache_shm.h"
#include "cache_batch.h"
#include "cache_redis_dsn.h"

#ifdef HAVE_LYGER_HIREDIS
#include "cache_redis.h"
#include "cache_redis_conn.h"

#include <stdatomic.h>
#include <sys/mman.h>
#include <time.h>

#define ABANDONED_MAX 8
#define OWN_MAX 64

typedef struct lyger_cache_redis_binding {
    lyger_cache_redis_gate gate;  /* first: engine_cache_redis.h reads it inline */
    int invalid;                  /* the DSN did not parse: every call throws */
    char error[256];
    lyger_redis *conn;
    lyger_redis_listener *listener;
    uint64_t applied;             /* every batch up to this is applied to the near cache */
    uint64_t own[OWN_MAX];        /* this process's own batches above applied, ascending */
    unsigned own_n;
    uint64_t batch_waits;         /* gets that waited for a batch's marker (catch_up) */
    uint64_t batch_flushes;       /* ... and flushed the near cache instead */
} binding;

/* Listeners a fork left behind (their thread is in the parent): never touched
 * again, kept reachable so that leak checkers of a child do not report them. */
static lyger_redis_listener *abandoned[ABANDONED_MAX];

static int ms_setting(zend_long v, int fallback)
{
    return v > 0 && v < 600000 ? (int) v : fallback;
}

static zend_never_inline binding *create(void)
{
    binding *b = pecalloc(1, sizeof *b, 1);
    LYGER_G(cache_redis) = b;
    const char *dsn_text = LYGER_G(cache_redis_dsn);
    lyger_redis_dsn dsn;
    if (lyger_redis_dsn_parse(dsn_text, strlen(dsn_text), &dsn, b->error, sizeof b->error) < 0) {
        b->invalid = 1;
        return b;
    }
    const char *prefix = LYGER_G(cache_redis_prefix) ? LYGER_G(cache_redis_prefix) : "";
    b->conn = lyger_redis_create(&dsn, prefix, strlen(prefix), ms_setting(LYGER_G(cache_redis_connect_timeout), 100),
                                 ms_setting(LYGER_G(cache_redis_timeout), 50));
    lyger_redis_dsn_wipe(&dsn);
    if (!b->conn) {
        b->invalid = 1;
        snprintf(b->error, sizeof b->error, "out of memory");
    }
    return b;
}

/* The binding, or NULL with an exception thrown (bad DSN). */
static zend_always_inline binding *get_binding(const char *method)
{
    binding *b = LYGER_G(cache_redis);
    if (UNEXPECTED(!b)) b = create();
    if (UNEXPECTED(b->invalid)) {
        zend_throw_exception_ex(lyger_ce_engine_exception, 0, "%s(): lyger.cache_redis is invalid: %s", method,
                                b->error);
        return NULL;
    }
    return b;
}

/* The host-wide count of changes made to the near cache by invalidations and by
 * this tier's own writes, in a page shared by every process forked after MINIT
 * (private when it cannot be mapped). A get fills the near cache only when the count
 * did not move while it read from Redis: with one listener per process, another
 * process may have applied an invalidation of this very key in between. */
static _Atomic uint64_t private_generation;
static _Atomic uint64_t *host_generation = &private_generation;

static void bump_generation(void)
{
    atomic_fetch_add(host_generation, 1);
}

typedef struct {
    lyger_cache *near;
    int applied;
    int flushed;
} drain_ctx;

static void near_drop(const char *key, size_t len, void *ctx)
{
    drain_ctx *d = ctx;
    lyger_cache_delete(d->near, key, len);
    d->applied = 1;
}

static void near_flush(void *ctx)
{
    drain_ctx *d = ctx;
    lyger_cache_clear(d->near);
    d->applied = 1;
    d->flushed = 1;
}

/* Own batches at or below applied are done with; one just above it is applied too. */
static void absorb(binding *b)
{
    unsigned i = 0;
    for (; i < b->own_n && b->own[i] <= b->applied + 1; i++) {
        if (b->own[i] == b->applied + 1) b->applied++;
    }
    memmove(b->own, b->own + i, (b->own_n - i) * sizeof *b->own);
    b->own_n -= i;
}

/* After an own batch whose keys this process forgot itself. */
static void note_own(binding *b, uint64_t n)
{
    if (n <= b->applied) return;
    if (b->own_n == OWN_MAX) {
        memmove(b->own, b->own + 1, (OWN_MAX - 1) * sizeof *b->own);
        b->own_n--;
    }
    b->own[b->own_n++] = n;
    absorb(b);
}

/* Applies what the listener queued to the near cache, under its lock; the batch mark
 * it hands over raises b->applied (a flush, as after a reconnect, sets it, maybe lower:
 * the own batches noted before then are forgotten). 0: an exception was thrown. */
static zend_never_inline int apply_queued(binding *b, lyger_redis_listener *l)
{
    drain_ctx d = {lyger_cache_binding_acquire(), 0, 0};
    if (!d.near) return 0;
    uint64_t mark = 0;
    b->gate.seen = lyger_redis_listener_drain(l, near_drop, near_flush, &d, &mark);
    if (d.applied) bump_generation();
    if (d.flushed) {
        b->applied = mark;
        b->own_n = 0;
    } else if (mark > b->applied) {
        /* the listener's mark may lag behind the own batches already counted (their
         * echo is still on its way): it never takes applied back without a flush */
        b->applied = mark;
    }
    absorb(b);
    return lyger_cache_binding_release(d.near);
}

/* The listener of this process, started on first use (after any fork). Until it is
 * live the near cache is not used; going live flushes it (what was invalidated
 * before cannot be known). */
static zend_never_inline lyger_redis_listener *start_listener(binding *b)
{
    if (b->listener) {
        /* a parent's, inherited by fork: its thread is not here */
        for (int i = 0; i < ABANDONED_MAX; i++) {
            if (!abandoned[i]) {
                abandoned[i] = b->listener;
                break;
            }
        }
        b->listener = NULL;
        b->gate.epoch = NULL;
    }
    size_t plen;
    const char *prefix = lyger_redis_prefix(b->conn, &plen);
    const lyger_redis_dsn *dsn = lyger_redis_get_dsn(b->conn);
    b->listener = lyger_redis_listener_start(dsn, prefix, plen, ms_setting(LYGER_G(cache_redis_connect_timeout), 100),
                                             ms_setting(LYGER_G(cache_redis_timeout), 50));
    b->gate.seen = 0;
    b->applied = 0;
    b->own_n = 0;
    if (b->listener) {
        b->gate.epoch = lyger_redis_listener_epoch_word(b->listener);
        b->gate.live = lyger_redis_listener_live_word(b->listener);
        b->gate.owner = lyger_self_pid();
    }
    return b->listener;
}

int lyger_cache_redis_near_usable(void)
{
    binding *b = get_binding("cacheGet");
    if (UNEXPECTED(!b)) return 0;
    lyger_redis_listener *l = b->listener;
    if (UNEXPECTED(!l || !lyger_redis_listener_owned(l))) {
        if (!(l = start_listener(b))) return 0;
    }
    if (UNEXPECTED(lyger_redis_listener_epoch(l) != b->gate.seen) && !apply_queued(b, l)) return 0;
    return lyger_redis_listener_live(l);
}

/* The near cache keeps a copy at most as long as Redis keeps the key: the store's
 * ttl t keeps an entry less than t + 1 seconds, so t is one second under the
 * whole seconds left. -1: do not keep. */
static int64_t near_ttl(int64_t ttl_ms)
{
    if (ttl_ms < 0) return 0;
    int64_t t = ttl_ms / 1000 - 1;
    return t >= 1 ? t : -1;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Flushes this user's near cache: every batch up to n is done in Redis (n was read
 * from it), and what the near cache keeps afterwards is read after the flush, so
 * they count as applied. 0: an exception was thrown. */
static int flush_to(binding *b, uint64_t n)
{
    lyger_redis_listener *l = b->listener;
    lyger_cache *near = lyger_cache_binding_acquire();
    if (!near) return 0;
    lyger_cache_clear(near);
    bump_generation();
    if (!lyger_cache_binding_release(near)) return 0;
    if (l && lyger_redis_listener_owned(l)) lyger_redis_listener_raise(l, n);
    b->applied = n;
    b->own_n = 0;
    return 1;
}

/* A value just read from Redis may be of batch n (the counter read with it), which
 * this process has not applied yet: the near cache may still hold another key of that
 * batch as it was before. Waits for the listener to hand over batch n's marker and
 * applies what came (Redis sends a batch's keys before its marker), at most the
 * operation timeout; when it is deaf or that time is up, flushes the near cache
 * instead (every batch up to n is then done in Redis, and what the near cache keeps
 * afterwards is read after the flush). 0: an exception was thrown. */
static zend_never_inline int catch_up(binding *b, uint64_t n)
{
    lyger_redis_listener *l = b->listener;
    b->batch_waits++;
    if (l && lyger_redis_listener_owned(l)) {
        int64_t until = now_ms() + ms_setting(LYGER_G(cache_redis_timeout), 50);
        while (lyger_redis_listener_live(l)) {
            if (lyger_redis_listener_epoch(l) != b->gate.seen && !apply_queued(b, l)) return 0;
            if (b->applied >= n) return 1;
            int64_t left = until - now_ms();
            if (left <= 0) break;
            lyger_redis_listener_wait(l, b->gate.seen, (int) left);
        }
    }
    b->batch_flushes++;
    return flush_to(b, n);
}

void lyger_cache_redis_get(zend_string *key, int may_fill, zval *return_value)
{
    if (UNEXPECTED(ZSTR_LEN(key) == 0)) {
        zend_argument_value_error(1, "must not be empty");
        return;
    }
    binding *b = get_binding("cacheGet");
    if (UNEXPECTED(!b)) return;
    lyger_redis_listener *l = b->listener;
    int fill = may_fill && l && lyger_redis_listener_owned(l) && lyger_redis_listener_live(l);
    uint64_t epoch = fill ? lyger_redis_listener_epoch(l) : 0;
    uint64_t generation = atomic_load(host_generation);
    lyger_redis_value v;
    lyger_redis_status st = lyger_redis_get(b->conn, ZSTR_VAL(key), ZSTR_LEN(key), &v);
    if (st == LYGER_REDIS_NOMEM) {
        zend_throw_exception_ex(lyger_ce_engine_exception, 0, "cacheGet(): out of memory");
        return;
    }
    if (st != LYGER_REDIS_OK || !v.found) {
        RETURN_EMPTY_STRING(); /* unavailable: a miss, never a possibly stale copy */
    }
    if (UNEXPECTED(v.batch > b->applied) && !catch_up(b, v.batch)) {
        lyger_redis_value_free(&v);
        return;
    }
    ZVAL_STRINGL_FAST(return_value, v.data, v.len);
    int64_t ttl = near_ttl(v.ttl_ms);
    if (fill && ttl >= 0 && lyger_redis_listener_live(l) && lyger_redis_listener_epoch(l) == epoch) {
        lyger_cache *near = lyger_cache_binding_acquire();
        if (near) {
            if (atomic_load(host_generation) == generation) {
                lyger_cache_set(near, ZSTR_VAL(key), ZSTR_LEN(key), v.data, v.len, ttl);
            }
            lyger_cache_binding_release(near);
        }
    }
    lyger_redis_value_free(&v);
}

/* After a write through: this host's copies of what changed go (the listener's
 * invalidation follows, but a get in between must not see the old value). */
static int near_forget(const lyger_redis_item *items, size_t n, int all)
{
    lyger_cache *near = lyger_cache_binding_acquire();
    if (!near) return 0;
    if (all) lyger_cache_clear(near);
    for (size_t i = 0; i < n; i++) lyger_cache_delete(near, items[i].key, items[i].key_len);
    bump_generation();
    return lyger_cache_binding_release(near);
}

static int near_forget_key(zend_string *key)
{
    lyger_redis_item it = {ZSTR_VAL(key), ZSTR_LEN(key), NULL, 0, 0};
    return near_forget(&it, 1, 0);
}

/* A write goes out on the listener's tracking connection T when it is up: T tracks
 * with NOLOOP, so Redis does not echo this process's own write back to its listener
 * (a message to receive, queue and drain per write); the near cache forgets the key
 * here instead. Every other listener, on this host and on others, is still told.
 * NULL: T is not up (the write goes on the data connection, and its echo comes). */
static void *lend_tracking(binding *b)
{
    lyger_redis_listener *l = b->listener;
    if (!l || !lyger_redis_listener_owned(l)) return NULL;
    void *t = lyger_redis_listener_borrow(l);
    if (t) lyger_redis_borrow(b->conn, t);
    return t;
}

/* 1 when the write is worth sending again on the data connection: T was closed or
 * reset under it (killed, Redis restarted), not timed out (a second try would double
 * the wait). SET, UNLINK and a MULTI/EXEC of SETs leave the same state when applied
 * twice; only cacheDelete's "it existed" may then read false. */
static int end_loan(binding *b, void *t)
{
    if (!t) return 0;
    int failed = lyger_redis_unborrow(b->conn);
    lyger_redis_listener_give_back(b->listener, failed != 0);
    return failed == 2;
}

static size_t ini_size(zend_long v)
{
    return v > 0 ? (size_t) v : 0;
}

void lyger_cache_redis_set(zend_string *key, zend_string *value, zend_long ttl, zval *return_value)
{
    binding *b = get_binding("cacheSet");
    if (UNEXPECTED(!b)) return;
    /* the same size rule as without Redis: what the near cache could never hold is refused */
    if (lyger_cache_entry_cost(ZSTR_LEN(key), ZSTR_LEN(value)) > ini_size(LYGER_G(cache_memory))) {
        RETURN_FALSE;
    }
    void *t = lend_tracking(b);
    lyger_redis_status st = lyger_redis_set(b->conn, ZSTR_VAL(key), ZSTR_LEN(key), ZSTR_VAL(value), ZSTR_LEN(value),
                                            (int64_t) ttl);
    if (end_loan(b, t)) {
        st = lyger_redis_set(b->conn, ZSTR_VAL(key), ZSTR_LEN(key), ZSTR_VAL(value), ZSTR_LEN(value), (int64_t) ttl);
    }
    /* whatever happened, this host's copy may be old now */
    if (!near_forget_key(key)) return;
    if (st == LYGER_REDIS_NOMEM) {
        zend_throw_exception_ex(lyger_ce_engine_exception, 0, "cacheSet(): out of memory");
        return;
    }
    RETURN_BOOL(st == LYGER_REDIS_OK);
}

void lyger_cache_redis_has(zend_string *key, zval *return_value)
{
    binding *b = get_binding("cacheHas");
    if (UNEXPECTED(!b)) return;
    int exists = 0;
    lyger_redis_exists(b->conn, ZSTR_VAL(key), ZSTR_LEN(key), &exists);
    RETURN_BOOL(exists);
}

static void throw_unavailable(binding *b, const char *method, lyger_redis_status st)
{
    if (st == LYGER_REDIS_NOMEM) {
        zend_throw_exception_ex(lyger_ce_engine_exception, 0, "%s(): out of memory", method);
        return;
    }
    lyger_redis_stats s;
    lyger_redis_get_stats(b->conn, &s);
    zend_throw_exception_ex(lyger_ce_engine_exception, 0, "%s(): Redis at %s failed: %s", method,
                            lyger_redis_address(b->conn), s.last_error[0] ? s.last_error : "unavailable");
}

void lyger_cache_redis_delete(zend_string *key, zval *return_value)
{
    binding *b = get_binding("cacheDelete");
    if (UNEXPECTED(!b)) return;
    int deleted = 0;
    void *t = lend_tracking(b);
    lyger_redis_status st = lyger_redis_delete(b->conn, ZSTR_VAL(key), ZSTR_LEN(key), &deleted);
    if (end_loan(b, t)) st = lyger_redis_delete(b->conn, ZSTR_VAL(key), ZSTR_LEN(key), &deleted);
    if (!near_forget_key(key)) return;
    if (st != LYGER_REDIS_OK) {
        throw_unavailable(b, "cacheDelete", st);
        return;
    }
    RETURN_BOOL(deleted);
}

void lyger_cache_redis_clear(void)
{
    binding *b = get_binding("cacheClear");
    if (UNEXPECTED(!b)) return;
    lyger_redis_status st = lyger_redis_clear(b->conn);
    if (!near_forget(NULL, 0, 1)) return;
    if (st != LYGER_REDIS_OK) throw_unavailable(b, "cacheClear", st);
}

void lyger_cache_redis_size(zval *return_value)
{
    binding *b = get_binding("cacheSize");
    if (UNEXPECTED(!b)) return;
    size_t n = 0;
    lyger_redis_status st = lyger_redis_count(b->conn, &n);
    if (st != LYGER_REDIS_OK) {
        throw_unavailable(b, "cacheSize", st);
        return;
    }
    RETURN_LONG((zend_long) n);
}

/* ---- batches: checked by the store's own batch parser into a scratch store (same
 * rules and messages as without Redis), whose entries then go out as one MULTI/EXEC */

static int64_t zero_clock(void *ctx)
{
    (void) ctx;
    return 0;
}

typedef struct {
    lyger_redis_item *items;
    size_t n;
} item_list;

static void collect(const char *key, size_t key_len, const char *value, size_t value_len, int64_t expires, void *ctx)
{
    item_list *l = ctx;
    /* with the clock at 0, the expiry stamp is the ttl */
    l->items[l->n++] = (lyger_redis_item){key, key_len, value, value_len, expires};
}

static void throw_batch_error(const lyger_cache_batch_error *err)
{
    if (err->status == LYGER_CACHE_NOMEM) {
        zend_throw_exception_ex(lyger_ce_engine_exception, 0, "cacheSetBatch(): %s", err->message);
    } else {
        zend_argument_value_error(1, "%s", err->message);
    }
}

/* The batch parsed into a scratch store of the near cache's budget (so the same
 * items are refused), or of a budget no batch of this size can fill when the batch
 * alone would evict some of its own items (Redis takes all of them): an item is at
 * least 7 bytes of JSON (`"k":"",`), charged at most 64 bytes beyond its key and
 * value, which jansson's re-encoding of a nested value makes at most ~6 times its
 * text (`1e-7`), so 32 times the JSON plus 1 MiB is never reached. NULL: out of
 * memory; *stored < 0: refused. */
static lyger_cache *parse_batch(zend_string *json, long *stored, lyger_cache_batch_error *err)
{
    size_t limit = ini_size(LYGER_G(cache_memory));
    size_t len = ZSTR_LEN(json);
    size_t all = len > (LYGER_SHM_MAX >> 6) ? LYGER_SHM_MAX >> 1 : len * 32 + ((size_t) 1 << 20);
    for (int pass = 0; pass < 2; pass++) {
        lyger_cache *scratch = lyger_cache_create(pass ? all : limit, 0);
        if (!scratch) return NULL;
        lyger_cache_set_clock(scratch, zero_clock, NULL);
        *stored = lyger_cache_set_batch(scratch, ZSTR_VAL(json), ZSTR_LEN(json), err);
        lyger_cache_stats ss;
        lyger_cache_get_stats(scratch, &ss);
        if (*stored < 0 || ss.evictions == 0 || pass) return scratch;
        lyger_cache_destroy(scratch);
    }
    return NULL;
}

void lyger_cache_redis_set_batch(zend_string *json, zval *return_value)
{
    binding *b = get_binding("cacheSetBatch");
    if (UNEXPECTED(!b)) return;
    long stored;
    lyger_cache_batch_error err;
    lyger_cache *scratch = parse_batch(json, &stored, &err);
    if (!scratch) {
        zend_throw_exception_ex(lyger_ce_engine_exception, 0, "cacheSetBatch(): out of memory");
        return;
    }
    if (stored < 0) {
        lyger_cache_destroy(scratch);
        throw_batch_error(&err);
        return;
    }
    size_t n = lyger_cache_size(scratch);
    item_list list = {safe_emalloc(n ? n : 1, sizeof *list.items, 0), 0};
    lyger_cache_each(scratch, collect, &list);
    void *t = lend_tracking(b);
    uint64_t number = 0;
    int fresh = 0;
    lyger_redis_status st = lyger_redis_batch(b->conn, list.items, list.n, &number, &fresh);
    if (end_loan(b, t)) st = lyger_redis_batch(b->conn, list.items, list.n, &number, &fresh);
    /* on T (NOLOOP) this listener hears neither its keys nor its marker: the keys are
     * forgotten here and the number noted. A batch that started the counter has no
     * number just below it to wait for (the count jumped): a flush covers what came
     * before it instead (once per counter: a new deployment, FLUSHDB, eviction) */
    int forgot = st == LYGER_REDIS_OK && fresh ? flush_to(b, number) : near_forget(list.items, list.n, 0);
    if (forgot && st == LYGER_REDIS_OK && number && !fresh) note_own(b, number);
    efree(list.items);
    lyger_cache_destroy(scratch);
    if (!forgot) return;
    if (st != LYGER_REDIS_OK) {
        throw_unavailable(b, "cacheSetBatch", st);
        return;
    }
    RETURN_LONG((zend_long) stored);
}

void lyger_cache_redis_gshutdown(zend_lyger_globals *g)
{
    binding *b = g->cache_redis;
    if (!b) return;
    if (b->listener && lyger_redis_listener_owned(b->listener)) {
        lyger_redis_listener_stop(b->listener);
    }
    lyger_redis_destroy(b->conn);
    pefree(b, 1);
    g->cache_redis = NULL;
}

void lyger_cache_redis_info(zval *section)
{
    zval r;
    array_init(&r);
    binding *b = LYGER_G(cache_redis);
    if (!b) b = create(); /* parses the DSN; connects nothing */
    if (b->invalid) {
        add_assoc_string(&r, "state", "invalid");
        add_assoc_string(&r, "last_error", b->error);
    } else {
        lyger_redis_stats s;
        lyger_redis_get_stats(b->conn, &s);
        size_t plen;
        const char *prefix = lyger_redis_prefix(b->conn, &plen);
        add_assoc_string(&r, "address", (char *) lyger_redis_address(b->conn));
        add_assoc_long(&r, "db", lyger_redis_get_dsn(b->conn)->db);
        add_assoc_stringl(&r, "prefix", (char *) prefix, plen);
        add_assoc_string(&r, "state", s.connected ? "connected" : (s.errors ? "unavailable" : "not connected yet"));
        lyger_redis_listener_stats ls = {0};
        int have_listener = b->listener && lyger_redis_listener_owned(b->listener);
        if (have_listener) lyger_redis_listener_get_stats(b->listener, &ls);
        add_assoc_string(&r, "near_cache", have_listener && ls.live ? "coherent" : "off (deaf: gets go to Redis)");
        add_assoc_long(&r, "errors", (zend_long) s.errors);
        add_assoc_long(&r, "reconnects", (zend_long) (s.reconnects + ls.reconnects));
        add_assoc_long(&r, "invalidations", (zend_long) ls.invalidations);
        add_assoc_long(&r, "near_flushes", (zend_long) ls.flushes);
        add_assoc_long(&r, "batch_waits", (zend_long) b->batch_waits);
        add_assoc_long(&r, "batch_flushes", (zend_long) b->batch_flushes);
        add_assoc_string(&r, "last_error", s.last_error[0] ? s.last_error : ls.last_error);
    }
    add_assoc_zval(section, "redis", &r);
}

#else /* built without hiredis */

static void unavailable(const char *method)
{
    zend_throw_exception_ex(lyger_ce_engine_exception, 0,
                            "%s(): lyger.cache_redis is set but lyger was built without hiredis", method);
}

int lyger_cache_redis_near_usable(void)
{
    unavailable("cacheGet");
    return 0;
}
void lyger_cache_redis_get(zend_string *key, int may_fill, zval *return_value) {}
void lyger_cache_redis_set(zend_string *key, zend_string *value, zend_long ttl, zval *return_value)
{
    unavailable("cacheSet");
}
void lyger_cache_redis_has(zend_string *key, zval *return_value) { unavailable("cacheHas"); }
void lyger_cache_redis_delete(zend_string *key, zval *return_value)
{
    unavailable("cacheDelete");
}
void lyger_cache_redis_clear(void) { unavailable("cacheClear"); }
void lyger_cache_redis_size(zval *return_value) { unavailable("cacheSize"); }
void lyger_cache_redis_set_batch(zend_string *json, zval *return_value)
{
    unavailable("cacheSetBatch");
}
void lyger_cache_redis_gshutdown(zend_lyger_globals *g) {}
void lyger_cache_redis_info(zval *section)
{
    zval r;
    array_init(&r);
    add_assoc_string(&r, "state", "unsupported (built without hiredis)");
    add_assoc_zval(section, "redis", &r);
}

#endif

void lyger_cache_redis_minit(void)
{
    const char *dsn = LYGER_G(cache_redis_dsn);
    LYGER_G(cache_redis_on) = dsn && *dsn;
#ifdef HAVE_LYGER_HIREDIS
    if (LYGER_G(cache_redis_on)) {
        void *page = mmap(NULL, sizeof(_Atomic uint64_t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (page != MAP_FAILED) host_generation = page;
    }
#endif
}
