/* Engine methods of the cache concern: argument parsing and thin calls into the
 * plain-C store (src/cache_store.c, src/cache_batch.c, src/cache_shm.c).
 *
 * With lyger.cache_shared=1 (the default) the store lives in one segment mapped in
 * MINIT, before the SAPI forks, so every process of the host's php-fpm master,
 * php-cgi or startServer sees it; each call takes the segment's lock for the
 * store work alone. Nothing that may fail into a bailout (emalloc reaching
 * memory_limit, an exception) runs with the lock held: a value is copied to the
 * stack, or into a string allocated before the lock is taken again.
 * With lyger.cache_shared=0 (or when the segment cannot be mapped) each process
 * (each thread in ZTS) has its own store, created on first use and freed at module
 * shutdown, with the request-local copy ring below. */
#include "engine.h"

#include "zend_exceptions.h"

#include "cache_store.h"
#include "cache_batch.h"
#include "cache_shm.h"
#include "engine_cache_redis.h"
#include "self_pid.h"

/* The host-wide segment, or NULL: per-process stores; and what lock-free gets use of
 * it (taken with it, constant for its life). */
static lyger_shm *host_segment;
static lyger_shm_view host_view;
/* The effective uid whose namespace this process uses in the shared store, read at
 * each request start (php-fpm children take their pool's user after the fork), and
 * what its lock-free gets need, noted at its last locked call: the store, the
 * namespace and the counter slot (see lyger_cache_try_get). Module globals: a ZTS
 * build's threads each keep their own (they share the slot of their pid). */
#define namespace_uid LYGER_G(cache_uid)
#define reader_store LYGER_G(cache_reader_store)
#define reader_ns LYGER_G(cache_reader_ns)
#define reader_slot LYGER_G(cache_reader_slot)
#define reader_pid LYGER_G(cache_reader_pid)

/* Request-local copies of recently read values. A get copies the stored bytes into
 * a new request string; to spare repeated gets of the same entry that copy, the
 * copy is kept in a small ring and the entry points at its slot (the entry's aux).
 * The next get of that entry returns the same refcounted string. A copy dies when
 * the entry goes away (set, delete, clear, expiry, eviction: the store's release
 * hook), when its slot is reused, and at request end. Only values up to
 * LOCAL_MAX_VALUE bytes are kept, so the ring holds at most 4 MiB. */
#define LOCAL_SLOTS LYGER_CACHE_LOCAL_SLOTS
#define LOCAL_MAX_VALUE 4096

/* Gets of the same key string (a literal, or a string kept in an array) skip the
 * hash table as well: a memo indexed by the key zend_string's address points at
 * the copy slot that string last read, and so at its entry, which is handed to the
 * store as a hint. The address only proposes: the store compares the key bytes
 * (a freed string's address may hold another key by now), and a slot whose entry
 * went away holds no entry. 8,192 slots (64 KiB per process, or thread): key strings
 * whose addresses share a slot push each other's copy out, and of 1,000 key strings
 * read in turn about 11% share one (22% with 4,096 slots; gets of the bench's 1,000
 * keys, which rarely share one, also took 3-6 ns more with 4,096, for reasons not
 * found). */
#define MEMO_SLOTS LYGER_CACHE_MEMO_SLOTS

static zend_always_inline unsigned memo_index(const zend_string *key)
{
    return (unsigned) (((uintptr_t) key >> 3) * 0x9E3779B97F4A7C15ULL >> 40) & (MEMO_SLOTS - 1);
}

typedef lyger_cache_local_copy local_copy; /* the ring lives in the module globals */

/* Whether the shared store was large at this thread's last look (lyger_cache_prefetch_set),
 * and the sets since: a small store is looked at again every 1024 sets, so that its sets
 * pay one counter for the check. */
ZEND_TLS zend_bool large_store;
ZEND_TLS unsigned sets_since_look;

static void drop_local(local_copy *slot)
{
    if (host_segment) {
        /* a shared store's copy holds its key string (see get_shared) */
        if (slot->str) {
            zend_string_release(slot->str);
            zend_string_release((zend_string *) slot->key);
            slot->str = NULL;
            slot->key = NULL;
        }
        return;
    }
    if (slot->entry) {
        *lyger_cache_entry_aux(slot->entry) = NULL;
        slot->entry = NULL;
        slot->key = NULL;
        zend_string_release(slot->str);
        slot->str = NULL;
    }
}

