/* The shared store's lock-free gets (see cache_store.h): a process reads the host-wide
 * segment without taking its lock, as a seqlock reader, and counts its hits and misses
 * in a counter slot of its own. Plain C.
 *
 * A get at a million keys waits on memory for the key string, the bucket and the entry,
 * and the CPU can overlap the next get's first wait with this one's last only while the
 * instructions between them fit its reorder window: every instruction after the entry is
 * read costs more than its own time (bench/results/cache_shared.md, 2026-12-06 evening).
 * So the segment is reached through a view taken once (no calls for its fields), and a
 * hit copies its value once, into the memory the caller hands back for it. */
#include "cache_store_impl.h"

#include <errno.h>
#include <signal.h>
#include <time.h>

int lyger_cache_reader_slot(lyger_cache *c, int pid, int threads)
{
    lyger_shm_slot *s = lyger_shm_slots(c->shm);
    int free_slot = -1;
    for (int i = 0; i < LYGER_SHM_SLOTS; i++) {
        if (s[i].pid == pid && s[i].tag == c->ns) return i;
        if (free_slot < 0 && s[i].pid == 0 && s[i].hits == 0 && s[i].misses == 0) free_slot = i;
    }
    if (free_slot < 0) {
        /* a slot of a process that is gone: its counts move into its namespace's */
        for (int i = 0; i < LYGER_SHM_SLOTS && free_slot < 0; i++) {
            if (s[i].pid != pid && kill(s[i].pid, 0) != 0 && errno == ESRCH) {
                if (s[i].tag < LYGER_CACHE_NAMESPACES) {
                    c->figures[s[i].tag].hits += s[i].hits;
                    c->figures[s[i].tag].misses += s[i].misses;
                }
                free_slot = i;
            }
        }
        if (free_slot < 0) return -1;
    }
    s[free_slot].tag = c->ns;
    s[free_slot].threads = (uint32_t) !!threads;
    s[free_slot].hits = s[free_slot].misses = 0;
    s[free_slot].pid = pid;
    return free_slot;
}

/* Adds one to a slot's counter: only its claimer's threads write it (see
 * lyger_cache_reader_slot); other processes read it. */
static inline void count_one(const lyger_shm_slot *s, uint64_t *counter)
{
    if (s->threads) __atomic_fetch_add(counter, 1, __ATOMIC_RELAXED);
    else __atomic_store_n(counter, __atomic_load_n(counter, __ATOMIC_RELAXED) + 1, __ATOMIC_RELAXED);
}

static inline void count_hit(const lyger_shm_view *v, int slot, uint32_t mark)
{
    mark_referenced(v->marks, mark);
    lyger_shm_slot *s = &v->slots[slot];
    count_one(s, &s->hits);
}

void lyger_cache_count_hit(const lyger_shm_view *v, int slot, uint32_t mark)
{
    if (slot >= 0 && slot < LYGER_SHM_SLOTS) count_hit(v, slot, mark);
}

/* The lock-free get reads what a lock holder may be writing at the same moment (a
 * seqlock): nothing it reads counts until the sequence value is found unchanged after.
 * Each word it decides on (a pointer to follow, a length to copy) is loaded once, as an
 * atomic relaxed load, so the compiler can neither tear it nor load it again after the
 * bounds check (a length read twice could differ). The key and value bytes are copied
 * plainly and thrown away when the check fails. ThreadSanitizer sees writers' plain
 * stores against these loads as races: scripts/tsan.supp names this file's two entry
 * points alone. */
#define RACY_LOAD(lvalue) __atomic_load_n(&(lvalue), __ATOMIC_RELAXED)

/* Whether [p, p + len) lies in [lo, hi) (the heap's bounds). */
static inline int within(uintptr_t lo, uintptr_t hi, const void *p, size_t len)
{
    uintptr_t a = (uintptr_t) p;
    return a >= lo && a <= hi && len <= hi - a;
}

