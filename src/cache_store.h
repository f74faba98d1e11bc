/* The cache store: an in-process key/value store with a byte budget, an optional
 * entry cap, LRU eviction and lazy TTL expiry. Plain C (no Zend headers) so it can
 * be tested, fuzzed and benchmarked through its C ABI.
 *
 * Keys and values are binary-safe (pointer, length). One store belongs to one
 * thread; it takes no locks. All its memory is one private mapping of
 * lyger_cache_heap_size(budget) bytes of address space (pages touched as used),
 * owned by the store until lyger_cache_destroy(); the host-wide store lives in the
 * shared segment instead (lyger_cache_shared_lock). */
#ifndef LYGER_CACHE_STORE_H
#define LYGER_CACHE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "cache_shm.h"

/* Bytes charged per entry on top of its key and value, an upper bound of what the
 * entry really costs: the 32-byte entry header (its links are 32-bit references),
 * the heap's block tag (8) and rounding to 8 (at most 7), then
 * - in a process's own store, the aux word (8) and the entry's share of the bucket
 *   array (4-byte references; the table doubles when it holds as many entries as
 *   buckets: 4 to 8 bytes): 32 + 8 + 7 + 8 + 8 = 63;
 * - in the shared segment, the bucket share alone, its table kept at most half
 *   full (8 to 16 bytes): 32 + 8 + 7 + 16 = 63.
 * memory_used is the sum over live entries of key length + value length + this
 * constant. */
#define LYGER_CACHE_ENTRY_OVERHEAD 64

typedef struct lyger_cache lyger_cache;
typedef struct lyger_cache_entry lyger_cache_entry;

/* The time source for TTLs, in whole seconds from any fixed origin. */
typedef int64_t (*lyger_cache_clock_fn)(void *ctx);
/* Called with an entry's aux pointer when an entry holding one is freed
 * (replaced, deleted, cleared, expired or evicted). */
typedef void (*lyger_cache_release_fn)(void *aux, void *ctx);

typedef enum {
    LYGER_CACHE_OK = 0,
    LYGER_CACHE_TOO_BIG, /* key + value + overhead exceed the whole budget */
    LYGER_CACHE_NOMEM    /* malloc failed; the store is unchanged */
} lyger_cache_status;

/* Namespaces: a store can keep up to this many key spaces apart (the shared store:
 * one per user id). Each has its own entries and figures; the budget is the store's. */
#define LYGER_CACHE_NAMESPACES 64

typedef struct {
    size_t entries, memory_used;
    uint64_t hits, misses, evictions, expirations;
} lyger_cache_figures;

typedef struct {
    size_t entries;      /* live entries (expired ones are reclaimed first) */
    size_t memory_used;  /* see LYGER_CACHE_ENTRY_OVERHEAD */
    size_t memory_limit;
    size_t max_entries;  /* 0: no cap */
    uint64_t hits, misses, evictions, expirations;
    size_t host_entries, host_memory_used; /* every namespace's */
    unsigned namespaces;                   /* in use */
} lyger_cache_stats;

/* Keys longer than this never fit (their length shares a word with the namespace). */
#define LYGER_CACHE_KEY_MAX ((1u << 26) - 1)

/* A store holding at most memory_limit bytes (as counted above) and at most
 * max_entries entries (0: no cap). NULL when out of memory (or address space). */
lyger_cache *lyger_cache_create(size_t memory_limit, size_t max_entries);
/* The heap a store of this budget needs (twice it, plus 1 MiB; at most
 * LYGER_SHM_MAX): the size of a private store's mapping and of the shared segment. */
size_t lyger_cache_heap_size(size_t memory_limit);
void lyger_cache_destroy(lyger_cache *cache);

/* The store of the host-wide segment (src/cache_shm.h), locked: created on the
 * first call, and emptied and made anew when the lock's last holder died holding
 * it (*repaired = 1; the figures are kept). Every call on the store then runs
 * until lyger_cache_shared_unlock(). NULL (not locked) when the lock is unusable or
 * the segment cannot hold an empty store. No release hook or aux pointer may be
 * used on a shared store: they would point into one process. */
lyger_cache *lyger_cache_shared_lock(struct lyger_shm *seg, size_t memory_limit, size_t max_entries,
                                     int *repaired);
void lyger_cache_shared_unlock(struct lyger_shm *seg);
int lyger_cache_is_shared(const lyger_cache *cache);

/* Makes the namespace of owner (any id, e.g. a uid) current: every later call
 * until the next lyger_cache_use_namespace sees, counts and clears only its
 * entries (a store starts in namespace 0, its first owner's). The namespace's
 * index, or -1 when LYGER_CACHE_NAMESPACES owners already have one (unchanged). */
