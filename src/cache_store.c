/* The cache store (see cache_store.h): a chained hash table whose entries also sit
 * on an intrusive doubly-linked LRU list (head: most recently used). Each entry is
 * one malloc block holding the header, the key and the value. The batch planner at
 * the end applies items that src/cache_batch.c parsed. */
#include "cache_store.h"
#include "cache_hash.h"

#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/random.h>
#endif
#include <time.h>
#include <unistd.h>

struct lyger_cache_entry {
    lyger_cache_entry *chain;     /* next in the bucket */
    lyger_cache_entry *newer;     /* LRU neighbours */
    lyger_cache_entry *older;
    void *aux;                    /* the caller's, see lyger_cache_entry_aux() */
    int64_t expires;              /* 0: never; else expired when now > expires */
    size_t value_len;
    uint32_t hash;
    uint32_t key_len;             /* keys are limited to 4 GiB - 1 (entry_cost) */
    char data[];                  /* key bytes, then value bytes */
};

struct lyger_cache {
    lyger_cache_entry **buckets;
    size_t mask;                  /* bucket count - 1 (a power of two) */
    lyger_cache_entry *newest;
    lyger_cache_entry *oldest;
    size_t count;
    size_t ttl_count;             /* entries with an expiry, to skip useless sweeps */
    size_t memory_used;
    size_t memory_limit;
    size_t max_entries;
    uint64_t seed;
    int64_t last_sweep;
    uint64_t hits, misses, evictions, expirations;
    lyger_cache_clock_fn clock;
    void *clock_ctx;
    lyger_cache_release_fn release;
    void *release_ctx;
};

#define INITIAL_BUCKETS 64

/* The charge of an entry (see LYGER_CACHE_ENTRY_OVERHEAD). It saturates instead of
 * wrapping for absurd lengths; keys of 4 GiB and more never fit (the entry keeps a
 * 32-bit key length). Inline: the store and the batch scanner use it per entry. */
static inline size_t entry_cost(size_t key_len, size_t value_len)
{
    if (key_len > UINT32_MAX) return SIZE_MAX;
    size_t cost = key_len + LYGER_CACHE_ENTRY_OVERHEAD;
    if (cost < key_len || cost + value_len < cost) return SIZE_MAX;
    return cost + value_len;
}

static inline int fits(const lyger_cache *c, size_t key_len, size_t value_len)
{
    return entry_cost(key_len, value_len) <= c->memory_limit;
}

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

/* ---- LRU list */

static inline void lru_unlink(lyger_cache *c, lyger_cache_entry *e)
{
    if (e->newer) e->newer->older = e->older; else c->newest = e->older;
    if (e->older) e->older->newer = e->newer; else c->oldest = e->newer;
}

static inline void lru_push_newest(lyger_cache *c, lyger_cache_entry *e)
{
    e->newer = NULL;
    e->older = c->newest;
    if (c->newest) c->newest->newer = e; else c->oldest = e;
    c->newest = e;
}

/* ---- table */


static inline int key_equals(const lyger_cache_entry *e, uint32_t h, const char *key, size_t len)
{
    return e->hash == h && e->key_len == len && bytes_equal(e->data, key, len);
}

/* The pointer that points at the entry for key (bucket head or a chain link). */
static inline lyger_cache_entry **find_slot(lyger_cache *c, uint32_t h, const char *key, size_t len)
{
    lyger_cache_entry **slot = &c->buckets[h & c->mask];
    while (*slot && !key_equals(*slot, h, key, len)) {
        slot = &(*slot)->chain;
    }
    return slot;
}

static void grow_table(lyger_cache *c)
{
    size_t n = (c->mask + 1) * 2;
    lyger_cache_entry **b = calloc(n, sizeof *b);
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
    free(c->buckets);
    c->buckets = b;
    c->mask = n - 1;
}

static inline int is_expired(lyger_cache *c, const lyger_cache_entry *e)
{
    return e->expires != 0 && c->clock(c->clock_ctx) > e->expires;
}

#define UNLIKELY_EXPIRED(c, e) __builtin_expect(is_expired((c), (e)), 0)

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
    free(e);
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