/* Without the lock: the bucket key hashes to in the store at the segment's root, which
 * must be expect (where the store was at this process's last locked call, so inside the
 * segment: its fields can be read without a bounds check); NULL when the root moved or
 * a torn read points outside the segment. */
static inline __attribute__((always_inline)) const lyger_ref *
racy_bucket(const lyger_shm_view *v, const lyger_cache *expect, unsigned ns, const char *key, size_t key_len,
            uint32_t *h)
{
    const lyger_cache *c = RACY_LOAD(*(const lyger_cache *const *) v->root);
    if (c != expect) return NULL;
    lyger_ref *buckets = RACY_LOAD(c->buckets);
    size_t mask = RACY_LOAD(c->mask);
    *h = hash_bytes(key, key_len, ns_seed_of(RACY_LOAD(c->seed), ns));
    const lyger_ref *at = &buckets[*h & mask];
    return within(v->lo, v->hi, at, sizeof *at) ? at : NULL;
}

/* The entry for key, found without the lock. 1: found, its value's bytes at *value
 * (racy: valid only if the sequence value is still info->seq after they are copied), of
 * *value_len <= cap bytes, live when the search began; 0: absent (checked); -1: cannot
 * tell without the lock (the store was rebuilt, a torn read, or an expired entry the
 * locked path reclaims); -2: a writer was busy or changed the segment (worth another
 * try); -3: the value is longer than cap (*value_len: its length, checked unchanged and
 * inside the segment). */
static inline __attribute__((always_inline)) int
find_racy(const lyger_shm_view *v, const lyger_cache *expect, unsigned ns, const char *key, size_t key_len,
          size_t cap, const char **value, size_t *value_len, lyger_cache_read_info *info)
{
    uint64_t begin = lyger_shm_view_begin(v);
    if (begin & 1) return -2;
    uint32_t h;
    const lyger_ref *at = racy_bucket(v, expect, ns, key, key_len, &h);
    if (!at) return -1;
    /* (a hit marks this byte: its line loads beside the bucket's) */
    __builtin_prefetch(&v->marks[h % LYGER_SHM_MARKS]);
    uint32_t tagged = (uint32_t) key_len | ((uint32_t) ns << KEY_BITS);
    lyger_ref r = RACY_LOAD(*at);
    const char *base = v->base;
    for (unsigned steps = 0; r; steps++) {
        const lyger_cache_entry *e = (const lyger_cache_entry *) (base + ((size_t) r << 3));
        /* the value's first lines load beside the header's (a prefetch never faults) */
        __builtin_prefetch((const char *) e + 64);
        __builtin_prefetch((const char *) e + 128);
        if (steps > 64 || !within(v->lo, v->hi, e, sizeof *e)) return -1;
        r = RACY_LOAD(e->chain);
        if (RACY_LOAD(e->hash) != h || RACY_LOAD(e->key_len) != tagged) continue;
        size_t len = RACY_LOAD(e->value_len);
        if (!within(v->lo, v->hi, e->data, key_len + len)) return -1;
        if (!bytes_equal(e->data, key, key_len)) continue;
        if (len > cap) {
            *value_len = len;
            return lyger_shm_view_valid(v, begin) ? -3 : -2;
        }
        int64_t expires = RACY_LOAD(e->expires);
        if (!lyger_shm_view_valid(v, begin)) return -2;
        if (expires) {
            /* (a shared store's clock is always CLOCK_MONOTONIC seconds) */
            struct timespec ts;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            if ((int64_t) ts.tv_sec > expires) return -1; /* the locked path reclaims it */
        }
        *value = e->data + key_len;
        *value_len = len;
        info->seq = begin;
        info->expires = expires;
        info->mark = h;
        return 1;
    }
    return lyger_shm_view_valid(v, begin) ? 0 : -2;
}

/* One lock-free read into buf: as lyger_cache_try_get_into, and -2 when worth another
 * try. */