int lyger_cache_use_namespace(lyger_cache *cache, uint32_t owner);

/* Lock-free gets on a shared store (src/cache_read.c), for a process that took a
 * counter slot (under the lock: lyger_cache_reader_slot, -1 when none is free) and
 * knows the store's root and its namespace from its last locked call, through the
 * segment's view (lyger_shm_view_of). 1: a hit, the value copied into buf; 0: a miss;
 * -1: cannot tell without the lock (a writer was busy, the store was rebuilt, the value
 * is longer than cap, or the entry expired): ask again under it. Counts its hits and
 * misses in the slot, and marks the entry referenced instead of moving it (see victim()
 * in cache_store.c), so it writes no line other processes read, except a mark not yet
 * set. */
/* threads: 1 when several threads of the process use the slot (a ZTS build): its
 * counts are then atomic increments, else a plain load and store (an atomic
 * read-modify-write is a full barrier on x86, which stops a get's memory misses from
 * overlapping the next one's). */
int lyger_cache_reader_slot(lyger_cache *cache, int pid, int threads);
typedef struct {
    uint64_t seq;     /* the segment's sequence value the read was valid at */
    int64_t expires;  /* the entry's expiry stamp, 0: none */
    uint32_t mark;    /* the entry's reference mark */
} lyger_cache_read_info;
int lyger_cache_try_get(const lyger_shm_view *view, const lyger_cache *expect, unsigned ns, int slot,
                        const char *key, size_t key_len, char *buf, size_t cap, size_t *value_len,
                        lyger_cache_read_info *info);
/* The same, once (no wait for a busy writer: -1), and -3 when the value is longer than
 * cap (*value_len: its length as read, checked unchanged and inside the segment; the
 * value may change before the next call): the
 * caller, which gave the buffer it will hand on (a request string made before the
 * get's waits on memory, at the length its last get found), makes one that long and
 * asks again. */
int lyger_cache_try_get_into(const lyger_shm_view *view, const lyger_cache *expect, unsigned ns, int slot,
                             const char *key, size_t key_len, char *buf, size_t cap, size_t *value_len,
                             lyger_cache_read_info *info);
/* For a set about to take the shared store's lock: starts loading the bucket and first
 * entry the key hashes to, when the store holds enough entries to be past the CPU's
 * caches (a hint only: nothing read here is relied on). Returns whether it was. */
int lyger_cache_prefetch_set(const lyger_shm_view *view, const lyger_cache *expect, unsigned ns,
                             const char *key, size_t key_len);
/* A hit answered from a copy made by a lock-free get while the segment's sequence value
 * is still info->seq (nothing changed since): counts it and marks the entry, as the get
 * would. */
void lyger_cache_count_hit(const lyger_shm_view *view, int slot, uint32_t mark);

/* Replaces the clock (default: CLOCK_MONOTONIC seconds). For tests and fuzzers. */
void lyger_cache_set_clock(lyger_cache *cache, lyger_cache_clock_fn fn, void *ctx);
void lyger_cache_set_release_hook(lyger_cache *cache, lyger_cache_release_fn fn, void *ctx);

/* The charge of one entry, whether it can ever fit, and the budget. */
size_t lyger_cache_entry_cost(size_t key_len, size_t value_len);
int lyger_cache_fits(const lyger_cache *cache, size_t key_len, size_t value_len);
size_t lyger_cache_memory_limit(const lyger_cache *cache);

/* Stores a copy (values of 2 GiB and more are TOO_BIG). ttl in seconds, 0: no
 * expiry; an entry with ttl t stays live for at least t and less than t + 1
 * seconds. Evicts expired entries first, then the least recently used, to make
 * room. On TOO_BIG or NOMEM nothing changes (an old value under the same key
 * stays). */
lyger_cache_status lyger_cache_set(lyger_cache *cache, const char *key, size_t key_len,
                                   const char *value, size_t value_len, int64_t ttl);

/* The live entry for key (counting a hit and making it most recently used) or NULL
 * (counting a miss; an expired entry found on the way is reclaimed). The entry
 * stays valid until the next call that changes the store. */
lyger_cache_entry *lyger_cache_lookup(lyger_cache *cache, const char *key, size_t key_len);
/* A lookup the caller hopes it can answer itself: hint is an entry it got from an
 * earlier lookup and knows is still stored (its release hook has not run). When
 * hint holds key and is live, counts the hit, makes it most recently used and
 * returns 1, without hashing or searching the table; else returns 0 and changes
 * nothing (the caller then calls lyger_cache_lookup). */