/* The ring's next slot, taken in turn: its copy, if any, is the oldest (the caller drops it). */
static zend_always_inline local_copy *next_ring_slot(void)
{
    return &LYGER_G(cache_local)[LYGER_G(cache_local_next)++ % LOCAL_SLOTS];
}

/* The store's release hook: the entry holding this slot is being freed. */
static void release_local(void *aux, void *ctx)
{
    (void) ctx;
    local_copy *slot = aux;
    slot->entry = NULL;
    slot->key = NULL;
    zend_string_release(slot->str);
    slot->str = NULL;
}

static size_t ini_size(zend_long v)
{
    return v > 0 ? (size_t) v : 0;
}

void lyger_cache_binding_minit(void)
{
    if (!LYGER_G(cache_shared)) return;
    size_t limit = ini_size(LYGER_G(cache_memory));
    size_t size = lyger_cache_heap_size(limit);
    host_segment = lyger_shm_create(size);
    if (host_segment) lyger_shm_view_of(host_segment, &host_view);
    if (!host_segment) {
        zend_error(E_WARNING, "lyger: could not map a %zu-byte shared cache segment (%s); "
                   "each process keeps its own cache", size, strerror(errno));
    }
}

void lyger_cache_binding_mshutdown(void)
{
    lyger_shm_destroy(host_segment);
    host_segment = NULL;
}

void lyger_cache_binding_gshutdown(zend_lyger_globals *g)
{
    if (g->cache) {
        lyger_cache_destroy(g->cache);
        g->cache = NULL;
    }
}

void lyger_cache_binding_rinit(void)
{
    if (host_segment) {
        namespace_uid = (uint32_t) geteuid();
        if (reader_pid != (int) lyger_self_pid()) reader_store = NULL; /* a forked child claims its own slot */
    }
}

void lyger_cache_binding_rshutdown(void)
{
    /* runs after every HTTP request of the server: every slot is empty after this, and
     * a request fills them from 0 on (cache_local_next), so only those it took are
     * dropped, not all LOCAL_SLOTS each time */
    unsigned used = LYGER_G(cache_local_next) < LOCAL_SLOTS ? LYGER_G(cache_local_next) : LOCAL_SLOTS;
    for (unsigned i = 0; i < used; i++) {
        drop_local(&LYGER_G(cache_local)[i]);
    }
    LYGER_G(cache_local_next) = 0;
    /* The memo is left as it is: it names only ring slots, each empty now (no key
     * string), so no key string of the next request matches one until a get of that
     * request fills it again. Clearing its 64 KiB cost 2.4% of a hello request. */
}

static zend_never_inline lyger_cache *create_store(void)
{
    LYGER_G(cache) = lyger_cache_create(ini_size(LYGER_G(cache_memory)), ini_size(LYGER_G(cache_max_entries)));
    if (!LYGER_G(cache)) {
        zend_throw_exception(lyger_ce_engine_exception, "cache: out of memory creating the store", 0);
    } else {
        lyger_cache_set_release_hook(LYGER_G(cache), release_local, NULL);
    }
    return LYGER_G(cache);
}

/* The process's store, or NULL with an exception thrown. */
static zend_always_inline lyger_cache *own_store(void)
{
    lyger_cache *c = LYGER_G(cache);
    return EXPECTED(c != NULL) ? c : create_store();
}

/* lyger.cache_check=1 (tests): after each call that changed the shared store, a
 * walk of the store and the segment, failing loudly. */
static int check_shared(lyger_cache *c)
{
    /* (the store's check walks the segment's heap too: it is walked again only to
     * name what failed) */
    int store = lyger_cache_check(c);
    if (store == 0) return 1;
    int seg = lyger_shm_check(host_segment);
    lyger_cache_shared_unlock(host_segment);
    zend_throw_exception_ex(lyger_ce_engine_exception, 0,
                            "cache: consistency check failed (store %d, segment %d)", store, seg);
    return 0;
}

/* The store to work on: the shared one locked, or the process's own; NULL with an
 * exception thrown. Every non-NULL store is handed back with release(). */
