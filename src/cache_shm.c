/* The host-wide cache segment (see cache_shm.h for the invariants).
 *
 * Layout: the header (this file's struct lyger_shm), then the heap up to the end
 * of the mapping. The heap is a sequence of blocks, each starting with a tag word:
 * its size (a multiple of 8, at least 32) and two bits, USED and PREV_USED. A free
 * block also holds its free-list links (offsets from the segment's start) after
 * the tag and a copy of its size in its last word, so a freed block merges with a
 * free neighbour on either side. Free blocks sit in size-class bins (exact classes
 * of 8 bytes up to 1 KiB, then four classes per power of two), with a bitmap of
 * the bins that hold any. The heap ends with a tag of size 0 marked used, so no
 * merge runs past it. Blocks are 8-byte grained (not 16): a cache entry's rounding
 * is then at most 7 bytes, part of the store's 64-byte per-entry charge. */
#include "cache_shm.h"

#include <errno.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>

/* Under AddressSanitizer a private heap (a process's own cache store) poisons what no
 * caller may touch, as ASan's malloc would: a block's slack past the size asked for,
 * and a freed block's payload (so a use after free or an overflow past an entry is
 * reported). Free blocks keep their links and footer addressable (the allocator reads
 * them); so does every tag. A shared segment is never poisoned: ASan's shadow is per
 * process, and another process may reuse a block this one freed. */
#if defined(__SANITIZE_ADDRESS__)
#define LYGER_SHM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LYGER_SHM_ASAN 1
#endif
#endif
#ifdef LYGER_SHM_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(s, p, n) do { if ((s)->poison) ASAN_POISON_MEMORY_REGION((p), (n)); } while (0)
#define UNPOISON(s, p, n) do { if ((s)->poison) ASAN_UNPOISON_MEMORY_REGION((p), (n)); } while (0)
#else
#define POISON(s, p, n) ((void) 0)
#define UNPOISON(s, p, n) ((void) 0)
#endif

#define USED ((uint64_t) 1)
#define PREV_USED ((uint64_t) 2)
#define KEPT ((uint64_t) 4) /* a repair's mark on a block in use that its user still owns */
#define FLAGS ((uint64_t) 7)
#define MIN_BLOCK 32
#define SMALL_LIMIT 1024
#define NBINS 256
#define BITMAP_WORDS (NBINS / 64)

struct lyger_shm {
    /* what a lock-free get reads of the header, together (seq changes with every
     * lock holder, the rest never after the segment is made) */
    uint64_t seq;       /* odd while the lock is held (see cache_shm.h) */
    void *root;
    size_t heap_start;  /* offset of the first block (blocks and payloads are 8-aligned) */
    size_t heap_end;    /* offset of the end tag */
    uint64_t intent;    /* what the holder is doing (see cache_shm.h); 0 at every unlock */
    pthread_mutex_t lock __attribute__((aligned(64)));
    lyger_shm_slot slots[LYGER_SHM_SLOTS] __attribute__((aligned(64))); /* (off the lock's line) */
    uint8_t marks[LYGER_SHM_MARKS];
    size_t size;        /* the whole mapping */
    uint64_t repairs;
    uint64_t emptied;   /* repairs that emptied the segment */
    int poison;         /* a private heap under ASan (see POISON) */
    size_t poison_end;  /* the end of the blocks it handed out: what may be poisoned */
    uint64_t bitmap[BITMAP_WORDS];
    uint64_t bins[NBINS]; /* offset of the first free block of each class, 0: none */
};

typedef struct {
    uint64_t tag;
    uint64_t next, prev; /* free blocks only */
} block;

static inline char *base(const lyger_shm *s) { return (char *) s; }
static inline block *at(const lyger_shm *s, uint64_t off) { return (block *) (base(s) + off); }
static inline uint64_t off_of(const lyger_shm *s, const block *b) { return (uint64_t) ((const char *) b - base(s)); }
static inline size_t bsize(const block *b) { return (size_t) (b->tag & ~FLAGS); }
static inline block *next_block(block *b) { return (block *) ((char *) b + bsize(b)); }
static inline void set_footer(block *b) { *(uint64_t *) ((char *) b + bsize(b) - 8) = bsize(b); }

static unsigned bin_of(size_t size)
{
    if (size < SMALL_LIMIT) return (unsigned) (size >> 3);
    unsigned lg = 63u - (unsigned) __builtin_clzll((unsigned long long) size);
    unsigned idx = 128 + (lg - 10) * 4 + (unsigned) ((size >> (lg - 2)) & 3);
    return idx < NBINS ? idx : NBINS - 1;
}

