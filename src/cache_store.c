/* The cache store (see cache_store.h): a chained hash table whose entries also sit
 * on an intrusive doubly-linked LRU list (head: most recently used). Each entry is
 * one block holding the header, the key and the value, from malloc (a process's own
 * store) or from the host-wide segment (src/cache_shm.c; the store's own struct and
 * bucket array live there too, and every call runs under the segment's lock).
 * Batches are applied by src/cache_plan.c. */
#include "cache_store_impl.h"

#ifdef __linux__
#include <sys/random.h>
#endif
#include <time.h>
#include <unistd.h>

static uint64_t make_seed(const void *addr)
{
    /* the kernel's randomness when it answers; the clock, address and pid otherwise */
    uint64_t r = 0;
#ifdef __linux__
    if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t) sizeof r) r = 0;
#endif
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t s = r ^ (uint64_t) ts.tv_nsec ^ ((uint64_t) ts.tv_sec << 32) ^ (uint64_t) (uintptr_t) addr
                 ^ ((uint64_t) getpid() << 17);
    return ((uint64_t) hash_bytes((const char *) &s, sizeof s, 0x5851F42D4C957F2DULL) << 32)
           ^ hash_bytes((const char *) &s, sizeof s, 0x14057B7EF767814FULL);
}

static int64_t monotonic_seconds(void *ctx)
{
    (void) ctx;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec;
}


static void grow_table(lyger_cache *c)
{
    size_t n = (c->mask + 1) * 2;
    lyger_cache_entry **b = mem_zalloc(c, n * sizeof *b);
    if (!b) {
        return; /* longer chains, still correct */
    }
    for (size_t i = 0; i <= c->mask; i++) {
        lyger_cache_entry *e = c->buckets[i];
        while (e) {
            lyger_cache_entry *next = e->chain;
            e->chain = b[e->hash & (n - 1)];
            b[e->hash & (n - 1)] = e;
            e = next;
        }
    }
    mem_free(c, c->buckets);
    c->buckets = b;
    c->mask = n - 1;
}

/* Unlinks and frees the entry *slot points at. */
static void remove_at(lyger_cache *c, lyger_cache_entry **slot)
{
    lyger_cache_entry *e = *slot;
    *slot = e->chain;
    lru_unlink(c, e);
    c->count--;
    if (e->expires) c->ttl_count--;
    c->memory_used -= entry_cost(e->key_len, e->value_len);
    if (e->aux && c->release) c->release(e->aux, c->release_ctx);
    mem_free(c, e);
}

static void remove_entry(lyger_cache *c, lyger_cache_entry *e)
{
    lyger_cache_entry **slot = &c->buckets[e->hash & c->mask];
    while (*slot != e) slot = &(*slot)->chain;
    remove_at(c, slot);
}

/* Reclaims every expired entry, at most once per clock second: an entry found
 * live at second t cannot expire before t + 1. */
static void sweep_expired(lyger_cache *c)
{
    if (c->ttl_count == 0) return;
    int64_t now = c->clock(c->clock_ctx);
    if (now == c->last_sweep) return;
    c->last_sweep = now;
    lyger_cache_entry *e = c->oldest;
    while (e && c->ttl_count) {
        lyger_cache_entry *newer = e->newer;
        if (e->expires != 0 && now > e->expires) {
            remove_entry(c, e);
            c->expirations++;
        }
        e = newer;
    }
}

static inline int over_limits(const lyger_cache *c, size_t cost)
{
    return c->memory_used + cost > c->memory_limit || (c->max_entries && c->count + 1 > c->max_entries);
}

/* Frees room for one more entry of the given cost: expired entries, then LRU. */
static void make_room(lyger_cache *c, size_t cost)
{
    if (!over_limits(c, cost)) return;
    sweep_expired(c);
    while (c->oldest && over_limits(c, cost)) {
        remove_entry(c, c->oldest);
        c->evictions++;
    }
}

/* ---- API */

size_t lyger_cache_entry_cost(size_t key_len, size_t value_len)
{
    return entry_cost(key_len, value_len);
}

