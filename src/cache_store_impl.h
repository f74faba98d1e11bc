/* The store's insides, shared by src/cache_store.c (table, recency, expiry,
 * figures) and src/cache_plan.c (applying batches): the structs and the small
 * inline helpers both run on their hot paths. Not for other files. */
#ifndef LYGER_CACHE_STORE_IMPL_H
#define LYGER_CACHE_STORE_IMPL_H

#include "cache_store.h"
#include "cache_hash.h"
#include "cache_shm.h"

#include <stdlib.h>
#include <string.h>

struct lyger_cache_entry {
    lyger_cache_entry *chain;     /* next in the bucket */
    lyger_cache_entry *newer;     /* LRU neighbours */
    lyger_cache_entry *older;
    void *aux;                    /* the caller's, see lyger_cache_entry_aux() */
    int64_t expires;              /* 0: never; else expired when now > expires */
    size_t value_len;
    uint32_t hash;
    uint32_t key_len;             /* the key's length (KEY_MASK bits) and namespace (the rest) */
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
    uint64_t kseed;               /* the hash seed of the current namespace's keys */
    uint32_t ns_tag;              /* the current namespace in key_len's high bits */
    unsigned ns;                  /* the current namespace */
    int64_t last_sweep;
    lyger_cache_figures figures[LYGER_CACHE_NAMESPACES];
    uint32_t ns_owner[LYGER_CACHE_NAMESPACES]; /* namespaces 1..ns_count-1: their owner ids */
    unsigned ns_count;            /* namespaces handed out; 0 is the store's own */
    lyger_cache_clock_fn clock;
    void *clock_ctx;
    lyger_cache_release_fn release;
    void *release_ctx;
    lyger_shm *shm;               /* NULL: blocks come from malloc */
};

/* ---- namespaces: an entry's key_len carries its namespace above the length bits,
 * so a lookup compares the tagged length and finds only its own namespace's keys */

#define KEY_BITS 26
#define KEY_MASK ((1u << KEY_BITS) - 1)
#define NS_OF(e) ((e)->key_len >> KEY_BITS)
#define KEY_LEN(e) ((e)->key_len & KEY_MASK)

static inline uint64_t ns_seed(const lyger_cache *c, unsigned ns)
{
    return c->seed ^ ((uint64_t) ns * 0x9E3779B97F4A7C15ULL);
}

/* ---- memory: malloc, or the segment's allocator */

static inline void *mem_alloc(lyger_cache *c, size_t n)
{
    return c->shm ? lyger_shm_alloc(c->shm, n) : malloc(n);
}

static inline void mem_free(lyger_cache *c, void *p)
{
    if (c->shm) lyger_shm_free(c->shm, p);
    else free(p);
}

static inline void *mem_zalloc(lyger_cache *c, size_t n)
{
    if (!c->shm) return calloc(1, n);
    void *p = lyger_shm_alloc(c->shm, n);
    if (p) memset(p, 0, n);
    return p;
}

#define INITIAL_BUCKETS 64

/* The charge of an entry (see LYGER_CACHE_ENTRY_OVERHEAD). It saturates instead of
 * wrapping for absurd lengths; keys of 64 MiB and more never fit (the entry keeps a
 * 26-bit key length beside its namespace). Inline: the store and the plan use it. */
static inline size_t entry_cost(size_t key_len, size_t value_len)
{
    if (key_len > KEY_MASK) return SIZE_MAX;
    size_t cost = key_len + LYGER_CACHE_ENTRY_OVERHEAD;
    if (cost < key_len || cost + value_len < cost) return SIZE_MAX;
    return cost + value_len;
}

static inline int fits(const lyger_cache *c, size_t key_len, size_t value_len)
{
    return entry_cost(key_len, value_len) <= c->memory_limit;
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


static inline int key_equals(const lyger_cache_entry *e, uint32_t h, const char *key, size_t len, uint32_t tag)
{
    return e->hash == h && e->key_len == ((uint32_t) len | tag) && bytes_equal(e->data, key, len);
}

/* The pointer that points at the entry for key (bucket head or a chain link). */
static inline lyger_cache_entry **find_slot(lyger_cache *c, uint32_t h, const char *key, size_t len)
{
    lyger_cache_entry **slot = &c->buckets[h & c->mask];
    while (*slot && !key_equals(*slot, h, key, len, c->ns_tag)) {
        slot = &(*slot)->chain;
    }
    return slot;
}

static inline int is_expired(lyger_cache *c, const lyger_cache_entry *e)
{
    return e->expires != 0 && c->clock(c->clock_ctx) > e->expires;
}

#define UNLIKELY_EXPIRED(c, e) __builtin_expect(is_expired((c), (e)), 0)


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
    if (value_len) memmove(e->data + KEY_LEN(e), value, value_len);
    if (e->expires) c->ttl_count--;
    e->expires = expiry_for(c, ttl);
    if (e->expires) c->ttl_count++;
}


/* (src/cache_store.c) A new, unlinked entry; evict: see there. */
lyger_cache_entry *lyger_cache_new_entry(lyger_cache *c, uint32_t h, const char *key, size_t key_len,
                                         const char *value, size_t value_len, int evict);
/* Links a new entry in, replacing any under its key and evicting as needed. */
void lyger_cache_insert_entry(lyger_cache *c, lyger_cache_entry *e);

#endif
