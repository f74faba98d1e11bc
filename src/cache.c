/* The cache store (see cache.h): a chained hash table whose entries also sit on an
 * intrusive doubly-linked LRU list (head: most recently used). Each entry is one
 * malloc block holding the header, the key and the value. */
#include "cache.h"

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

/* ---- hashing: a small word-at-a-time multiply/rotate hash with a strong final
 * mix (the splitmix64 finalizer), seeded per store against collision flooding. */

static inline uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static inline uint64_t load64(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

#ifdef __SIZEOF_INT128__
/* The 128-bit product of a and b folded to 64 bits: every bit of either input
 * reaches every output bit in one multiply. */
static inline uint64_t fold_mul(uint64_t a, uint64_t b)
{
    __uint128_t r = (__uint128_t) a * b;
    return (uint64_t) r ^ (uint64_t) (r >> 64);
}
#endif

static inline __attribute__((always_inline)) uint32_t hash_bytes(const char *key, size_t len, uint64_t seed)
{
    const unsigned char *p = (const unsigned char *) key;
#ifdef __SIZEOF_INT128__
    /* keys of up to 16 bytes (most cache keys): the bytes as two words (two
     * overlapping loads), each masked with the seed, multiplied together and mixed
     * once more with the seed and the length; no loop, no per-word rounds */
    if (len <= 16) {
        uint64_t a, b;
        if (len >= 8) {
            a = load64(p);
            b = load64(p + len - 8);
        } else if (len >= 4) {
            uint32_t x, y;
            memcpy(&x, p, 4);
            memcpy(&y, p + len - 4, 4);
            a = x;
            b = y;
        } else if (len) {
            a = ((uint64_t) p[0] << 16) | ((uint64_t) p[len >> 1] << 8) | p[len - 1];
            b = 0;
        } else {
            a = b = 0;
        }
        uint64_t h = fold_mul(a ^ seed ^ 0xA0761D6478BD642FULL, b ^ rotl64(seed, 32) ^ 0xE7037ED1A0B428DBULL);
        return (uint32_t) fold_mul(h ^ len ^ 0x8EBC6AF09C88C6E3ULL, seed ^ 0x589965CC75374CC3ULL);
    }
#endif
    uint64_t h = seed ^ ((uint64_t) len * 0x9E3779B97F4A7C15ULL);
    size_t n = len;
    while (n >= 8) {
        h = rotl64(h ^ (load64(p) * 0xC2B2AE3D27D4EB4FULL), 31) * 0x9E3779B97F4A7C15ULL;
        p += 8;
        n -= 8;
    }
    if (n) {
        /* the 1..7 tail bytes without a variable-length memcpy: two overlapping
         * 4-byte loads, or three single bytes */
        uint64_t w;
        if (n >= 4) {
            uint32_t a, b;
            memcpy(&a, p, 4);
            memcpy(&b, p + n - 4, 4);
            w = ((uint64_t) a << 32) | b;
        } else {
            w = ((uint64_t) p[0] << 16) | ((uint64_t) p[n >> 1] << 8) | p[n - 1];
        }
        h = rotl64(h ^ (w * 0xC2B2AE3D27D4EB4FULL), 31) * 0x9E3779B97F4A7C15ULL;
    }
    h ^= h >> 30;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 27;
    h *= 0x94D049BB133111EBULL;
    h ^= h >> 31;
    return (uint32_t) h;
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

/* memcmp(a, b, n) == 0, without a library call for the short keys caches see most:
 * two overlapping loads cover 4 to 16 bytes. */
static inline int bytes_equal(const char *a, const char *b, size_t n)
{
    if (n >= 8 && n <= 16) {
        return load64((const unsigned char *) a) == load64((const unsigned char *) b)
               && load64((const unsigned char *) a + n - 8) == load64((const unsigned char *) b + n - 8);
    }
    if (n >= 4 && n < 8) {
        uint32_t x0, y0, x1, y1;
        memcpy(&x0, a, 4);
        memcpy(&y0, b, 4);
        memcpy(&x1, a + n - 4, 4);
        memcpy(&y1, b + n - 4, 4);
        return x0 == y0 && x1 == y1;
    }
    return memcmp(a, b, n) == 0;
}

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

void lyger_cache_each(const lyger_cache *c, lyger_cache_each_fn fn, void *ctx)
{
    for (const lyger_cache_entry *e = c->oldest; e; e = e->newer) {
        fn(e->data, e->key_len, e->data + e->key_len, e->value_len, e->expires, ctx);
    }
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

/* ---- batches
 *
 * jansson is the reference parser: it defines what a batch means and words every
 * error. Building its whole document tree costs 2 to 5 microseconds per item,
 * about 20 times the cost of a cacheSet call, so the common flat shapes (an
 * object map of string values; an array of {"key", "value", "ttl"} objects with
 * string values and non-negative integer ttls) go through a single-pass scanner
 * first. The scanner accepts only input that jansson would accept with the same
 * meaning, and gives up (the batch then goes through jansson) on anything else:
 * non-string values, escapes it cannot decode, invalid UTF-8, duplicate keys in a
 * map, errors of any kind. The differential fuzzer checks the two agree. */

#include <jansson.h>
#include <stdarg.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdio.h>

static void batch_error(lyger_cache_batch_error *err, lyger_cache_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    err->status = status;
}

/* Non-string values are stored as their compact JSON text, written exactly as PHP's
 * json_encode($v, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES |
 * JSON_UNESCAPED_LINE_TERMINATORS | JSON_PRESERVE_ZERO_FRACTION) writes the decoded
 * value (what a PHP user expects, and what the fallback produces): UTF-8 and '/'
 * as they are, reals in their shortest round-trip form (0.1, 1.0e+25, 3.0). */
typedef struct {
    char *data;
    size_t len, cap;
    int failed;
} text_buf;

static void tb_put(text_buf *b, const char *s, size_t n)
{
    if (b->failed) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1) cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) {
            b->failed = 1;
            return;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

static void tb_string(text_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t run = 0;
    tb_put(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char) s[i];
        if (ch >= 0x20 && ch != '"' && ch != '\\') continue;
        tb_put(b, s + run, i - run);
        run = i + 1;
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t len = 2;
        switch (ch) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            esc[1] = 'u'; esc[2] = '0'; esc[3] = '0';
            esc[4] = hex[ch >> 4]; esc[5] = hex[ch & 0xf];
            len = 6;
        }
        tb_put(b, esc, len);
    }
    tb_put(b, s + run, n - run);
    tb_put(b, "\"", 1);
}

/* A double as PHP writes it with serialize_precision = -1: the shortest digits
 * that read back as the same double, in fixed notation when the decimal exponent
 * is in [-4, 17), else d.ddde+X; a ".0" is added when there is no '.'. */
static void tb_real(text_buf *b, double v)
{
    char tmp[40], digits[20], out[48];
    int exp10 = 0;
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec - 1, v);
        if (strtod(tmp, NULL) == v || prec == 17) break;
    }
    /* tmp is [-]d[.ddd]e[+-]XX */
    const char *p = tmp;
    int negative = *p == '-';
    if (negative) p++;
    size_t nd = 0;
    for (; *p != 'e'; p++) {
        if (*p != '.') digits[nd++] = *p;
    }
    exp10 = atoi(p + 1);
    while (nd > 1 && digits[nd - 1] == '0') nd--;
    digits[nd] = '\0';
    int decpt = exp10 + 1; /* value = 0.digits * 10^decpt */
    size_t o = 0;
    if (negative) out[o++] = '-';
    if (decpt < 0 ? decpt < -3 : decpt > 17) {
        out[o++] = digits[0];
        out[o++] = '.';
        if (nd == 1) out[o++] = '0';
        for (size_t i = 1; i < nd; i++) out[o++] = digits[i];
        o += (size_t) snprintf(out + o, sizeof out - o, "e%c%d", decpt - 1 < 0 ? '-' : '+',
                               decpt - 1 < 0 ? 1 - decpt : decpt - 1);
    } else if (decpt <= 0) {
        out[o++] = '0';
        out[o++] = '.';
        for (int i = decpt; i < 0; i++) out[o++] = '0';
        for (size_t i = 0; i < nd; i++) out[o++] = digits[i];
    } else {
        for (int i = 0; i < decpt; i++) out[o++] = (size_t) i < nd ? digits[i] : '0';
        if ((size_t) decpt < nd) {
            out[o++] = '.';
            for (size_t i = (size_t) decpt; i < nd; i++) out[o++] = digits[i];
        } else {
            out[o++] = '.';
            out[o++] = '0';
        }
    }
    tb_put(b, out, o);
}