static zend_always_inline lyger_cache *store(void)
{
    if (EXPECTED(host_segment == NULL)) return own_store();
    int repaired;
    lyger_cache *c = lyger_cache_shared_lock(host_segment, ini_size(LYGER_G(cache_memory)),
                                             ini_size(LYGER_G(cache_max_entries)), &repaired);
    if (UNEXPECTED(!c)) {
        zend_throw_exception(lyger_ce_engine_exception,
                             "cache: the shared cache segment cannot be locked or holds no store", 0);
    } else {
        int ns = lyger_cache_use_namespace(c, namespace_uid);
        if (UNEXPECTED(ns < 0)) {
            lyger_cache_shared_unlock(host_segment);
            zend_throw_exception_ex(lyger_ce_engine_exception, 0,
                                    "cache: uid %u cannot have a namespace: %d users already share the cache segment",
                                    (unsigned) namespace_uid, LYGER_CACHE_NAMESPACES);
            return NULL;
        }
        if (UNEXPECTED(reader_store != c || reader_ns != (unsigned) ns || reader_pid != (int) lyger_self_pid())) {
            reader_pid = (int) lyger_self_pid();
            reader_ns = (unsigned) ns;
#ifdef ZTS
            reader_slot = lyger_cache_reader_slot(c, reader_pid, 1); /* (a process's threads share its slot) */
#else
            reader_slot = lyger_cache_reader_slot(c, reader_pid, 0);
#endif
            reader_store = reader_slot >= 0 ? c : NULL;
        }
    }
    if (c && UNEXPECTED(LYGER_G(cache_check)) && !check_shared(c)) {
        return NULL;
    }
    return c;
}

/* Hands back a store from store(): 0 when the consistency check (lyger.cache_check)
 * failed, with an exception thrown. */
static zend_always_inline int release(lyger_cache *c)
{
    if (EXPECTED(host_segment == NULL)) return 1;
    if (UNEXPECTED(LYGER_G(cache_check)) && !check_shared(c)) return 0;
    lyger_cache_shared_unlock(host_segment);
    return 1;
}

/* The near cache of the Redis tier (src/engine_cache_redis.c) is this store. */
lyger_cache *lyger_cache_binding_acquire(void)
{
    return store();
}

int lyger_cache_binding_release(lyger_cache *c)
{
    return release(c);
}

void lyger_cache_binding_info(zval *section)
{
    lyger_cache_stats s;
    lyger_cache *c = host_segment ? store() : LYGER_G(cache);
    if (host_segment && !c) return;
    if (c) {
        lyger_cache_get_stats(c, &s);
        if (!release(c)) return;
    } else {
        memset(&s, 0, sizeof s);
        s.memory_limit = ini_size(LYGER_G(cache_memory));
        s.max_entries = ini_size(LYGER_G(cache_max_entries));
    }
    add_assoc_long(section, "entries", (zend_long) s.entries);
    add_assoc_long(section, "memory_used", (zend_long) s.memory_used);
    add_assoc_long(section, "memory_limit", (zend_long) s.memory_limit);
    add_assoc_long(section, "max_entries", (zend_long) s.max_entries);
    add_assoc_long(section, "entry_overhead", LYGER_CACHE_ENTRY_OVERHEAD);
    add_assoc_long(section, "hits", (zend_long) s.hits);
    add_assoc_long(section, "misses", (zend_long) s.misses);
    add_assoc_long(section, "evictions", (zend_long) s.evictions);
    add_assoc_long(section, "expirations", (zend_long) s.expirations);
    add_assoc_bool(section, "shared", host_segment != NULL);
    add_assoc_long(section, "segment_size", host_segment ? (zend_long) lyger_shm_size(host_segment) : 0);
    add_assoc_long(section, "lock_repairs", host_segment ? (zend_long) lyger_shm_repairs(host_segment) : 0);
    /* (those of the repairs that emptied the store: see src/cache_repair.c) */
    add_assoc_long(section, "lock_repairs_emptied", host_segment ? (zend_long) lyger_shm_emptied(host_segment) : 0);
    /* the host's totals (every user's namespace; the figures above are the caller's) */
    add_assoc_long(section, "host_entries", (zend_long) (c ? s.host_entries : 0));
    add_assoc_long(section, "host_memory_used", (zend_long) (c ? s.host_memory_used : 0));
    add_assoc_long(section, "namespaces", (zend_long) (c ? s.namespaces : 1));
    if (LYGER_CACHE_REDIS_ON()) lyger_cache_redis_info(section);
}