static inline __attribute__((always_inline)) int
read_once(const lyger_shm_view *v, const lyger_cache *expect, unsigned ns, int slot, const char *key,
          size_t key_len, char *buf, size_t cap, size_t *value_len, lyger_cache_read_info *info)
{
    const char *value;
    int rc = find_racy(v, expect, ns, key, key_len, cap, &value, value_len, info);
    if (rc == 1) {
        memcpy(buf, value, *value_len);
        if (!lyger_shm_view_valid(v, info->seq)) return -2;
        count_hit(v, slot, info->mark);
    } else if (rc == 0) {
        lyger_shm_slot *counts = &v->slots[slot];
        count_one(counts, &counts->misses);
    }
    return rc;
}

#if defined(__x86_64__) || defined(__i386__)
#define CPU_RELAX() __builtin_ia32_pause()
#elif defined(__aarch64__)
#define CPU_RELAX() __asm__ __volatile__("yield")
#else
#define CPU_RELAX() ((void) 0)
#endif

/* How long a get waits for a busy writer before it takes the lock itself: about
 * 10 us. A writer holds the lock for tens of nanoseconds; a get that took it instead
 * would sleep in the kernel behind it (a robust mutex never spins), and wake it at
 * its own unlock, microseconds each way. */
#define READ_SPINS 256

int lyger_cache_try_get(const lyger_shm_view *v, const lyger_cache *expect, unsigned ns, int slot,
                        const char *key, size_t key_len, char *buf, size_t cap, size_t *value_len,
                        lyger_cache_read_info *info)
{
    /* (a slot from anywhere but lyger_cache_reader_slot never indexes outside them) */
    if (slot < 0 || slot >= LYGER_SHM_SLOTS) return -1;
    int rc = read_once(v, expect, ns, slot, key, key_len, buf, cap, value_len, info);
    for (int spins = 0; rc == -2 && spins < READ_SPINS;) {
        /* (until the writer lets go: the counter is even again) */
        while ((lyger_shm_view_begin(v) & 1) && ++spins < READ_SPINS) CPU_RELAX();
        rc = read_once(v, expect, ns, slot, key, key_len, buf, cap, value_len, info);
        spins++;
    }
    return rc < 0 ? -1 : rc;
}

int lyger_cache_try_get_into(const lyger_shm_view *v, const lyger_cache *expect, unsigned ns, int slot,
                             const char *key, size_t key_len, char *buf, size_t cap, size_t *value_len,
                             lyger_cache_read_info *info)
{
    if (slot < 0 || slot >= LYGER_SHM_SLOTS) return -1;
    int rc = read_once(v, expect, ns, slot, key, key_len, buf, cap, value_len, info);
    return rc == -2 ? -1 : rc;
}

/* A set at a million keys waits on memory for the key's bucket, then its entry, then the
 * entry's value lines as it writes them, and the lock's atomic instructions keep those
 * waits from overlapping anything. Started before the lock, they overlap it. */
#define PREFETCH_MIN_ENTRIES 65536

int lyger_cache_prefetch_set(const lyger_shm_view *v, const lyger_cache *expect, unsigned ns, const char *key,
                             size_t key_len)
{
    /* (expect: where the store was at this process's last locked call, in the segment,
     * which stays mapped; a stale one costs a useless prefetch at most) */
    if (RACY_LOAD(expect->count) < PREFETCH_MIN_ENTRIES) return 0; /* it stays in the CPU's caches */
    uint32_t h;
    const lyger_ref *at = racy_bucket(v, expect, ns, key, key_len, &h);
    lyger_ref r = at ? RACY_LOAD(*at) : 0;
    if (r) {
        /* the header and the value's first lines, for writing (a prefetch never faults) */
        const char *e = v->base + ((size_t) r << 3);
        __builtin_prefetch(e, 1);
        __builtin_prefetch(e + 64, 1);
        __builtin_prefetch(e + 128, 1);
    }
    return 1;
}