static void tb_json(text_buf *b, json_t *v)
{
    char num[32];
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *key;
        size_t key_len;
        json_t *member;
        int first = 1;
        tb_put(b, "{", 1);
        json_object_keylen_foreach(v, key, key_len, member) {
            if (!first) tb_put(b, ",", 1);
            first = 0;
            tb_string(b, key, key_len);
            tb_put(b, ":", 1);
            tb_json(b, member);
        }
        tb_put(b, "}", 1);
        break;
    }
    case JSON_ARRAY:
        tb_put(b, "[", 1);
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i) tb_put(b, ",", 1);
            tb_json(b, json_array_get(v, i));
        }
        tb_put(b, "]", 1);
        break;
    case JSON_STRING:
        tb_string(b, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        tb_put(b, num, (size_t) snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v)));
        break;
    case JSON_REAL:
        tb_real(b, json_real_value(v));
        break;
    case JSON_TRUE: tb_put(b, "true", 4); break;
    case JSON_FALSE: tb_put(b, "false", 5); break;
    case JSON_NULL: tb_put(b, "null", 4); break;
    }
}

static char *dump_value(json_t *value, size_t *len)
{
    text_buf b = {0};
    tb_json(&b, value);
    if (b.failed) {
        free(b.data);
        return NULL;
    }
    *len = b.len;
    return b.data;
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

typedef struct {
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
} pending_list;

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

typedef enum { PLAN_OK, PLAN_NOMEM, PLAN_REPEATED_KEY } plan_result;

/* Ends the plan once every item is in: in place where that is safe (see above),
 * else new entries, all allocated now. With stop_on_repeat, a stored key that
 * appears twice ends it with PLAN_REPEATED_KEY instead. */
static plan_result plan_finish(pending_list *l, int stop_on_repeat)
{
    lyger_cache *c = l->cache;
    while (l->planned < l->n) plan_item(l, &l->items[l->planned++]);
    if (l->repeated && stop_on_repeat) return PLAN_REPEATED_KEY;
    /* (the entry count only grows, by new_keys at most) */
    int sequential = l->repeated || l->peak > c->memory_limit
                     || (c->max_entries && l->new_keys > c->max_entries - c->count);
    l->sequential = sequential;
    /* the marks stay on until each item is applied (batch_apply), sparing a pass
     * over the entries; a sequential plan drops them now */
    if (sequential) unmark(l);
    else if (l->to_build == 0) return PLAN_OK;
    for (size_t i = 0; i < l->n; i++) {
        pending *p = &l->items[i];
        if (sequential) p->target = NULL;
        if (p->fresh || (p->target && (p->target->value_len & ~PLANNED) == p->value_len)) continue;
        p->fresh = new_entry(c, p->hash, p->key, p->key_len, p->value, p->value_len);
        if (!p->fresh) return PLAN_NOMEM;
    }
    return PLAN_OK;
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

/* Checks one item and adds it to the list. 0 on success. */
static int batch_item(lyger_cache *c, size_t index, const char *key, size_t key_len, json_t *value,
                      int64_t ttl, pending_list *out, lyger_cache_batch_error *err)
{
    if (key_len == 0) {
        batch_error(err, LYGER_CACHE_OK, "has an invalid item %zu: \"key\" must be a non-empty string", index);
        return -1;
    }
    const char *bytes;
    size_t len;
    char *dumped = NULL;
    if (json_is_string(value)) {
        bytes = json_string_value(value);
        len = json_string_length(value);
    } else {
        dumped = dump_value(value, &len);
        if (!dumped) {
            batch_error(err, LYGER_CACHE_NOMEM, "item %zu could not be encoded (out of memory)", index);
            return -1;
        }
        bytes = dumped;
    }
    if (!fits(c, key_len, len)) {
        batch_error(err, LYGER_CACHE_TOO_BIG,
                    "has an item %zu too large for the cache (%zu bytes with overhead, memory limit %zu)",
                    index, entry_cost(key_len, len), c->memory_limit);
        free(dumped);
        return -1;
    }
    /* the tree's strings live until the batch ends; an encoded value does not */
    int ok = dumped ? pending_add_built(out, key, key_len, bytes, len, ttl)
                    : pending_add(out, key, key_len, bytes, len, ttl, NULL);
    free(dumped);
    if (!ok) {
        batch_error(err, LYGER_CACHE_NOMEM, "item %zu could not be stored (out of memory)", index);
        return -1;
    }
    return 0;
}

/* An element of the array form: {"key": string, "value": any, "ttl"?: int >= 0}. */
static int batch_array_item(lyger_cache *c, size_t index, json_t *item, pending_list *out,
                            lyger_cache_batch_error *err)
{
    if (!json_is_object(item)) {
        batch_error(err, LYGER_CACHE_OK, "has an invalid item %zu: must be an object", index);
        return -1;
    }
    json_t *key = NULL, *value = NULL, *ttl = NULL;
    const char *name;
    size_t name_len;
    json_t *member;
    json_object_keylen_foreach(item, name, name_len, member) {
        if (name_len == 3 && memcmp(name, "key", 3) == 0) key = member;
        else if (name_len == 5 && memcmp(name, "value", 5) == 0) value = member;
        else if (name_len == 3 && memcmp(name, "ttl", 3) == 0) ttl = member;
        else {
            batch_error(err, LYGER_CACHE_OK, "has an invalid item %zu: unknown member \"%.*s\"", index,
                        (int) (name_len > 40 ? 40 : name_len), name);
            return -1;
        }
    }
    if (!key) {
        batch_error(err, LYGER_CACHE_OK, "has an invalid item %zu: \"key\" is missing", index);
        return -1;
    }
    if (!json_is_string(key)) {
        batch_error(err, LYGER_CACHE_OK, "has an invalid item %zu: \"key\" must be a non-empty string", index);
        return -1;
    }
    if (!value) {
        batch_error(err, LYGER_CACHE_OK, "has an invalid item %zu: \"value\" is missing", index);
        return -1;
    }
    int64_t seconds = 0;
    if (ttl) {
        if (!json_is_integer(ttl) || json_integer_value(ttl) < 0) {
            batch_error(err, LYGER_CACHE_OK,
                        "has an invalid item %zu: \"ttl\" must be an integer greater than or equal to 0", index);
            return -1;
        }
        seconds = (int64_t) json_integer_value(ttl);
    }
    return batch_item(c, index, json_string_value(key), json_string_length(key), value, seconds, out, err);
}

static long set_batch_jansson(lyger_cache *c, const char *json, size_t len, lyger_cache_batch_error *err)
{
    json_error_t jerr;
    err->status = LYGER_CACHE_OK;
    err->message[0] = '\0';
    json_t *root = json_loadb(json, len, JSON_ALLOW_NUL | JSON_DECODE_ANY, &jerr);
    if (!root) {
        batch_error(err, LYGER_CACHE_OK, "is not valid JSON: %s at line %d, column %d (byte %d)", jerr.text,
                    jerr.line, jerr.column, jerr.position);
        return -1;
    }
    if (!json_is_array(root) && !json_is_object(root)) {
        json_decref(root);
        batch_error(err, LYGER_CACHE_OK, "must be a JSON array or object");
        return -1;
    }
    /* check every item; nothing is stored yet */
    pending_list items = {.cache = c};
    int failed = 0;
    if (json_is_array(root)) {
        size_t n = json_array_size(root);
        for (size_t i = 0; i < n && !failed; i++) {
            failed = batch_array_item(c, i, json_array_get(root, i), &items, err) != 0;
        }
    } else {
        const char *key;
        size_t key_len;
        json_t *value;
        json_object_keylen_foreach(root, key, key_len, value) {
            if (batch_item(c, items.n, key, key_len, value, 0, &items, err) != 0) {
                failed = 1;
                break;
            }
        }
    }
    /* jansson's object keys are unique, so repeats only come from the array form */
    if (!failed && plan_finish(&items, 0) != PLAN_OK) {
        batch_error(err, LYGER_CACHE_NOMEM, "out of memory");
        failed = 1;
    }
    long stored = -1;
    if (failed) pending_free(&items);
    else stored = batch_apply(c, &items);
    json_decref(root);
    return stored;
}

/* ---- the single-pass scanner for flat batches (see "batches" above) */

typedef struct {
    const unsigned char *p, *end;
    char *scratch[2];        /* decoded strings that had escapes */
    size_t scratch_cap[2];
} scan;

static inline void skip_ws(scan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' || *s->p == '\t')) s->p++;
}

static inline int scan_char(scan *s, unsigned char ch)
{
    skip_ws(s);
    if (s->p < s->end && *s->p == ch) {
        s->p++;
        return 1;
    }
    return 0;
}

/* Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlongs, no
 * surrogates, at most U+10FFFF), 0 if ill-formed. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
    unsigned char c = p[0];
    size_t n = end - p;
    if (c >= 0xC2 && c <= 0xDF) return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && p[1] < 0xA0) return 0;
        if (c == 0xED && p[1] > 0x9F) return 0;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return 0;
        if (c == 0xF0 && p[1] < 0x90) return 0;
        if (c == 0xF4 && p[1] > 0x8F) return 0;
        return 4;
    }
    return 0;
}

static int hex4(const unsigned char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= c - '0';
        else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
        else return 0;
    }
    *out = v;
    return 1;
}

static int scratch_put(scan *s, int slot, size_t *len, const void *bytes, size_t n)
{
    if (n == 0) return 1;
    if (*len + n > s->scratch_cap[slot]) {
        size_t cap = s->scratch_cap[slot] ? s->scratch_cap[slot] : 256;
        while (cap < *len + n) cap *= 2;
        char *d = realloc(s->scratch[slot], cap);
        if (!d) return 0;
        s->scratch[slot] = d;
        s->scratch_cap[slot] = cap;
    }
    memcpy(s->scratch[slot] + *len, bytes, n);
    *len += n;
    return 1;
}


#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

#ifdef __SSE2__
/* Bit i set when p[i] is '"', '\\', a control byte or >= 0x80. */
static inline unsigned special_mask16(const unsigned char *p)
{
    __m128i v = _mm_loadu_si128((const __m128i *) (const void *) p);
    __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                                _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                                   _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
    return (unsigned) _mm_movemask_epi8(special);
}
#endif

/* A JSON string at s->p (after whitespace): its decoded bytes, pointing into the
 * input when it has no escapes, else into scratch[slot]. 0: give up. */
static int scan_string_full(scan *s, int slot, const char **out, size_t *out_len)
{
    skip_ws(s);
    if (s->p >= s->end || *s->p != '"') return 0;
    const unsigned char *start = ++s->p;
    const unsigned char *p = start;
    size_t len = 0;
    int escaped = 0;
    for (;;) {
        const unsigned char *run = p;
#ifdef __SSE2__
        /* sixteen plain bytes at a time: a signed compare with 0x20 flags control
         * bytes and bytes >= 0x80 at once; two blocks per step on long strings */
        while (s->end - p >= 32) {
            unsigned mask = special_mask16(p) | (special_mask16(p + 16) << 16);
            if (mask) {
                p += __builtin_ctz(mask);
                goto special;
            }
            p += 32;
        }
        if (s->end - p >= 16) {
            unsigned mask = special_mask16(p);
            if (mask) {
                p += __builtin_ctz(mask);
                goto special;
            }
            p += 16;
        }
#endif
        /* eight plain bytes at a time: none is '"', '\\', a control byte or >= 0x80 */
        while (s->end - p >= 8) {
            uint64_t w = load64(p);
            uint64_t quote = w ^ (ONES * '"'), backslash = w ^ (ONES * '\\');
            uint64_t special = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash)
                               | ((w - ONES * 0x20) & ~w) | w;
            if (special & HIGHS) break;
            p += 8;
        }
        while (p < s->end && *p >= 0x20 && *p != '"' && *p != '\\' && *p < 0x80) p++;
#ifdef __SSE2__
    special:
#endif
        if (p >= s->end) return 0;
        if (*p >= 0x80) {
            size_t n = utf8_len(p, s->end);
            if (!n) return 0;
            p += n;
            if (escaped && !scratch_put(s, slot, &len, run, (size_t) (p - run))) return 0;
            continue;
        }
        if (escaped && !scratch_put(s, slot, &len, run, (size_t) (p - run))) return 0;
        if (*p == '"') break;
        if (*p < 0x20) return 0;
        /* a backslash */
        if (!escaped) {
            escaped = 1;
            len = 0;
            if (!scratch_put(s, slot, &len, start, (size_t) (p - start))) return 0;
        }
        if (p + 1 >= s->end) return 0;
        unsigned char e = p[1];
        char ch;
        p += 2;
        switch (e) {
        case '"': ch = '"'; break;
        case '\\': ch = '\\'; break;
        case '/': ch = '/'; break;
        case 'b': ch = '\b'; break;
        case 'f': ch = '\f'; break;
        case 'n': ch = '\n'; break;
        case 'r': ch = '\r'; break;
        case 't': ch = '\t'; break;
        case 'u': {
            unsigned cp, lo;
            if (s->end - p < 4 || !hex4(p, &cp)) return 0;
            p += 4;
            if (cp >= 0xDC00 && cp <= 0xDFFF) return 0;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (s->end - p < 6 || p[0] != '\\' || p[1] != 'u' || !hex4(p + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
                    return 0;
                }
                p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            unsigned char u[4];
            size_t n;
            if (cp < 0x80) { u[0] = (unsigned char) cp; n = 1; }
            else if (cp < 0x800) { u[0] = 0xC0 | (cp >> 6); u[1] = 0x80 | (cp & 0x3F); n = 2; }
            else if (cp < 0x10000) { u[0] = 0xE0 | (cp >> 12); u[1] = 0x80 | ((cp >> 6) & 0x3F); u[2] = 0x80 | (cp & 0x3F); n = 3; }
            else { u[0] = 0xF0 | (cp >> 18); u[1] = 0x80 | ((cp >> 12) & 0x3F); u[2] = 0x80 | ((cp >> 6) & 0x3F); u[3] = 0x80 | (cp & 0x3F); n = 4; }
            if (!scratch_put(s, slot, &len, u, n)) return 0;
            continue;
        }
        default:
            return 0;
        }
        if (!scratch_put(s, slot, &len, &ch, 1)) return 0;
    }
    s->p = p + 1;
    if (escaped) {
        *out = s->scratch[slot];
        *out_len = len;
    } else {
        *out = (const char *) start;
        *out_len = (size_t) (p - start);
    }
    return 1;
}

#ifdef __SSE2__
/* the plain string from the quote at q to the closing quote at p */
static inline __attribute__((always_inline)) int plain_string_end(scan *s, const unsigned char *q,
                                                                  const unsigned char *p,
                                                                  const char **out, size_t *out_len)
{
    *out = (const char *) q + 1;
    *out_len = (size_t) (p - q - 1);
    s->p = p + 1;
    return 1;
}
#endif

/* scan_string, inlined for the common case: a string of plain bytes (no escape,
 * nothing >= 0x80) at least 16 bytes from the end of the input, found by whole
 * 16-byte blocks; anything else goes through scan_string_full. */
static inline __attribute__((always_inline)) int scan_string(scan *s, int slot, const char **out,
                                                             size_t *out_len)
{
#ifdef __SSE2__
    const unsigned char *q = s->p;
    if (s->end - q >= 17 && *q == '"') {
        const unsigned char *p = q + 1;
        while (s->end - p >= 32) {
            unsigned mask = special_mask16(p) | (special_mask16(p + 16) << 16);
            if (mask) {
                p += __builtin_ctz(mask);
                if (*p != '"') break;
                return plain_string_end(s, q, p, out, out_len);
            }
            p += 32;
        }
        while (s->end - p >= 16) {
            unsigned mask = special_mask16(p);
            if (mask) {
                p += __builtin_ctz(mask);
                if (*p != '"') break;
                return plain_string_end(s, q, p, out, out_len);
            }
            p += 16;
        }
    }
#endif
    return scan_string_full(s, slot, out, out_len);
}

/* A ttl: digits only, no leading zero, fitting int64; no fraction or exponent. */
static int scan_ttl(scan *s, int64_t *out)
{
    skip_ws(s);
    const unsigned char *p = s->p;
    if (p >= s->end || *p < '0' || *p > '9') return 0;
    if (*p == '0' && p + 1 < s->end && p[1] >= '0' && p[1] <= '9') return 0;
    int64_t v = 0;
    while (p < s->end && *p >= '0' && *p <= '9') {
        if (v > (INT64_MAX - (*p - '0')) / 10) return 0;
        v = v * 10 + (*p - '0');
        p++;
    }
    if (p < s->end && (*p == '.' || *p == 'e' || *p == 'E')) return 0;
    s->p = p;
    *out = v;
    return 1;
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

/* Adds a scanned item: its bytes stay in the input unless they had escapes (then
 * they sit in the scanner's scratch and are built into an entry at once). */
static inline __attribute__((always_inline)) int scan_add(lyger_cache *c, scan *s, pending_list *l, const char *key, size_t key_len, const char *value,
                    size_t value_len, int64_t ttl)
{
    (void) c;
    if (key == s->scratch[0] || value == s->scratch[1]) {
        return pending_add_built(l, key, key_len, value, value_len, ttl);
    }
    return pending_add(l, key, key_len, value, value_len, ttl, NULL);
}

/* One item of the array form; 0: give up. */
static int scan_array_item(lyger_cache *c, scan *s, pending_list *l)
{
    const char *key = NULL, *value = NULL;
    size_t key_len = 0, value_len = 0;
    int64_t ttl = 0;
    int seen_ttl = 0;
    if (!scan_char(s, '{')) return 0;
    if (scan_char(s, '}')) return 0;
    do {
        const char *name;
        size_t name_len;
        if (!scan_string(s, 0, &name, &name_len) || !scan_char(s, ':')) return 0;
        /* member names are plain ASCII here: an escaped name makes us give up, as
         * it would share scratch slot 0 with the key */
        if (name == s->scratch[0]) return 0;
        if (name_len == 3 && memcmp(name, "key", 3) == 0 && !key) {
            if (!scan_string(s, 0, &key, &key_len)) return 0;
        } else if (name_len == 5 && memcmp(name, "value", 5) == 0 && !value) {
            if (!scan_string(s, 1, &value, &value_len)) return 0;
        } else if (name_len == 3 && memcmp(name, "ttl", 3) == 0 && !seen_ttl) {
            if (!scan_ttl(s, &ttl)) return 0;
            seen_ttl = 1;
        } else {
            return 0;
        }
    } while (scan_char(s, ','));
    if (!scan_char(s, '}') || !key || !value || key_len == 0 || !fits(c, key_len, value_len)) return 0;
    return scan_add(c, s, l, key, key_len, value, value_len, ttl);
}

/* The batch when it has a flat shape: the number of items stored, or -1 to hand
 * the batch to jansson (nothing stored). */
static long set_batch_scan(lyger_cache *c, const char *json, size_t len)
{
    scan s = {(const unsigned char *) json, (const unsigned char *) json + len, {NULL, NULL}, {0, 0}};
    pending_list items = {.cache = c};
    int ok = 0, map = 0;
    skip_ws(&s);
    if (scan_char(&s, '{')) {
        map = 1;
        if (scan_char(&s, '}')) {
            ok = 1;
        } else {
            do {
                const char *key, *value;
                size_t key_len, value_len;
                if (!scan_string(&s, 0, &key, &key_len) || !scan_char(&s, ':')) goto done;
                if (!scan_string(&s, 1, &value, &value_len)) goto done;
                /* jansson refuses NUL in object keys (not in string values); only an
                 * escape can put one there */
                if (key_len == 0 || (key == s.scratch[0] && memchr(key, '\0', key_len))
                    || !fits(c, key_len, value_len)) {
                    goto done;
                }
                if (!scan_add(c, &s, &items, key, key_len, value, value_len, 0)) goto done;
            } while (scan_char(&s, ','));
            ok = scan_char(&s, '}');
        }
    } else if (scan_char(&s, '[')) {
        if (scan_char(&s, ']')) {
            ok = 1;
        } else {
            do {
                if (!scan_array_item(c, &s, &items)) goto done;
            } while (scan_char(&s, ','));
            ok = scan_char(&s, ']');
        }
    }
    skip_ws(&s);
    ok = ok && s.p == s.end;
    /* a map repeating a key means what jansson says it means (the scanner gives up) */
    if (ok) ok = plan_finish(&items, map) == PLAN_OK;
    /* (a sequential plan dropped every target: all keys count as new) */
    if (ok && map) ok = !new_keys_repeat(items.items, items.n, items.sequential ? items.n : items.new_keys);
done:
    free(s.scratch[0]);
    free(s.scratch[1]);
    if (!ok) {
        pending_free(&items);
        return -1;
    }
    return batch_apply(c, &items);
}

long lyger_cache_set_batch_with(lyger_cache *c, const char *json, size_t len, lyger_cache_batch_error *err,
                                int jansson_only)
{
    err->status = LYGER_CACHE_OK;
    err->message[0] = '\0';
    if (!jansson_only) {
        long n = set_batch_scan(c, json, len);
        if (n >= 0) return n;
    }
    return set_batch_jansson(c, json, len, err);
}

long lyger_cache_set_batch(lyger_cache *c, const char *json, size_t len, lyger_cache_batch_error *err)
{
    return lyger_cache_set_batch_with(c, json, len, err, 0);
}