int lyger_cache_lookup_hint(lyger_cache *cache, lyger_cache_entry *hint, const char *key, size_t key_len);
/* The live entry for key, or NULL; counts nothing, changes nothing. */
lyger_cache_entry *lyger_cache_peek(lyger_cache *cache, const char *key, size_t key_len);
const char *lyger_cache_entry_value(const lyger_cache_entry *entry, size_t *value_len);
/* A slot the caller may use to attach its own data to an entry (NULL initially);
 * the release hook is called with it when the entry goes away. A process's own
 * store only: a shared store's entries have no such slot. */
void **lyger_cache_entry_aux(lyger_cache_entry *entry);

/* Convenience over lookup: the value (valid until the store changes) or NULL. */
const char *lyger_cache_get(lyger_cache *cache, const char *key, size_t key_len, size_t *value_len);
/* Whether a live entry exists; does not count hits/misses nor refresh recency. */
int lyger_cache_has(lyger_cache *cache, const char *key, size_t key_len);
/* 1 when a live entry was removed, 0 otherwise. */
int lyger_cache_delete(lyger_cache *cache, const char *key, size_t key_len);
void lyger_cache_clear(lyger_cache *cache);
/* Live entries; reclaims expired ones first. */
size_t lyger_cache_size(lyger_cache *cache);
void lyger_cache_get_stats(lyger_cache *cache, lyger_cache_stats *out);
/* Calls fn for every entry from the least to the most recently used, with its
 * expiry stamp (0: never; else the clock's second after which it is expired). The
 * store must not change during the walk. For the Redis tier's batches. */
typedef void (*lyger_cache_each_fn)(const char *key, size_t key_len, const char *value, size_t value_len,
                                    int64_t expires, void *ctx);
void lyger_cache_each(const lyger_cache *cache, lyger_cache_each_fn fn, void *ctx);
/* Walks the whole store (O(entries)) checking its invariants: every entry on the
 * LRU list is in its bucket and the other way round, the counts, the memory figure
 * (the sum of the entries' charges), the limits, and the heap's blocks. 0 when
 * consistent, else a negative code naming the first broken invariant. For tests and fuzzers. */
int lyger_cache_check(lyger_cache *cache);
/* 1 when both stores hold the same entries (keys, values, expiry stamps) in the
 * same recency order, else 0. For fuzzers comparing a store with a model. */
int lyger_cache_same(const lyger_cache *a, const lyger_cache *b);

/* Plans: how a batch parser (src/cache_batch.c) hands its items to the store, all
 * or nothing. Items are added in order, each checked by the caller to fit
 * (lyger_cache_fits) and pointing at bytes that live until the plan is applied or
 * freed (lyger_cache_plan_add) or copied at once (lyger_cache_plan_add_copy).
 * Nothing is stored until lyger_cache_plan_apply, which cannot fail: every
 * allocation happens in lyger_cache_plan_finish. The store ends exactly as the same
 * lyger_cache_set calls in order would leave it (same-size values overwritten in
 * place when nothing in the batch can evict; the last of repeated keys wins; when
 * the batch alone exceeds the budget its later items evict its earlier ones). No
 * other call on the store may come between lyger_cache_plan_new and the apply or
 * free. */
typedef struct lyger_cache_plan lyger_cache_plan;
typedef enum {
    LYGER_CACHE_PLAN_OK = 0,
    LYGER_CACHE_PLAN_NOMEM,
    LYGER_CACHE_PLAN_REPEATED_KEY /* only with unique_keys */
} lyger_cache_plan_result;

lyger_cache_plan *lyger_cache_plan_new(lyger_cache *cache); /* NULL: out of memory */
/* 1, or 0 when out of memory (the plan then only to be freed) */
int lyger_cache_plan_add(lyger_cache_plan *plan, const char *key, size_t key_len, const char *value,
                         size_t value_len, int64_t ttl);
int lyger_cache_plan_add_copy(lyger_cache_plan *plan, const char *key, size_t key_len, const char *value,
                              size_t value_len, int64_t ttl);
size_t lyger_cache_plan_count(const lyger_cache_plan *plan);
/* Allocates what applying needs. unique_keys: a key given twice (the parser's input
 * promised unique keys, as a JSON object's are) ends it with REPEATED_KEY. */
lyger_cache_plan_result lyger_cache_plan_finish(lyger_cache_plan *plan, int unique_keys);
/* Stores every item and frees the plan: the number of items. */
long lyger_cache_plan_apply(lyger_cache_plan *plan);
/* Frees a plan that is not applied; the store is unchanged. */
void lyger_cache_plan_free(lyger_cache_plan *plan);

#endif