#define KEY_ARG(key)                                                   \
    if (UNEXPECTED(ZSTR_LEN(key) == 0)) {                              \
        zend_argument_value_error(1, "must not be empty");             \
        RETURN_THROWS();                                               \
    }

PHP_METHOD(Lyger_Core_Engine, cacheSet)
{
    zend_string *key, *value;
    zend_long ttl = 0;

    ZEND_PARSE_PARAMETERS_START(2, 3)
        Z_PARAM_STR(key)
        Z_PARAM_STR(value)
        Z_PARAM_OPTIONAL
        Z_PARAM_LONG(ttl)
    ZEND_PARSE_PARAMETERS_END();

    KEY_ARG(key);
    if (UNEXPECTED(ttl < 0)) {
        zend_argument_value_error(3, "must be greater than or equal to 0");
        RETURN_THROWS();
    }
    if (LYGER_CACHE_REDIS_ON()) {
        lyger_cache_redis_set(key, value, ttl, return_value);
        return;
    }
    if (host_segment && (large_store || (++sets_since_look & 1023) == 0) && reader_store
        && reader_pid == (int) lyger_self_pid_cached()) {
        large_store = (zend_bool) lyger_cache_prefetch_set(&host_view, reader_store, reader_ns, ZSTR_VAL(key),
                                                          ZSTR_LEN(key));
    }
    lyger_cache *c = store();
    if (UNEXPECTED(!c)) RETURN_THROWS();

    lyger_cache_status st = lyger_cache_set(c, ZSTR_VAL(key), ZSTR_LEN(key), ZSTR_VAL(value), ZSTR_LEN(value),
                                            (int64_t) ttl);
    if (UNEXPECTED(!release(c))) RETURN_THROWS();
    switch (st) {
    case LYGER_CACHE_OK:
        RETURN_TRUE;
    case LYGER_CACHE_TOO_BIG:
        RETURN_FALSE;
    case LYGER_CACHE_NOMEM:
        break;
    }
    zend_throw_exception_ex(lyger_ce_engine_exception, 0,
                            "cacheSet(): out of memory storing %zu bytes", ZSTR_LEN(value));
}

/* The ring slot for a new copy of a value read from the shared store, for a key string
 * whose memo slot is at. A shared store's entry cannot point at its copy (the segment
 * holds nothing of one process), so a copy is found only through the memo slot of its
 * key string. The copy that slot names now is reused when its key string has the same
 * memo slot: the memo is about to forget it, and nothing else can find it (this key
 * string's own older copy, read before a write, or a colliding key's). Taking the next
 * slot instead would push out the oldest copy, which another key may still be reading,
 * and that key's next get would push out the next one: at 1,000 keys read in random
 * order, the few keys whose memo slots collide kept the whole ring turning, and 27% of
 * gets missed their copy. */
static local_copy *shared_copy_slot(local_copy *known, unsigned at)
{
    if (known && known->str && memo_index(known->key) == at) return known;
    return next_ring_slot();
}

/* Keeps s, the value a lock-free get read for key, in the ring with the sequence value
 * it was read at: while nothing in the segment changes, the next get of this key string
 * returns it (cacheGet's fast path). The slot holds the key string, so its address names
 * these bytes for as long as the slot lives. */
static zend_always_inline void keep_shared_copy(zend_string *key, zend_string *s,
                                                const lyger_cache_read_info *info)
{
    unsigned at = memo_index(key);
    local_copy *slot = shared_copy_slot(LYGER_G(cache_memo)[at], at);
    drop_local(slot);
    slot->str = s;
    slot->key = zend_string_copy(key);
    slot->seq = info->seq;
    slot->mark = info->mark;
    LYGER_G(cache_memo)[at] = slot;
}

/* Whether a shared store's get keeps its copy in the ring. Keeping one costs its get the
 * slot's old copy and key string released (lines long out of the CPU's caches by then),
 * the memo written, and a fresh block for the next get's string; it pays back only when
 * the same key string is read again before the ring turns (1,000 keys read in turn:
 * 16 ns a get with copies, 38-57 without). So of every 256 copies kept, the process
 * counts how many cacheGet found again (its fast path): below one in eight, only one
 * get in 256 keeps its copy until the next count says otherwise (those few still
 * measure whether copies are read again). The decision is made before the get's waits
 * on memory (see get_shared_fast). */
