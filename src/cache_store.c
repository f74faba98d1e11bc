/* The cache store (see cache_store.h): a chained hash table whose entries also sit
 * on an intrusive doubly-linked LRU list (head: most recently used). Each entry is
 * one block holding the header, the key and the value, in a heap of src/cache_shm.c
 * that also holds the store's own struct and bucket array: a private mapping (a
 * process's own store) or the host-wide segment (every call then runs under the
 * segment's lock). Entries link to each other by 32-bit references into that heap.
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
    /* (a death part-way through leaves chains half moved: a repair relinks them from
     * the LRU list, see salvage() in cache_repair.c) */
    lyger_ref *b = mem_zalloc(c, n * sizeof *b);
    if (!b) {
        return; /* longer chains, still correct */
    }
    for (size_t i = 0; i <= c->mask; i++) {
        lyger_ref r = c->buckets[i];
        while (r) {
            lyger_cache_entry *e = ent(c, r);
            lyger_ref next = e->chain;
            e->chain = b[e->hash & (n - 1)];
            b[e->hash & (n - 1)] = r;
            r = next;
        }
    }
    lyger_ref *old = c->buckets;
    c->buckets = b;
    c->mask = n - 1;
    mem_free(c, old);
}

/* Unlinks and frees the entry *slot points at. */
static void remove_at(lyger_cache *c, lyger_ref *slot)
{
    lyger_cache_entry *e = ent(c, *slot);
    *slot = e->chain;
    lru_unlink(c, e);
    size_t cost = entry_cost(KEY_LEN(e), e->value_len);
    lyger_cache_figures *f = &c->figures[NS_OF(e)];
    c->count--;
    f->entries--;
    if (e->expires) c->ttl_count--;
    c->memory_used -= cost;
    f->memory_used -= cost;
    if (c->pre && AUX(e) && c->release) c->release(AUX(e), c->release_ctx);
    free_entry(c, e);
}

void lyger_cache_remove_entry(lyger_cache *c, lyger_cache_entry *e)
{
    lyger_ref r = ref_of(c, e);
    lyger_ref *slot = &c->buckets[e->hash & c->mask];
    while (*slot != r) slot = &ent(c, *slot)->chain;
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
        lyger_cache_entry *newer = ent(c, e->newer);
        if (e->expires != 0 && now > e->expires) {
            c->figures[NS_OF(e)].expirations++;
            lyger_cache_remove_entry(c, e);
        }
        e = newer;
    }
}

static inline int over_limits(const lyger_cache *c, size_t cost)
{
    return c->memory_used + cost > c->memory_limit || (c->max_entries && c->count + 1 > c->max_entries);
}

/* The entry to evict. A shared store's lock-free gets do not move entries to the
 * front; they mark the entry's byte in the segment's reference map (indexed by the
 * hash, so a mark may stand for a few entries). So a shared store gives CLOCK's
 * second chance: the oldest entry, when marked, has its mark cleared and goes to the
 * front, and the next oldest is tried (at most once around the list). */
static lyger_cache_entry *victim(lyger_cache *c)
{
    if (c->shared) {
        uint8_t *marks = lyger_shm_marks(c->shm);
        for (size_t n = c->count; n && c->oldest != c->newest; n--) {
            lyger_cache_entry *e = c->oldest;
            uint8_t *m = &marks[e->hash % LYGER_SHM_MARKS];
            if (!__atomic_load_n(m, __ATOMIC_RELAXED)) break;
            __atomic_store_n(m, 0, __ATOMIC_RELAXED);
            lru_unlink(c, e);
            lru_push_newest(c, e);
        }
    }
    return c->oldest;
}

static void evict_one(lyger_cache *c)
{
    lyger_cache_entry *e = victim(c);
    c->figures[NS_OF(e)].evictions++;
    lyger_cache_remove_entry(c, e);
}

/* Frees room for one more entry of the given cost: expired entries, then the least
 * recently used (a shared store: see victim()). */