static void bin_insert(lyger_shm *s, block *b)
{
    unsigned i = bin_of(bsize(b));
    uint64_t off = off_of(s, b);
    b->next = s->bins[i];
    b->prev = 0;
    if (b->next) at(s, b->next)->prev = off;
    s->bins[i] = off;
    s->bitmap[i / 64] |= (uint64_t) 1 << (i % 64);
}

static void bin_remove(lyger_shm *s, block *b)
{
    unsigned i = bin_of(bsize(b));
    if (b->prev) at(s, b->prev)->next = b->next; else s->bins[i] = b->next;
    if (b->next) at(s, b->next)->prev = b->prev;
    if (!s->bins[i]) s->bitmap[i / 64] &= ~((uint64_t) 1 << (i % 64));
}

/* The first non-empty bin at or after i, or NBINS. */
static unsigned next_bin(const lyger_shm *s, unsigned i)
{
    while (i < NBINS) {
        uint64_t w = s->bitmap[i / 64] >> (i % 64);
        if (w) return i + (unsigned) __builtin_ctzll(w);
        i = (i / 64 + 1) * 64;
    }
    return NBINS;
}

/* Makes every poisoned byte addressable again (a reset, an unmapping). */
static void unpoison_all(lyger_shm *s)
{
    if (s->poison_end > s->heap_start) UNPOISON(s, base(s) + s->heap_start, s->poison_end - s->heap_start);
    s->poison_end = 0;
}

void lyger_shm_reset(lyger_shm *s)
{
    unpoison_all(s);
    memset(s->bitmap, 0, sizeof s->bitmap);
    memset(s->bins, 0, sizeof s->bins);
    s->root = NULL;
    block *first = at(s, s->heap_start);
    first->tag = (uint64_t) (s->heap_end - s->heap_start) | PREV_USED;
    set_footer(first);
    at(s, s->heap_end)->tag = USED; /* the end: size 0, its predecessor free */
    bin_insert(s, first);
}

/* A mapping of size bytes (rounded), shared with forked children or private to the
 * process, its lock made only when shared. */
static lyger_shm *create(size_t size, int shared)
{
    size_t header = (sizeof(lyger_shm) + 7) & ~(size_t) 7;
    if (size > LYGER_SHM_MAX) size = LYGER_SHM_MAX;
    if (size < header + 4096) size = header + 4096;
    size = (size + 4095) & ~(size_t) 4095;
    int flags = (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS | MAP_NORESERVE;
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, flags, -1, 0);
    if (p == MAP_FAILED) return NULL;
    lyger_shm *s = p;
    if (shared) {
        pthread_mutexattr_t a;
        int rc = pthread_mutexattr_init(&a);
        if (rc == 0) rc = pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
        if (rc == 0) rc = pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
        if (rc == 0) rc = pthread_mutex_init(&s->lock, &a);
        pthread_mutexattr_destroy(&a);
        if (rc != 0) {
            munmap(p, size);
            errno = rc;
            return NULL;
        }
    }
    s->size = size;
#ifdef LYGER_SHM_ASAN
    s->poison = !shared;
#endif
    s->heap_start = header;
    s->heap_end = size - 8; /* the end tag's 8 bytes */
    lyger_shm_reset(s);
    return s;
}

lyger_shm *lyger_shm_create(size_t size)
{
    return create(size, 1);
}

lyger_shm *lyger_shm_create_private(size_t size)
{
    return create(size, 0);
}

void lyger_shm_destroy(lyger_shm *s)
{
    if (!s) return;
    unpoison_all(s); /* (the next mapping at this address starts clean) */
    munmap(s, s->size);
}

size_t lyger_shm_size(const lyger_shm *s)
{
    return s->size;
}

/* The holder is about to write: readers from now on retry. (A dead holder left it
 * odd already.) The release fence keeps the counter's store before the writes that
 * follow (on x86 stores stay in order anyway). */
static void seq_enter(lyger_shm *s)
{
    uint64_t v = s->seq;
    if (!(v & 1)) __atomic_store_n(&s->seq, v + 1, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_RELEASE);
}

int lyger_shm_lock(lyger_shm *s)
{
    int rc = pthread_mutex_lock(&s->lock);
    if (rc == 0) {
        seq_enter(s);
        return 0;
    }
    if (rc == EOWNERDEAD) {
        s->repairs++;
        seq_enter(s);
        return 1;
    }
    return -1;
}

void lyger_shm_bounds(const lyger_shm *s, uintptr_t *lo, uintptr_t *hi)
{
    *lo = (uintptr_t) s + s->heap_start;
    *hi = (uintptr_t) s + s->heap_end;
}