#define RING_WINDOW 256
#define RING_SAMPLE 255

static zend_always_inline int ring_keeps(void)
{
    if (LYGER_G(cache_ring_sample) && (++LYGER_G(cache_ring_tick) & RING_SAMPLE) != 0) return 0;
    if (++LYGER_G(cache_ring_kept) == RING_WINDOW) {
        LYGER_G(cache_ring_sample) = LYGER_G(cache_ring_reread) * 8 < RING_WINDOW ? RING_SAMPLE : 0;
        LYGER_G(cache_ring_kept) = LYGER_G(cache_ring_reread) = 0;
    }
    return 1;
}

/* cacheGet on the shared store, without its lock, when nothing makes that path wrong:
 * 1 when it answered (a hit, or a miss with no Redis tier behind the store), else 0 and
 * get_slow() answers. At a million keys a get waits on memory for its key string, bucket
 * and entry, and an instruction run after the last of those waits delays the next get's
 * first by far more than its own time (the CPU reaches the next get's loads only while
 * what lies between fits its reorder window: bench/results/cache_shared.md). So what
 * can be is done before the waits: whether the ring keeps the copy, and the request
 * string the value is copied into, made at the length this thread's last get found (the
 * string's length is then set to the value's; a longer value makes a new one). */
static zend_always_inline int get_shared_fast(zend_string *key, zval *return_value)
{
    if (UNEXPECTED(reader_store == NULL) || ZSTR_LEN(key) == 0 || reader_pid != (int) lyger_self_pid_cached()
        || LYGER_G(cache_check) || LYGER_CACHE_REDIS_ON()) {
        return 0;
    }
    int keep = ring_keeps();
    size_t cap = LYGER_G(cache_get_hint);
    zend_string *s = zend_string_alloc(cap, 0);
    size_t n;
    lyger_cache_read_info info;
    int rc = lyger_cache_try_get_into(&host_view, reader_store, reader_ns, reader_slot, ZSTR_VAL(key),
                                      ZSTR_LEN(key), ZSTR_VAL(s), cap, &n, &info);
    if (UNEXPECTED(rc == -3) && n <= LOCAL_MAX_VALUE) {
        zend_string_efree(s);
        LYGER_G(cache_get_hint) = cap = n;
        s = zend_string_alloc(cap, 0);
        rc = lyger_cache_try_get_into(&host_view, reader_store, reader_ns, reader_slot, ZSTR_VAL(key),
                                      ZSTR_LEN(key), ZSTR_VAL(s), cap, &n, &info);
    }
    if (rc != 1) {
        zend_string_efree(s);
        if (rc != 0) return 0;
        RETVAL_EMPTY_STRING();
        return 1;
    }
    if (UNEXPECTED(n <= 1)) {
        RETVAL_STRINGL_FAST(ZSTR_VAL(s), n);
        zend_string_efree(s);
        return 1;
    }
    ZSTR_LEN(s) = n;
    ZSTR_VAL(s)[n] = '\0';
    if (n < cap / 2) LYGER_G(cache_get_hint) = n; /* (a string at most twice its value) */
    if (!keep || info.expires) {
        RETVAL_NEW_STR(s);
        return 1;
    }
    keep_shared_copy(key, s, &info);
    RETVAL_STR_COPY(s);
    return 1;
}

/* cacheGet on the shared store: the value is copied while the lock is held, into
 * a stack buffer when small, else into a string allocated (the lock released, as
 * allocating may bail out) at the length just seen, then checked again. */