int lyger_cache_fits(const lyger_cache *c, size_t key_len, size_t value_len)
{
    return fits(c, key_len, value_len);
}

size_t lyger_cache_memory_limit(const lyger_cache *c)
{
    return c->memory_limit;
}

static lyger_cache *create_in(lyger_shm *shm, size_t memory_limit, size_t max_entries)
{
    lyger_cache tmp = {.shm = shm};
    lyger_cache *c = mem_zalloc(&tmp, sizeof *c);
    if (!c) return NULL;
    c->shm = shm;
    c->buckets = mem_zalloc(c, INITIAL_BUCKETS * sizeof *c->buckets);
    if (!c->buckets) {
        mem_free(&tmp, c);
        return NULL;
    }
    c->mask = INITIAL_BUCKETS - 1;
    c->memory_limit = memory_limit;
    c->max_entries = max_entries;
    c->seed = make_seed(c);
    c->clock = monotonic_seconds;
    c->last_sweep = INT64_MIN;
    return c;
}

lyger_cache *lyger_cache_create(size_t memory_limit, size_t max_entries)
{
    return create_in(NULL, memory_limit, max_entries);
}

void lyger_cache_destroy(lyger_cache *c)
{
    if (!c) return;
    lyger_cache_clear(c);
    lyger_cache tmp = {.shm = c->shm};
    mem_free(c, c->buckets);
    mem_free(&tmp, c);
}

lyger_cache *lyger_cache_shared_lock(lyger_shm *seg, size_t memory_limit, size_t max_entries, int *repaired)
{
    int rc = lyger_shm_lock(seg);
    if (rc < 0) return NULL;
    lyger_cache *c = lyger_shm_root(seg);
    *repaired = rc;
    if (rc == 1) {
        /* the holder died at an unknown instruction: nothing in the heap can be
         * trusted, so the segment is emptied and the store made anew. The figures
         * are plain counters, read whatever state they were left in. */
        uint64_t figures[4] = {0, 0, 0, 0};
        if (c) {
            figures[0] = c->hits;
            figures[1] = c->misses;
            figures[2] = c->evictions;
            figures[3] = c->expirations;
        }
        lyger_shm_reset(seg);
        c = create_in(seg, memory_limit, max_entries);
        if (c) {
            c->hits = figures[0];
            c->misses = figures[1];
            c->evictions = figures[2];
            c->expirations = figures[3];
            lyger_shm_set_root(seg, c);
        }
        lyger_shm_consistent(seg);
    } else if (!c) {
        c = create_in(seg, memory_limit, max_entries);
        lyger_shm_set_root(seg, c);
    }
    if (!c) lyger_shm_unlock(seg);
    return c;
}

void lyger_cache_shared_unlock(lyger_shm *seg)
{
    lyger_shm_unlock(seg);
}

int lyger_cache_is_shared(const lyger_cache *c)
{
    return c->shm != NULL;
}

void lyger_cache_set_clock(lyger_cache *c, lyger_cache_clock_fn fn, void *ctx)
{
    c->clock = fn ? fn : monotonic_seconds;
    c->clock_ctx = ctx;
    c->last_sweep = INT64_MIN;
}

void lyger_cache_set_release_hook(lyger_cache *c, lyger_cache_release_fn fn, void *ctx)
{
    c->release = fn;
    c->release_ctx = ctx;
}

/* A new, unlinked entry holding copies of key and value (h: the key's hash), with
 * no expiry yet. In a segment, a block that is not there after the budget let the
 * entry in (the heap is fragmented) is made by evicting the least recently used
 * entries, when evict allows it (not while a batch holds plans on entries). */
lyger_cache_entry *lyger_cache_new_entry(lyger_cache *c, uint32_t h, const char *key, size_t key_len,
                                       const char *value, size_t value_len, int evict)
{
    size_t size = sizeof(lyger_cache_entry) + key_len + value_len;
    lyger_cache_entry *e = mem_alloc(c, size);
    while (!e && evict && c->shm && c->oldest) {
        remove_entry(c, c->oldest);
        c->evictions++;
        e = mem_alloc(c, size);
    }
    if (!e) return NULL;
    e->hash = h;
    e->aux = NULL;
    e->key_len = (uint32_t) key_len;
    e->value_len = value_len;
    e->expires = 0;
    memcpy(e->data, key, key_len);
    if (value_len) memcpy(e->data + key_len, value, value_len);
    return e;
}


