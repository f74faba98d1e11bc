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

/* Where an entry lies in its store's heap (src/cache_shm.c), in 8-byte units from
 * the heap's mapping: 32 bits reach 32 GiB (LYGER_SHM_MAX). 0: none (the mapping
 * starts with the heap's header, never an entry). References rather than pointers
 * keep the header at 32 bytes, the per-entry charge at 64. */
typedef uint32_t lyger_ref;

struct lyger_cache_entry {
    lyger_ref chain;              /* next in the bucket */
    lyger_ref newer, older;       /* LRU neighbours */
    uint32_t hash;
    int64_t expires;              /* 0: never; else expired when now > expires */
    uint32_t key_len;             /* the key's length (KEY_MASK bits) and namespace (the rest) */
    uint32_t value_len;           /* below VALUE_LIMIT; cache_plan.c marks the top bit */
    char data[];                  /* key bytes, then value bytes */
};
_Static_assert(sizeof(struct lyger_cache_entry) == 32, "the entry header is part of the 64-byte charge");

/* A process's own store keeps one more word before each entry: the caller's aux
 * pointer (lyger_cache_entry_aux). A shared store has none (pre is 0). */
#define AUX_ROOM sizeof(void *)
#define AUX(e) (((void **) (e))[-1])

/* Values of 2 GiB and more are never stored (TOO_BIG): value_len's top bit is a mark. */
#define VALUE_LIMIT ((size_t) 1 << 31)

struct lyger_cache {
    /* what a lock-free get reads of the store, first */
    lyger_ref *buckets;
    size_t mask;                  /* bucket count - 1 (a power of two) */
    uint64_t seed;
    uint64_t kseed;               /* the hash seed of the current namespace's keys */
    lyger_cache_entry *newest;
    lyger_cache_entry *oldest;
    size_t count;
    size_t ttl_count;             /* entries with an expiry, to skip useless sweeps */
    size_t memory_used;
    size_t memory_limit;
    size_t max_entries;
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
    lyger_shm *shm;               /* the heap the store, its buckets and entries live in */
    uint64_t *intent;             /* the heap's intent word (lyger_shm_intent; see INTENT_*) */
    int shared;                   /* the host-wide segment (else a private mapping) */
    size_t pre;                   /* bytes before each entry: AUX_ROOM, or 0 when shared */
};

static inline lyger_cache_entry *ent(const lyger_cache *c, lyger_ref r)
{
    return r ? (lyger_cache_entry *) ((char *) c->shm + ((size_t) r << 3)) : NULL;
}

static inline lyger_ref ref_of(const lyger_cache *c, const lyger_cache_entry *e)
{
    return e ? (lyger_ref) (((const char *) e - (const char *) c->shm) >> 3) : 0;
}

/* ---- namespaces: an entry's key_len carries its namespace above the length bits,
 * so a lookup compares the tagged length and finds only its own namespace's keys */

#define KEY_BITS 26
#define KEY_MASK ((1u << KEY_BITS) - 1)
#define NS_OF(e) ((e)->key_len >> KEY_BITS)
#define KEY_LEN(e) ((e)->key_len & KEY_MASK)

static inline uint64_t ns_seed_of(uint64_t seed, unsigned ns)
{
    return seed ^ ((uint64_t) ns * 0x9E3779B97F4A7C15ULL);
}

static inline uint64_t ns_seed(const lyger_cache *c, unsigned ns)
{
    return ns_seed_of(c->seed, ns);
}

/* Makes ns the namespace lookups and new entries use (lyger_cache_use_namespace;
 * a repair, for the namespace of what the dead holder was changing). */
static inline void set_namespace(lyger_cache *c, unsigned ns)
{
    c->ns = ns;
    c->ns_tag = (uint32_t) ns << KEY_BITS;
    c->kseed = ns_seed(c, ns);
}

/* ---- what a lock holder is changing, for a repair after its death (cache_repair.c):
 * the segment's intent word, 0 again at every unlock. A private store writes the
 * word of its own heap, which nothing reads. */

#define INTENT_VALUE ((uint64_t) 1 << 32)  /* | ref: a value copied over in place (drop the entry) */
#define INTENT_PLAN ((uint64_t) 2 << 32)   /* a batch being checked (clear its marks) */
#define INTENT_WHOLE ((uint64_t) 3 << 32)  /* many entries at once (empty the store) */
#define INTENT_CLEAR ((uint64_t) 4 << 32)  /* | namespace: a clear (finish it) */
#define INTENT_APPLY ((uint64_t) 5 << 32)  /* | the journal's ref: a batch being linked (finish it) */

/* A batch's journal (cache_plan.c writes it, cache_repair.c reads it), a block of the
 * heap: the item count, a zero word, then per item its new entry until it is linked,
 * and the stored entry it overwrites in place until that is done (references, 0:
 * none). */