static zend_never_inline void get_shared(zend_string *key, zval *return_value)
{
    char small[LOCAL_MAX_VALUE];
    /* (a process forked mid-request, as pcntl_fork and the server's workers are, takes
     * its own counter slot under the lock before it reads without it) */
    if (EXPECTED(reader_store != NULL) && reader_pid == (int) lyger_self_pid_cached() && !LYGER_G(cache_check)) {
        size_t n;
        lyger_cache_read_info info;
        switch (lyger_cache_try_get(&host_view, reader_store, reader_ns, reader_slot, ZSTR_VAL(key), ZSTR_LEN(key),
                                    small, sizeof small, &n, &info)) {
        case 1:
            if (n <= 1 || info.expires) RETURN_STRINGL_FAST(small, n);
            {
                zend_string *s = zend_string_init(small, n, 0);
                keep_shared_copy(key, s, &info);
                RETURN_STR_COPY(s);
            }
        case 0:
            /* not in the near cache: with Redis, a miss here is no answer yet */
            if (LYGER_CACHE_REDIS_ON()) {
                lyger_cache_redis_get(key, 1, return_value);
                return;
            }
            RETURN_EMPTY_STRING();
        }
    }
    lyger_cache *c = store();
    if (UNEXPECTED(!c)) return;
    lyger_cache_entry *e = lyger_cache_lookup(c, ZSTR_VAL(key), ZSTR_LEN(key));
    size_t len = 0;
    const char *value = e ? lyger_cache_entry_value(e, &len) : NULL;
    if (e && len <= sizeof small) memcpy(small, value, len);
    if (!release(c)) return;
    if (!e) {
        if (LYGER_CACHE_REDIS_ON()) {
            lyger_cache_redis_get(key, 1, return_value);
            return;
        }
        RETURN_EMPTY_STRING();
    }
    if (len <= sizeof small) RETURN_STRINGL_FAST(small, len);
    for (;;) {
        zend_string *s = zend_string_alloc(len, 0);
        if (!(c = store())) {
            zend_string_efree(s);
            return;
        }
        size_t now = 0;
        e = lyger_cache_peek(c, ZSTR_VAL(key), ZSTR_LEN(key));
        if (e) value = lyger_cache_entry_value(e, &now);
        if (e && now == len) memcpy(ZSTR_VAL(s), value, len);
        if (!release(c)) {
            zend_string_efree(s);
            return;
        }
        if (!e) {
            /* deleted in between: the get still happened before that (with Redis,
             * the near cache dropped it: Redis answers) */
            zend_string_efree(s);
            if (LYGER_CACHE_REDIS_ON()) {
                lyger_cache_redis_get(key, 1, return_value);
                return;
            }
            RETURN_EMPTY_STRING();
        }
        if (now == len) {
            ZSTR_VAL(s)[len] = '\0';
            RETURN_NEW_STR(s);
        }
        zend_string_efree(s);
        len = now;
    }
}

/* cacheGet's general path: look the key up, copy the value into a request string
 * (kept in the ring when small enough) and remember the copy for this key string. */
static zend_never_inline void get_slow(zend_string *key, zval *return_value)
{
    if (UNEXPECTED(ZSTR_LEN(key) == 0)) {
        zend_argument_value_error(1, "must not be empty");
        return;
    }
    if (host_segment) {
        get_shared(key, return_value);
        return;
    }
    lyger_cache *c = own_store();
    if (UNEXPECTED(!c)) return;

    lyger_cache_entry *e = lyger_cache_lookup(c, ZSTR_VAL(key), ZSTR_LEN(key));
    if (!e) {
        if (LYGER_CACHE_REDIS_ON()) {
            lyger_cache_redis_get(key, 1, return_value);
            return;
        }
        RETURN_EMPTY_STRING();
    }
    local_copy **memo = &LYGER_G(cache_memo)[memo_index(key)];
    void **aux = lyger_cache_entry_aux(e);
    local_copy *slot = *aux;
    if (slot) {
        slot->key = key;
        *memo = slot;
        RETURN_STR_COPY(slot->str);
    }
    size_t len;
    const char *value = lyger_cache_entry_value(e, &len);
    if (len <= 1 || len > LOCAL_MAX_VALUE) {
        RETURN_STRINGL_FAST(value, len);
    }
    slot = next_ring_slot();
    drop_local(slot);
    slot->str = zend_string_init(value, len, 0);
    slot->entry = e;
    slot->key = key;
    *aux = slot;
    *memo = slot;
    RETURN_STR_COPY(slot->str);
}