/* Links a new entry (which must fit the budget) in, replacing any entry under the
 * same key and evicting as needed. Cannot fail. */
void lyger_cache_insert_entry(lyger_cache *c, lyger_cache_entry *e)
{
    size_t cost = entry_cost(e->key_len, e->value_len);
    lyger_cache_entry **slot = find_slot(c, e->hash, e->data, e->key_len);
    if (*slot) remove_at(c, slot); /* replaced, not evicted */
    make_room(c, cost);

    if (c->count >= c->mask + 1) grow_table(c);
    slot = &c->buckets[e->hash & c->mask];
    e->chain = *slot;
    *slot = e;
    lru_push_newest(c, e);
    c->count++;
    if (e->expires) c->ttl_count++;
    c->memory_used += cost;
}

/* Stores a same-size value in place and makes the entry the most recently used. */
static inline __attribute__((always_inline)) void
overwrite_in_place(lyger_cache *c, lyger_cache_entry *e, const char *value, size_t value_len, int64_t ttl)
{
    overwrite_value(c, e, value, value_len, ttl);
    if (c->newest != e) {
        lru_unlink(c, e);
        lru_push_newest(c, e);
    }
}

lyger_cache_status lyger_cache_set(lyger_cache *c, const char *key, size_t key_len,
                                   const char *value, size_t value_len, int64_t ttl)
{
    if (entry_cost(key_len, value_len) > c->memory_limit) return LYGER_CACHE_TOO_BIG;
    uint32_t h = hash_bytes(key, key_len, c->seed);
    lyger_cache_entry *e = *find_slot(c, h, key, key_len);
    if (e && e->value_len == value_len) {
        overwrite_in_place(c, e, value, value_len, ttl);
        return LYGER_CACHE_OK;
    }
    e = lyger_cache_new_entry(c, h, key, key_len, value, value_len, 1);
    if (!e) return LYGER_CACHE_NOMEM;
    e->expires = expiry_for(c, ttl);
    lyger_cache_insert_entry(c, e);
    return LYGER_CACHE_OK;
}

/* The entry *slot points at, if live: counts a hit and makes it the most recently
 * used; an expired one is reclaimed (a miss). */
static inline lyger_cache_entry *touch(lyger_cache *c, lyger_cache_entry **slot)
{
    lyger_cache_entry *e = *slot;
    if (UNLIKELY_EXPIRED(c, e)) {
        remove_at(c, slot);
        c->expirations++;
        c->misses++;
        return NULL;
    }
    c->hits++;
    if (c->newest != e) {
        lru_unlink(c, e);
        lru_push_newest(c, e);
    }
    return e;
}

lyger_cache_entry *lyger_cache_lookup(lyger_cache *c, const char *key, size_t key_len)
{
    uint32_t h = hash_bytes(key, key_len, c->seed);
    lyger_cache_entry **slot = find_slot(c, h, key, key_len);
    if (!*slot) {
        c->misses++;
        return NULL;
    }
    return touch(c, slot);
}

int lyger_cache_lookup_hint(lyger_cache *c, lyger_cache_entry *hint, const char *key, size_t key_len)
{
    if (hint->key_len != key_len || !bytes_equal(hint->data, key, key_len) || UNLIKELY_EXPIRED(c, hint)) {
        return 0; /* another key, or expired: the caller looks up (and reclaims) the usual way */
    }
    c->hits++;
    if (c->newest != hint) {
        lru_unlink(c, hint);
        lru_push_newest(c, hint);
    }
    return 1;
}

lyger_cache_entry *lyger_cache_peek(lyger_cache *c, const char *key, size_t key_len)
{
    lyger_cache_entry *e = *find_slot(c, hash_bytes(key, key_len, c->seed), key, key_len);
    return e && !is_expired(c, e) ? e : NULL;
}