static void make_room(lyger_cache *c, size_t cost)
{
    if (!over_limits(c, cost)) return;
    sweep_expired(c);
    while (c->oldest && over_limits(c, cost)) evict_one(c);
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

size_t lyger_cache_heap_size(size_t memory_limit)
{
    /* twice the budget, as address space (pages are touched only as used): a batch
     * makes all its entries before it replaces the ones they supersede, and the
     * allocator's free space between blocks needs room beside the budget's charge */
    return memory_limit > (LYGER_SHM_MAX >> 1) ? LYGER_SHM_MAX : memory_limit * 2 + ((size_t) 1 << 20);
}

lyger_cache *lyger_cache_create_in(lyger_shm *shm, int shared, size_t memory_limit, size_t max_entries)
{
    lyger_cache tmp = {.shm = shm};
    lyger_cache *c = mem_zalloc(&tmp, sizeof *c);
    if (!c) return NULL;
    c->shm = shm;
    c->intent = lyger_shm_intent(shm);
    c->shared = shared;
    c->pre = shared ? 0 : AUX_ROOM;
    c->buckets = mem_zalloc(c, INITIAL_BUCKETS * sizeof *c->buckets);
    if (!c->buckets) {
        mem_free(&tmp, c);
        return NULL;
    }
    c->mask = INITIAL_BUCKETS - 1;
    c->memory_limit = memory_limit;
    c->max_entries = max_entries;
    c->seed = make_seed(c);
    c->kseed = c->seed; /* namespace 0 */
    c->clock = monotonic_seconds;
    c->last_sweep = INT64_MIN;
    return c;
}

lyger_cache *lyger_cache_create(size_t memory_limit, size_t max_entries)
{
    lyger_shm *heap = lyger_shm_create_private(lyger_cache_heap_size(memory_limit));
    if (!heap) return NULL;
    lyger_cache *c = lyger_cache_create_in(heap, 0, memory_limit, max_entries);
    if (!c) lyger_shm_destroy(heap);
    return c;
}

void lyger_cache_destroy(lyger_cache *c)
{
    if (!c) return;
    lyger_cache_clear(c); /* (runs the release hook for every entry holding an aux) */
    if (!c->shared) {
        lyger_shm_destroy(c->shm);
        return;
    }
    lyger_cache tmp = {.shm = c->shm};
    mem_free(c, c->buckets);
    mem_free(&tmp, c);
}

lyger_cache *lyger_cache_shared_lock(lyger_shm *seg, size_t memory_limit, size_t max_entries, int *repaired)
{
    int rc = lyger_shm_lock(seg);
    if (rc < 0) return NULL;
    *repaired = rc;
    /* (a holder that died at any instruction: see src/cache_repair.c) */
    lyger_cache *c = rc == 1 ? lyger_cache_repair(seg, memory_limit, max_entries) : lyger_shm_root(seg);
    if (!c && rc == 0) {
        c = lyger_cache_create_in(seg, 1, memory_limit, max_entries);
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
    return c->shared;
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
 * no expiry yet. A block that is not there after the budget let the entry in (the
 * heap is fragmented) is made by evicting the least recently used entries, when
 * evict allows it (not while a batch holds plans on entries). */
lyger_cache_entry *lyger_cache_new_entry(lyger_cache *c, uint32_t h, const char *key, size_t key_len,
                                       const char *value, size_t value_len, int evict)
{
    size_t size = c->pre + sizeof(lyger_cache_entry) + key_len + value_len;
    char *p = mem_alloc(c, size);
    while (!p && evict && c->oldest) {
        evict_one(c);
        p = mem_alloc(c, size);
    }
    if (!p) return NULL;
    lyger_cache_entry *e = (lyger_cache_entry *) (p + c->pre);
    if (c->pre) AUX(e) = NULL;
    e->hash = h;
    e->key_len = (uint32_t) key_len | c->ns_tag;
    e->value_len = (uint32_t) value_len;
    e->expires = 0;
    memcpy(e->data, key, key_len);
    if (value_len) memcpy(e->data + key_len, value, value_len);
    return e;
}


/* Links a new entry (which must fit the budget) in, replacing any entry under the
 * same key and evicting as needed. Cannot fail. */
void lyger_cache_insert_entry(lyger_cache *c, lyger_cache_entry *e)
{
    size_t cost = entry_cost(KEY_LEN(e), e->value_len);
    lyger_ref *slot = find_slot(c, e->hash, e->data, KEY_LEN(e));
    if (*slot) remove_at(c, slot); /* replaced, not evicted */
    make_room(c, cost);

    /* a process's own table doubles when it holds as many entries as buckets; the
     * shared one at half that, since a lock-free get at a million keys waits on
     * memory for every chain link it follows (1 + load/2 entries on average) */
    if ((c->count << c->shared) >= c->mask + 1) grow_table(c);
    slot = &c->buckets[e->hash & c->mask];
    e->chain = *slot;
    *slot = ref_of(c, e);
    lru_push_newest(c, e);
    c->count++;
    c->figures[NS_OF(e)].entries++;
    if (e->expires) c->ttl_count++;
    c->memory_used += cost;
    c->figures[NS_OF(e)].memory_used += cost;
}

/* Stores a same-size value in place and makes the entry the most recently used; in
 * a shared store, marks it instead, as a lock-free get does (CLOCK): moving it would
 * also rewrite its two neighbours' headers, two more waits on memory at a million
 * keys. */
static inline __attribute__((always_inline)) void
overwrite_in_place(lyger_cache *c, lyger_cache_entry *e, const char *value, size_t value_len, int64_t ttl)
{
    overwrite_value(c, e, value, value_len, ttl);
    if (c->newest == e) return;
    if (c->shared) {
        mark_referenced(lyger_shm_marks(c->shm), e->hash);
        return;
    }
    lru_unlink(c, e);
    lru_push_newest(c, e);
}

lyger_cache_status lyger_cache_set(lyger_cache *c, const char *key, size_t key_len,
                                   const char *value, size_t value_len, int64_t ttl)
{
    if (entry_cost(key_len, value_len) > c->memory_limit) return LYGER_CACHE_TOO_BIG;
    uint32_t h = hash_bytes(key, key_len, c->kseed);
    lyger_cache_entry *e = ent(c, *find_slot(c, h, key, key_len));
    if (e && e->value_len == value_len) {
        intend(c, INTENT_VALUE | ref_of(c, e));
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
static inline lyger_cache_entry *touch(lyger_cache *c, lyger_ref *slot)
{
    lyger_cache_entry *e = ent(c, *slot);
    if (UNLIKELY_EXPIRED(c, e)) {
        remove_at(c, slot);
        c->figures[c->ns].expirations++;
        c->figures[c->ns].misses++;
        return NULL;
    }
    c->figures[c->ns].hits++;
    if (c->newest != e) {
        lru_unlink(c, e);
        lru_push_newest(c, e);
    }
    return e;
}

lyger_cache_entry *lyger_cache_lookup(lyger_cache *c, const char *key, size_t key_len)
{
    uint32_t h = hash_bytes(key, key_len, c->kseed);
    lyger_ref *slot = find_slot(c, h, key, key_len);
    if (!*slot) {
        c->figures[c->ns].misses++;
        return NULL;
    }
    return touch(c, slot);
}

int lyger_cache_lookup_hint(lyger_cache *c, lyger_cache_entry *hint, const char *key, size_t key_len)
{
    if (hint->key_len != ((uint32_t) key_len | c->ns_tag) || !bytes_equal(hint->data, key, key_len)
        || UNLIKELY_EXPIRED(c, hint)) {
        return 0; /* another key, or expired: the caller looks up (and reclaims) the usual way */
    }
    c->figures[c->ns].hits++;
    if (c->newest != hint) {
        lru_unlink(c, hint);
        lru_push_newest(c, hint);
    }
    return 1;
}

lyger_cache_entry *lyger_cache_peek(lyger_cache *c, const char *key, size_t key_len)
{
    lyger_cache_entry *e = ent(c, *find_slot(c, hash_bytes(key, key_len, c->kseed), key, key_len));
    return e && !is_expired(c, e) ? e : NULL;
}

const char *lyger_cache_entry_value(const lyger_cache_entry *e, size_t *value_len)
{
    *value_len = e->value_len;
    return e->data + KEY_LEN(e);
}

void **lyger_cache_entry_aux(lyger_cache_entry *e)
{
    return &AUX(e);
}

const char *lyger_cache_get(lyger_cache *c, const char *key, size_t key_len, size_t *value_len)
{
    lyger_cache_entry *e = lyger_cache_lookup(c, key, key_len);
    if (!e) return NULL;
    return lyger_cache_entry_value(e, value_len);
}

int lyger_cache_has(lyger_cache *c, const char *key, size_t key_len)
{
    uint32_t h = hash_bytes(key, key_len, c->kseed);
    lyger_ref *slot = find_slot(c, h, key, key_len);
    if (!*slot) return 0;
    if (is_expired(c, ent(c, *slot))) {
        remove_at(c, slot);
        c->figures[c->ns].expirations++;
        return 0;
    }
    return 1;
}

int lyger_cache_delete(lyger_cache *c, const char *key, size_t key_len)
{
    uint32_t h = hash_bytes(key, key_len, c->kseed);
    lyger_ref *slot = find_slot(c, h, key, key_len);
    if (!*slot) return 0;
    int live = !is_expired(c, ent(c, *slot));
    if (!live) c->figures[c->ns].expirations++;
    remove_at(c, slot);
    return live;
}

void lyger_cache_clear(lyger_cache *c)
{
    intend(c, INTENT_CLEAR | c->ns);
    if (c->ns_count > 1) {
        /* other namespaces' entries stay */
        for (lyger_cache_entry *e = c->oldest, *newer; e; e = newer) {
            newer = ent(c, e->newer);
            if (NS_OF(e) == c->ns) lyger_cache_remove_entry(c, e);
        }
        if (c->oldest) return;
    }
    while (c->oldest) {
        lyger_cache_remove_entry(c, c->oldest);
    }
    if (c->mask + 1 > INITIAL_BUCKETS) {
        lyger_ref *b = mem_zalloc(c, INITIAL_BUCKETS * sizeof *b), *old = c->buckets;
        if (b) {
            /* (the old array is freed last: a death before leaves it unowned, and a
             * repair frees it) */
            c->mask = INITIAL_BUCKETS - 1;
            c->buckets = b;
            mem_free(c, old);
        }
    }
}

size_t lyger_cache_size(lyger_cache *c)
{
    sweep_expired(c);
    return c->figures[c->ns].entries;
}

void lyger_cache_get_stats(lyger_cache *c, lyger_cache_stats *out)
{
    sweep_expired(c);
    const lyger_cache_figures *f = &c->figures[c->ns];
    out->entries = f->entries;
    out->memory_used = f->memory_used;
    out->memory_limit = c->memory_limit;
    out->max_entries = c->max_entries;
    out->hits = f->hits;
    out->misses = f->misses;
    if (c->shared) {
        /* and the lock-free gets' counts, kept per process */
        const lyger_shm_slot *s = lyger_shm_slots(c->shm);
        for (unsigned i = 0; i < LYGER_SHM_SLOTS; i++) {
            if (s[i].tag == c->ns) {
                out->hits += __atomic_load_n(&s[i].hits, __ATOMIC_RELAXED);
                out->misses += __atomic_load_n(&s[i].misses, __ATOMIC_RELAXED);
            }
        }
    }
    out->evictions = f->evictions;
    out->expirations = f->expirations;
    out->host_entries = c->count;
    out->host_memory_used = c->memory_used;
    out->namespaces = c->ns_count ? c->ns_count : 1;
}

int lyger_cache_use_namespace(lyger_cache *c, uint32_t owner)
{
    unsigned ns = 0;
    if (c->ns_count == 0) {
        /* the first owner takes namespace 0, the store's own */
        c->ns_owner[0] = owner;
        c->ns_count = 1;
    }
    while (ns < c->ns_count && c->ns_owner[ns] != owner) ns++;
    if (ns == c->ns_count) {
        if (ns == LYGER_CACHE_NAMESPACES) return -1;
        c->ns_owner[ns] = owner;
        c->ns_count++;
    }
    /* (written only when they change: every locker calls this, and lock-free gets in
     * other processes read the line kseed is on. All three are compared, since a holder
     * may have died between writing them.) */
    if (c->ns != ns || c->ns_tag != (uint32_t) ns << KEY_BITS || c->kseed != ns_seed(c, ns)) {
        set_namespace(c, ns);
    }
    return (int) ns;
}

void lyger_cache_each(const lyger_cache *c, lyger_cache_each_fn fn, void *ctx)
{
    for (const lyger_cache_entry *e = c->oldest; e; e = ent(c, e->newer)) {
        fn(e->data, KEY_LEN(e), e->data + KEY_LEN(e), e->value_len, e->expires, ctx);
    }
}

int lyger_cache_same(const lyger_cache *a, const lyger_cache *b)
{
    const lyger_cache_entry *x = a->newest, *y = b->newest;
    for (; x && y; x = ent(a, x->older), y = ent(b, y->older)) {
        if (x->key_len != y->key_len || x->value_len != y->value_len || x->expires != y->expires
            || memcmp(x->data, y->data, KEY_LEN(x) + x->value_len) != 0) {
            return 0;
        }
    }
    return !x && !y;
}