void lyger_shm_view_of(lyger_shm *s, lyger_shm_view *v)
{
    v->base = (const char *) s;
    v->seq = &s->seq;
    v->root = &s->root;
    lyger_shm_bounds(s, &v->lo, &v->hi);
    v->slots = s->slots;
    v->marks = s->marks;
}

uint8_t *lyger_shm_marks(lyger_shm *s)
{
    return s->marks;
}

lyger_shm_slot *lyger_shm_slots(lyger_shm *s)
{
    return s->slots;
}

void lyger_shm_consistent(lyger_shm *s)
{
    pthread_mutex_consistent(&s->lock);
}

uint64_t *lyger_shm_intent(lyger_shm *s)
{
    return &s->intent;
}

void lyger_shm_count_emptied(lyger_shm *s)
{
    s->emptied++;
}

uint64_t lyger_shm_emptied(const lyger_shm *s)
{
    return s->emptied;
}

void lyger_shm_unlock(lyger_shm *s)
{
    s->intent = 0;
    __atomic_store_n(&s->seq, s->seq + 1, __ATOMIC_RELEASE); /* even: the writes are done */
    pthread_mutex_unlock(&s->lock);
}

uint64_t lyger_shm_repairs(const lyger_shm *s)
{
    return s->repairs;
}

void *lyger_shm_root(const lyger_shm *s)
{
    return __atomic_load_n(&s->root, __ATOMIC_RELAXED); /* lock-free readers load it too */
}

void lyger_shm_set_root(lyger_shm *s, void *root)
{
    __atomic_store_n(&s->root, root, __ATOMIC_RELAXED);
}

void *lyger_shm_alloc(lyger_shm *s, size_t size)
{
    if (size > s->size) return NULL;
    size_t need = (size + 8 + 7) & ~(size_t) 7;
    if (need < MIN_BLOCK) need = MIN_BLOCK;
    unsigned i = bin_of(need);
    block *b = NULL;
    /* first fit in the request's own class (blocks there may be smaller), then
     * the first block of any larger class (all large enough) */
    for (uint64_t o = s->bins[i]; o; o = at(s, o)->next) {
        if (bsize(at(s, o)) >= need) {
            b = at(s, o);
            break;
        }
    }
    if (!b) {
        i = next_bin(s, i + 1);
        if (i == NBINS) return NULL;
        b = at(s, s->bins[i]);
    }
    bin_remove(s, b);
    size_t have = bsize(b);
    if (have - need >= MIN_BLOCK) {
        block *rest = (block *) ((char *) b + need);
        UNPOISON(s, rest, sizeof *rest);                       /* its tag and links */
        UNPOISON(s, (char *) rest + (have - need) - 8, 8);     /* its footer */
        rest->tag = (uint64_t) (have - need) | PREV_USED;
        set_footer(rest);
        bin_insert(s, rest);
        b->tag = (uint64_t) need | (b->tag & PREV_USED) | USED;
    } else {
        b->tag |= USED;
        next_block(b)->tag |= PREV_USED;
    }
#ifdef LYGER_SHM_ASAN
    if (s->poison && off_of(s, b) + bsize(b) > s->poison_end) s->poison_end = off_of(s, b) + bsize(b);
#endif
    POISON(s, (char *) b + 8, bsize(b) - 8); /* the slack past size stays poisoned */
    UNPOISON(s, (char *) b + 8, size);
    return (char *) b + 8;
}

void lyger_shm_free(lyger_shm *s, void *p)
{
    if (!p) return;
    block *b = (block *) ((char *) p - 8);
    size_t size = bsize(b);
    POISON(s, p, size - 8); /* a use after free is reported */
    block *n = next_block(b);
    if (!(n->tag & USED)) {
        bin_remove(s, n);
        size += bsize(n);
    }
    if (!(b->tag & PREV_USED)) {
        size_t prev_size = *(uint64_t *) ((char *) b - 8);
        block *prev = (block *) ((char *) b - prev_size);
        bin_remove(s, prev);
        size += prev_size;
        b = prev;
    }
    UNPOISON(s, (char *) b + 8, sizeof *b - 8); /* the merged block's links and footer */
    UNPOISON(s, (char *) b + size - 8, 8);
    b->tag = (uint64_t) size | PREV_USED; /* a free block always follows a used one */
    set_footer(b);
    next_block(b)->tag &= ~PREV_USED;
    bin_insert(s, b);
}