lyger_cache *lyger_cache_create(size_t memory_limit, size_t max_entries)
{
    lyger_cache *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->buckets = calloc(INITIAL_BUCKETS, sizeof *c->buckets);
    if (!c->buckets) {
        free(c);
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

void lyger_cache_destroy(lyger_cache *c)
{
    if (!c) return;
    lyger_cache_clear(c);
    free(c->buckets);
    free(c);
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
 * no expiry yet. */
static lyger_cache_entry *new_entry(lyger_cache *c, uint32_t h, const char *key, size_t key_len,
                                    const char *value, size_t value_len)
{
    (void) c;
    lyger_cache_entry *e = malloc(sizeof *e + key_len + value_len);
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
static void insert_entry(lyger_cache *c, lyger_cache_entry *e)
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

/* The expiry stamp for a ttl given now (see lyger_cache_set()). */
static inline int64_t expiry_for(lyger_cache *c, int64_t ttl)
{
    if (ttl <= 0) return 0;
    int64_t now = c->clock(c->clock_ctx);
    /* a ttl beyond the clock's range means "never" */
    return ttl > INT64_MAX - now ? 0 : now + ttl;
}

/* Stores a value of the entry's own size into it (no malloc/free, same charge),
 * recency left alone. value may point into the entry itself. */
static inline __attribute__((always_inline)) void
overwrite_value(lyger_cache *c, lyger_cache_entry *e, const char *value, size_t value_len, int64_t ttl)
{
    if (e->aux) {
        if (c->release) c->release(e->aux, c->release_ctx);
        e->aux = NULL;
    }
    if (value_len) memmove(e->data + e->key_len, value, value_len);
    if (e->expires) c->ttl_count--;
    e->expires = expiry_for(c, ttl);
    if (e->expires) c->ttl_count++;
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
    e = new_entry(c, h, key, key_len, value, value_len);
    if (!e) return LYGER_CACHE_NOMEM;
    e->expires = expiry_for(c, ttl);
    insert_entry(c, e);
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
        lyger_cache_entry **b = calloc(INITIAL_BUCKETS, sizeof *b);
        if (b) {
            free(c->buckets);
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

/* ---- applying a batch
 *
 * Both parsers first check every item and collect it as a pending item pointing at
 * its key and value bytes (in the input, in jansson's tree, or, for bytes that had
 * to be decoded or encoded, in an entry built at once), and plans it (plan_item,
 * a few items behind the parser). Nothing is stored until every item has passed;
 * then the plan decides how each item is applied (plan_finish):
 *   - in place: the key is stored with a value of the same size and nothing in the
 *     batch can disturb that entry; the value is copied over it, as cacheSet does;
 *   - otherwise a new entry is allocated for it before anything is stored.
 * The in-place path is only safe when applying the batch evicts nothing at any
 * step (an item replacing its entry frees the old one first) and no two
 * items share a stored key; when either may happen (the batch alone overflows the
 * budget or the entry cap, or it repeats a key), every item gets a new entry and
 * they are linked in order, exactly as successive cacheSet calls would leave the
 * store. Either way every allocation happens before the first item is stored, so a
 * batch that fails stores nothing. */

typedef struct {
    const char *key, *value;
    size_t key_len, value_len;
    int64_t ttl;
    uint32_t hash;
    lyger_cache_entry *fresh;  /* a new entry holding the item, or NULL: in place */
    lyger_cache_entry *target; /* the stored entry under the same key when planned */
} pending;

struct lyger_cache_plan {
    pending *items;
    size_t n, cap;
    size_t planned;  /* items[0, planned) went through plan_item */
    lyger_cache *cache;
    /* the plan so far (see plan_item) */
    size_t added, removed, new_keys;
    size_t peak;     /* the most memory_used reaches while the items are applied */
    size_t to_build; /* items needing a new entry when the plan is not sequential */
    int repeated; /* a stored key appears twice */
    int sequential;
    int marked;   /* stored entries carry the PLANNED mark */
};
typedef lyger_cache_plan pending_list;

/* Set on an entry's value_len while a batch is being checked: an item claims it. */
#define PLANNED ((size_t) 1 << (sizeof(size_t) * 8 - 1))

/* Finds the stored entry under the item's key and notes what storing it costs:
 * nothing more in place (a same-size value), else the charge of a new entry. */
static inline __attribute__((always_inline)) void plan_item(pending_list *l, pending *p)
{
    lyger_cache *c = l->cache;
    lyger_cache_entry *e = *find_slot(c, p->hash, p->key, p->key_len);
    if (e) {
        if (e->value_len & PLANNED) {
            l->repeated = 1; /* left unclaimed: the plan turns sequential */
            return;
        }
        e->value_len |= PLANNED;
        l->marked = 1;
        p->target = e;
        if (!p->fresh && (e->value_len & ~PLANNED) == p->value_len) return; /* in place */
        l->removed += entry_cost(e->key_len, e->value_len & ~PLANNED);
    } else {
        l->new_keys++;
    }
    if (!p->fresh) l->to_build++;
    size_t cost = entry_cost(p->key_len, p->value_len);
    l->added = l->added > SIZE_MAX - cost ? SIZE_MAX : l->added + cost;
    /* items are planned in order, and an item's old entry goes before its new
     * one comes: memory_used after this item is at most this */
    size_t now = c->memory_used - l->removed;
    now = now > SIZE_MAX - l->added ? SIZE_MAX : now + l->added;
    if (now > l->peak) l->peak = now;
}

/* A batch's stored entries are scattered over the heap, so each lookup would wait
 * for memory twice (bucket, then entry). Items are therefore planned PLAN_LAG
 * items behind the parser: the bucket is prefetched when an item is parsed, the
 * entry it points at half way, and the lookup finds both in cache. */
#define PLAN_LAG 8

static inline void plan_pipeline(pending_list *l)
{
    lyger_cache *c = l->cache;
    size_t n = l->n;
    if (n > PLAN_LAG / 2) __builtin_prefetch(c->buckets[l->items[n - 1 - PLAN_LAG / 2].hash & c->mask]);
    if (n - l->planned > PLAN_LAG) plan_item(l, &l->items[l->planned++]);
}

static void unmark(pending_list *l)
{
    if (!l->marked) return;
    for (size_t i = 0; i < l->planned; i++) {
        if (l->items[i].target) l->items[i].target->value_len &= ~PLANNED;
    }
    l->marked = 0;
}

static inline __attribute__((always_inline)) int pending_add(pending_list *l, const char *key, size_t key_len, const char *value, size_t value_len,
                       int64_t ttl, lyger_cache_entry *fresh)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        pending *d = realloc(l->items, cap * sizeof *d);
        if (!d) return 0;
        l->items = d;
        l->cap = cap;
    }
    pending *p = &l->items[l->n++];
    p->key = key;
    p->key_len = key_len;
    p->value = value;
    p->value_len = value_len;
    p->ttl = ttl;
    p->fresh = fresh;
    p->target = NULL;
    p->hash = fresh ? fresh->hash : hash_bytes(key, key_len, l->cache->seed);
    __builtin_prefetch(&l->cache->buckets[p->hash & l->cache->mask]);
    plan_pipeline(l);
    return 1;
}

/* Adds an item whose bytes do not outlive the parser's next step: built at once. */
static int pending_add_built(pending_list *l, const char *key, size_t key_len, const char *value,
                             size_t value_len, int64_t ttl)
{
    lyger_cache *c = l->cache;
    lyger_cache_entry *e = new_entry(c, hash_bytes(key, key_len, c->seed), key, key_len, value, value_len);
    if (!e) return 0;
    if (!pending_add(l, e->data, key_len, e->data + key_len, value_len, ttl, e)) {
        free(e);
        return 0;
    }
    return 1;
}

static void pending_free(pending_list *l)
{
    unmark(l);
    for (size_t i = 0; i < l->n; i++) free(l->items[i].fresh);
    free(l->items);
    l->items = NULL;
    l->n = l->cap = 0;
}


/* Ends the plan once every item is in: in place where that is safe (see above),
 * else new entries, all allocated now. With stop_on_repeat, a stored key that
 * appears twice ends it with LYGER_CACHE_PLAN_REPEATED_KEY instead. */
static lyger_cache_plan_result plan_finish(pending_list *l, int stop_on_repeat)
{
    lyger_cache *c = l->cache;
    while (l->planned < l->n) plan_item(l, &l->items[l->planned++]);
    if (l->repeated && stop_on_repeat) return LYGER_CACHE_PLAN_REPEATED_KEY;
    /* (the entry count only grows, by new_keys at most) */
    int sequential = l->repeated || l->peak > c->memory_limit
                     || (c->max_entries && l->new_keys > c->max_entries - c->count);
    l->sequential = sequential;
    /* the marks stay on until each item is applied (batch_apply), sparing a pass
     * over the entries; a sequential plan drops them now */
    if (sequential) unmark(l);
    else if (l->to_build == 0) return LYGER_CACHE_PLAN_OK;
    for (size_t i = 0; i < l->n; i++) {
        pending *p = &l->items[i];
        if (sequential) p->target = NULL;
        if (p->fresh || (p->target && (p->target->value_len & ~PLANNED) == p->value_len)) continue;
        p->fresh = new_entry(c, p->hash, p->key, p->key_len, p->value, p->value_len);
        if (!p->fresh) return LYGER_CACHE_PLAN_NOMEM;
    }
    return LYGER_CACHE_PLAN_OK;
}

/* Moves the run of entries first..last (adjacent on the LRU list, last the
 * newest of them) to the front, keeping their order. */
static void lru_splice_newest(lyger_cache *c, lyger_cache_entry *first, lyger_cache_entry *last)
{
    if (c->newest == last) return;
    /* last is not the newest, so last->newer is set */
    last->newer->older = first->older;
    if (first->older) first->older->newer = last->newer; else c->oldest = last->newer;
    last->newer = NULL;
    first->older = c->newest;
    c->newest->newer = first;
    c->newest = last;
}

/* Stores every planned item in order; cannot fail. Frees the list.
 *
 * Recency: making entries a, b, c most recently used one after the other leaves
 * them at the front in that order, so when their entries already sit next to each
 * other on the list (b just newer than a, as a batch that rewrites the keys of an
 * earlier batch finds them) the run is moved once, as a block, when it ends: the
 * same list, without relinking every entry. */
static long batch_apply(lyger_cache *c, pending_list *l)
{
    lyger_cache_entry *run_first = NULL, *run_last = NULL;
    for (size_t i = 0; i < l->n; i++) {
        pending *p = &l->items[i];
        if (i + PLAN_LAG < l->n) {
            lyger_cache_entry *ahead = l->items[i + PLAN_LAG].target;
            if (ahead) {
                __builtin_prefetch(ahead, 1);
                __builtin_prefetch((char *) ahead + 64, 1);
                __builtin_prefetch((char *) ahead + 128, 1);
            }
        }
        if (p->target) p->target->value_len &= ~PLANNED; /* no other item claims it */
        if (p->fresh) {
            if (run_first) lru_splice_newest(c, run_first, run_last);
            run_first = run_last = NULL;
            p->fresh->expires = expiry_for(c, p->ttl);
            insert_entry(c, p->fresh);
            p->fresh = NULL;
        } else {
            lyger_cache_entry *e = p->target;
            overwrite_value(c, e, p->value, p->value_len, p->ttl);
            if (run_first && e->older == run_last) {
                run_last = e;
            } else {
                if (run_first) lru_splice_newest(c, run_first, run_last);
                run_first = run_last = e;
            }
        }
    }
    if (run_first) lru_splice_newest(c, run_first, run_last);
    long n = (long) l->n;
    /* every mark is cleared and every new entry linked: nothing left to free but
     * the list itself */
    free(l->items);
    l->items = NULL;
    l->n = l->cap = 0;
    l->marked = 0;
    return n;
}

/* Whether two items with keys not yet stored share a key (an open-addressing set
 * of indexes; keys already stored were checked by the plan). 1: yes or no memory. */
static int new_keys_repeat(const pending *items, size_t n, size_t new_keys)
{
    if (new_keys < 2) return 0;
    size_t size = 16;
    while (size < new_keys * 2) size *= 2;
    size_t *set = malloc(size * sizeof *set);
    if (!set) return 1;
    memset(set, 0xff, size * sizeof *set);
    int dup = 0;
    for (size_t i = 0; i < n && !dup; i++) {
        const pending *p = &items[i];
        if (p->target) continue;
        size_t j = p->hash & (size - 1);
        while (set[j] != SIZE_MAX) {
            const pending *q = &items[set[j]];
            if (q->hash == p->hash && q->key_len == p->key_len && memcmp(q->key, p->key, p->key_len) == 0) {
                dup = 1;
                break;
            }
            j = (j + 1) & (size - 1);
        }
        set[j] = i;
    }
    free(set);
    return dup;
}

/* ---- the plan API (cache_store.h) */

lyger_cache_plan *lyger_cache_plan_new(lyger_cache *c)
{
    lyger_cache_plan *l = calloc(1, sizeof *l);
    if (l) l->cache = c;
    return l;
}

int lyger_cache_plan_add(lyger_cache_plan *l, const char *key, size_t key_len, const char *value,
                         size_t value_len, int64_t ttl)
{
    return pending_add(l, key, key_len, value, value_len, ttl, NULL);
}

int lyger_cache_plan_add_copy(lyger_cache_plan *l, const char *key, size_t key_len, const char *value,
                              size_t value_len, int64_t ttl)
{
    return pending_add_built(l, key, key_len, value, value_len, ttl);
}

size_t lyger_cache_plan_count(const lyger_cache_plan *l)
{
    return l->n;
}

lyger_cache_plan_result lyger_cache_plan_finish(lyger_cache_plan *l, int unique_keys)
{
    lyger_cache_plan_result r = plan_finish(l, unique_keys);
    /* (a sequential plan dropped every target: all keys count as new) */
    if (r == LYGER_CACHE_PLAN_OK && unique_keys
        && new_keys_repeat(l->items, l->n, l->sequential ? l->n : l->new_keys)) {
        r = LYGER_CACHE_PLAN_REPEATED_KEY;
    }
    return r;
}

long lyger_cache_plan_apply(lyger_cache_plan *l)
{
    long n = batch_apply(l->cache, l);
    free(l);
    return n;
}

void lyger_cache_plan_free(lyger_cache_plan *l)
{
    if (!l) return;
    pending_free(l);
    free(l);
}