PHP_METHOD(Lyger_Core_Engine, cacheGet)
{
    zend_string *key;

    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_STR(key)
    ZEND_PARSE_PARAMETERS_END();

    /* with Redis, the near cache answers only while it is coherent */
    if (LYGER_CACHE_REDIS_ON() && !lyger_cache_redis_near_ready() && !lyger_cache_redis_near_usable()) {
        if (!EG(exception)) lyger_cache_redis_get(key, 0, return_value);
        return;
    }
    /* the fast path: this key string read this entry before, and the copy made
     * then is still the entry's (a slot with an entry is that entry's aux) */
    local_copy *known = LYGER_G(cache_memo)[memo_index(key)];
    if (known && known->key == key) {
        if (!host_segment) {
            if (known->entry && lyger_cache_lookup_hint(LYGER_G(cache), known->entry, ZSTR_VAL(key), ZSTR_LEN(key))) {
                RETURN_STR_COPY(known->str);
            }
        } else if (known->str && known->seq == lyger_shm_view_begin(&host_view)
                   && reader_pid == (int) lyger_self_pid_cached()) {
            /* the shared store: nothing in the segment changed since this copy was read */
            lyger_cache_count_hit(&host_view, reader_slot, known->mark);
            LYGER_G(cache_ring_reread)++;
            RETURN_STR_COPY(known->str);
        }
    }
    if (host_segment && get_shared_fast(key, return_value)) return;
    get_slow(key, return_value);
}

PHP_METHOD(Lyger_Core_Engine, cacheHas)
{
    zend_string *key;

    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_STR(key)
    ZEND_PARSE_PARAMETERS_END();

    KEY_ARG(key);
    if (LYGER_CACHE_REDIS_ON()) {
        lyger_cache_redis_has(key, return_value);
        return;
    }
    lyger_cache *c = store();
    if (UNEXPECTED(!c)) RETURN_THROWS();
    bool has = lyger_cache_has(c, ZSTR_VAL(key), ZSTR_LEN(key));
    if (UNEXPECTED(!release(c))) RETURN_THROWS();
    RETURN_BOOL(has);
}

PHP_METHOD(Lyger_Core_Engine, cacheDelete)
{
    zend_string *key;

    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_STR(key)
    ZEND_PARSE_PARAMETERS_END();

    KEY_ARG(key);
    if (LYGER_CACHE_REDIS_ON()) {
        lyger_cache_redis_delete(key, return_value);
        return;
    }
    lyger_cache *c = store();
    if (UNEXPECTED(!c)) RETURN_THROWS();
    bool deleted = lyger_cache_delete(c, ZSTR_VAL(key), ZSTR_LEN(key));
    if (UNEXPECTED(!release(c))) RETURN_THROWS();
    RETURN_BOOL(deleted);
}

PHP_METHOD(Lyger_Core_Engine, cacheClear)
{
    ZEND_PARSE_PARAMETERS_NONE();
    if (LYGER_CACHE_REDIS_ON()) {
        lyger_cache_redis_clear();
        return;
    }
    lyger_cache *c = host_segment ? store() : LYGER_G(cache);
    if (host_segment && !c) RETURN_THROWS();
    if (c) {
        lyger_cache_clear(c);
        if (!release(c)) RETURN_THROWS();
    }
}

PHP_METHOD(Lyger_Core_Engine, cacheSize)
{
    ZEND_PARSE_PARAMETERS_NONE();
    if (LYGER_CACHE_REDIS_ON()) {
        lyger_cache_redis_size(return_value);
        return;
    }
    lyger_cache *c = host_segment ? store() : LYGER_G(cache);
    if (host_segment && !c) RETURN_THROWS();
    size_t n = c ? lyger_cache_size(c) : 0;
    if (c && !release(c)) RETURN_THROWS();
    RETURN_LONG((zend_long) n);
}

PHP_METHOD(Lyger_Core_Engine, cacheSetBatch)
{
    zend_string *json;

    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_STR(json)
    ZEND_PARSE_PARAMETERS_END();

    if (LYGER_CACHE_REDIS_ON()) {
        lyger_cache_redis_set_batch(json, return_value);
        return;
    }
    lyger_cache *c = store();
    if (UNEXPECTED(!c)) RETURN_THROWS();

    lyger_cache_batch_error err;
    long stored = lyger_cache_set_batch(c, ZSTR_VAL(json), ZSTR_LEN(json), &err);
    if (UNEXPECTED(!release(c))) RETURN_THROWS();
    if (stored >= 0) {
        RETURN_LONG((zend_long) stored);
    }
    if (err.status == LYGER_CACHE_NOMEM) {
        zend_throw_exception_ex(lyger_ce_engine_exception, 0, "cacheSetBatch(): %s", err.message);
    } else {
        zend_argument_value_error(1, "%s", err.message);
    }
    RETURN_THROWS();
}