const char *lyger_cache_entry_value(const lyger_cache_entry *e, size_t *value_len)
{
    *value_len = e->value_len;
    return e->data + e->key_len;
}

void **lyger_cache_entry_aux(lyger_cache_entry *e)
{
    return &e->aux;
}

const char *lyger_cache_get(lyger_cache *c, const char *key, size_t key_len, size_t *value_len)
{
    lyger_cache_entry *e = lyger_cache_lookup(c, key, key_len);
    if (!e) return NULL;
    return lyger_cache_entry_value(e, value_len);
}

int lyger_cache_has(lyger_cache *c, const char *key, size_t key_len)
{
    uint32_t h = hash_bytes(key, key_len, c->seed);
    lyger_cache_entry **slot = find_slot(c, h, key, key_len);
    if (!*slot) return 0;
    if (is_expired(c, *slot)) {
        remove_at(c, slot);
        c->expirations++;
        return 0;
    }
    return 1;
}

int lyger_cache_delete(lyger_cache *c, const char *key, size_t key_len)
{
    uint32_t h = hash_bytes(key, key_len, c->seed);
    lyger_cache_entry **slot = find_slot(c, h, key, key_len);
    if (!*slot) return 0;
    int live = !is_expired(c, *slot);
    if (!live) c->expirations++;
    remove_at(c, slot);
    return live;
}

void lyger_cache_clear(lyger_cache *c)
{
    while (c->oldest) {
        remove_entry(c, c->oldest);
    }
    if (c->mask + 1 > INITIAL_BUCKETS) {
        lyger_cache_entry **b = mem_zalloc(c, INITIAL_BUCKETS * sizeof *b);
        if (b) {
            mem_free(c, c->buckets);
            c->buckets = b;
            c->mask = INITIAL_BUCKETS - 1;
        }
    }
}

size_t lyger_cache_size(lyger_cache *c)
{
    sweep_expired(c);
    return c->count;
}

void lyger_cache_get_stats(lyger_cache *c, lyger_cache_stats *out)
{
    sweep_expired(c);
    out->entries = c->count;
    out->memory_used = c->memory_used;
    out->memory_limit = c->memory_limit;
    out->max_entries = c->max_entries;
    out->hits = c->hits;
    out->misses = c->misses;
    out->evictions = c->evictions;
    out->expirations = c->expirations;
}

int lyger_cache_same(const lyger_cache *a, const lyger_cache *b)
{
    const lyger_cache_entry *x = a->newest, *y = b->newest;
    for (; x && y; x = x->older, y = y->older) {
        if (x->key_len != y->key_len || x->value_len != y->value_len || x->expires != y->expires
            || memcmp(x->data, y->data, x->key_len + x->value_len) != 0) {
            return 0;
        }
    }
    return !x && !y;
}

int lyger_cache_check(lyger_cache *c)
{
    size_t count = 0, ttl = 0, used = 0;
    const lyger_cache_entry *newer = NULL;
    for (const lyger_cache_entry *e = c->newest; e; e = e->older) {
        if (e->newer != newer || ++count > c->count) return -1;
        if (e->value_len & ((size_t) 1 << (sizeof(size_t) * 8 - 1))) return -2; /* a batch mark left on */
        if (e->hash != hash_bytes(e->data, e->key_len, c->seed)) return -3;
        const lyger_cache_entry *f = c->buckets[e->hash & c->mask];
        while (f && f != e) f = f->chain;
        if (!f) return -4; /* not reachable from its bucket */
        if (e->expires) ttl++;
        used += entry_cost(e->key_len, e->value_len);
        newer = e;
    }
    if (newer != c->oldest || count != c->count) return -5;
    size_t chained = 0;
    for (size_t i = 0; i <= c->mask; i++) {
        for (const lyger_cache_entry *e = c->buckets[i]; e; e = e->chain) {
            if (++chained > count || (e->hash & c->mask) != i) return -6;
        }
    }
    if (chained != count) return -6;
    if (ttl != c->ttl_count) return -7;
    if (used != c->memory_used || used > c->memory_limit) return -8;
    if (c->max_entries && count > c->max_entries) return -9;
    return 0;
}