#define JOURNAL_ITEMS(j) ((j)[0])
#define JOURNAL_NEW(j, i) ((j)[2 + 2 * (i)])
#define JOURNAL_OLD(j, i) ((j)[3 + 2 * (i)])

static inline void intend(lyger_cache *c, uint64_t what)
{
    *c->intent = what;
}

/* ---- memory: the store's heap */

static inline void *mem_alloc(lyger_cache *c, size_t n)
{
    return lyger_shm_alloc(c->shm, n);
}

static inline void mem_free(lyger_cache *c, void *p)
{
    lyger_shm_free(c->shm, p);
}

static inline void *mem_zalloc(lyger_cache *c, size_t n)
{
    void *p = lyger_shm_alloc(c->shm, n);
    if (p) memset(p, 0, n);
    return p;
}

/* Frees an entry's block (NULL: nothing). */
static inline void free_entry(lyger_cache *c, lyger_cache_entry *e)
{
    if (e) lyger_shm_free(c->shm, (char *) e - c->pre);
}

#define INITIAL_BUCKETS 64

/* The charge of an entry (see LYGER_CACHE_ENTRY_OVERHEAD). It saturates instead of
 * wrapping for absurd lengths; keys of 64 MiB and more never fit (the entry keeps a
 * 26-bit key length beside its namespace), nor values of 2 GiB and more. Inline:
 * the store and the plan use it. */
static inline size_t entry_cost(size_t key_len, size_t value_len)
{
    if (key_len > KEY_MASK || value_len >= VALUE_LIMIT) return SIZE_MAX;
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
    lyger_cache_entry *newer = ent(c, e->newer), *older = ent(c, e->older);
    if (newer) newer->older = e->older; else c->newest = older;
    if (older) older->newer = e->newer; else c->oldest = newer;
}

static inline void lru_push_newest(lyger_cache *c, lyger_cache_entry *e)
{
    e->newer = 0;
    e->older = ref_of(c, c->newest);
    if (c->newest) c->newest->newer = ref_of(c, e); else c->oldest = e;
    c->newest = e;
}

/* Sets an entry's reference mark in the segment's byte map (see victim() in
 * cache_store.c), writing the byte only when unset: the map is read by every process. */
static inline void mark_referenced(uint8_t *marks, uint32_t hash)
{
    uint8_t *m = &marks[hash % LYGER_SHM_MARKS];
    if (!__atomic_load_n(m, __ATOMIC_RELAXED)) __atomic_store_n(m, 1, __ATOMIC_RELAXED);
}

/* ---- table */


static inline int key_equals(const lyger_cache_entry *e, uint32_t h, const char *key, size_t len, uint32_t tag)
{
    return e->hash == h && e->key_len == ((uint32_t) len | tag) && bytes_equal(e->data, key, len);
}

/* The reference that points at the entry for key (bucket head or a chain link): the
 * entry is ent(c, *slot), none when it is 0. */
static inline lyger_ref *find_slot(lyger_cache *c, uint32_t h, const char *key, size_t len)
{
    lyger_ref *slot = &c->buckets[h & c->mask];
    lyger_cache_entry *e;
    while ((e = ent(c, *slot)) && !key_equals(e, h, key, len, c->ns_tag)) {
        slot = &e->chain;
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
    if (c->pre && AUX(e)) {
        if (c->release) c->release(AUX(e), c->release_ctx);
        AUX(e) = NULL;
    }
    if (value_len) memmove(e->data + KEY_LEN(e), value, value_len);
    if (e->expires) c->ttl_count--;
    e->expires = expiry_for(c, ttl);
    if (e->expires) c->ttl_count++;
}


/* (src/cache_store.c) A store made in an empty heap (shared: the host's segment). */
lyger_cache *lyger_cache_create_in(lyger_shm *shm, int shared, size_t memory_limit, size_t max_entries);
/* (src/cache_store.c) Unlinks and frees a linked entry. */
void lyger_cache_remove_entry(lyger_cache *c, lyger_cache_entry *e);
/* (src/cache_repair.c) After lyger_shm_lock() returned 1: the store kept (what the dead
 * holder was changing undone) or emptied, the lock made consistent; NULL when no
 * store can be made. */
lyger_cache *lyger_cache_repair(lyger_shm *seg, size_t memory_limit, size_t max_entries);

/* (src/cache_store.c) A new, unlinked entry; evict: see there. */
lyger_cache_entry *lyger_cache_new_entry(lyger_cache *c, uint32_t h, const char *key, size_t key_len,
                                         const char *value, size_t value_len, int evict);
/* Links a new entry in, replacing any under its key and evicting as needed. */
void lyger_cache_insert_entry(lyger_cache *c, lyger_cache_entry *e);

#endif