size_t lyger_shm_block_room(const lyger_shm *s, const void *p)
{
    uintptr_t a = (uintptr_t) p, lo = (uintptr_t) s + s->heap_start + 8, hi = (uintptr_t) s + s->heap_end;
    if (a < lo || a >= hi || (a & 7)) return 0;
    const block *b = (const block *) (a - 8);
    size_t size = bsize(b);
    if (!(b->tag & USED) || size < MIN_BLOCK || size > hi - (a - 8)) return 0;
    return size - 8;
}

/* 1 when the blocks' tags chain from the heap's start to its end tag. */
static int tags_chain(const lyger_shm *s)
{
    uint64_t off = s->heap_start;
    while (off < s->heap_end) {
        size_t size = bsize(at(s, off));
        if (size < MIN_BLOCK || size % 8 || size > s->heap_end - off) return 0;
        off += size;
    }
    return off == s->heap_end && (at(s, off)->tag & ~(PREV_USED | KEPT)) == USED;
}

int lyger_shm_rebuild(lyger_shm *s)
{
    if (!tags_chain(s)) return -1;
    memset(s->bitmap, 0, sizeof s->bitmap);
    memset(s->bins, 0, sizeof s->bins);
    uint64_t prev_used = PREV_USED;
    uint64_t off = s->heap_start;
    while (off < s->heap_end) {
        block *b = at(s, off);
        size_t size = bsize(b);
        if (b->tag & USED) {
            b->tag = (b->tag & ~(PREV_USED | KEPT)) | prev_used;
            prev_used = PREV_USED;
        } else {
            /* a run of free blocks becomes one */
            while (!(at(s, off + size)->tag & USED)) size += bsize(at(s, off + size));
            b->tag = (uint64_t) size | prev_used;
            set_footer(b);
            bin_insert(s, b);
            prev_used = 0;
        }
        off += size;
    }
    at(s, off)->tag = USED | prev_used;
    return 0;
}

void lyger_shm_keep(lyger_shm *s, void *p)
{
    ((block *) ((char *) p - 8))->tag |= KEPT;
}

size_t lyger_shm_free_unkept(lyger_shm *s)
{
    /* the blocks are gathered first: freeing merges blocks the walk is crossing */
    size_t n = 0, cap = 0, kept = 0;
    void **lost = NULL;
    for (uint64_t off = s->heap_start; off < s->heap_end; off += bsize(at(s, off))) {
        block *b = at(s, off);
        if ((b->tag & (USED | KEPT)) == USED) {
            if (n == cap) {
                /* (without memory, the rest stay in use: the store's check then
                 * fails, and the repair empties the segment) */
                size_t more = cap ? cap * 2 : 16;
                void **d = realloc(lost, more * sizeof *d);
                if (d) lost = d, cap = more;
            }
            if (n < cap) lost[n++] = (char *) b + 8;
        }
        if (b->tag & KEPT) kept++;
        b->tag &= ~KEPT;
    }
    for (size_t i = 0; i < n; i++) lyger_shm_free(s, lost[i]);
    free(lost);
    return kept;
}

int lyger_shm_check(lyger_shm *s)
{
    return lyger_shm_check_counted(s, NULL);
}

int lyger_shm_check_counted(lyger_shm *s, size_t *used)
{
    size_t free_blocks = 0, listed = 0, used_blocks = 0;
    int prev_used = 1;
    uint64_t off = s->heap_start;
    while (off < s->heap_end) {
        block *b = at(s, off);
        size_t size = bsize(b);
        if (size < MIN_BLOCK || size % 8 || off + size > s->heap_end) return -1;
        if (!!(b->tag & PREV_USED) != prev_used) return -2;
        prev_used = (b->tag & USED) != 0;
        if (!prev_used) {
            if (!(b->tag & PREV_USED)) return -3; /* two free blocks side by side */
            if (*(uint64_t *) ((char *) b + size - 8) != size) return -4;
            free_blocks++;
        } else {
            used_blocks++;
        }
        off += size;
    }
    if (off != s->heap_end || (at(s, off)->tag & ~PREV_USED) != USED) return -5;
    if (!!(at(s, off)->tag & PREV_USED) != prev_used) return -2;
    for (unsigned i = 0; i < NBINS; i++) {
        if (!!s->bins[i] != !!(s->bitmap[i / 64] & ((uint64_t) 1 << (i % 64)))) return -6;
        uint64_t prev = 0;
        for (uint64_t o = s->bins[i]; o; o = at(s, o)->next) {
            if (o < s->heap_start || o >= s->heap_end || ++listed > free_blocks) return -7;
            block *b = at(s, o);
            if ((b->tag & USED) || bin_of(bsize(b)) != i || b->prev != prev) return -7;
            prev = o;
        }
    }
    if (listed != free_blocks) return -8;
    if (used) *used = used_blocks;
    return 0;
}
