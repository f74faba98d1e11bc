/* One wait or two: a get at a million keys in the store's chained table against a
 * table whose entries are its slots (issue 12's 1M-key get target).
 *
 * Plain C, no PHP: the same keys ("key:<i>"), 100-byte values, the store's hash, in
 * a shared anonymous mapping as the store's segment, keys read in random order.
 *
 *   chain   the store's layout (src/cache_store_impl.h): a bucket array of 4-byte
 *           references, half full at most, each entry a 32-byte header, its key and its
 *           value, chained from its bucket; the get is read_once's walk (the bucket's
 *           wait, then the entry's, with its value's lines prefetched), without the
 *           sequence checks.
 *   cells   linear probing over 16-byte cells, every entry a run of cells (a 24-byte
 *           header, key, value) laid out in the order of its home cell, never before it
 *           (robin-hood order: a run starts at its home or right after the run before);
 *           a bitmap with a bit per cell marks where runs start. A get prefetches its
 *           home cell's lines and bitmap word at once (both addresses come from the
 *           hash), then walks the runs from the first start at or after its home: a run
 *           homed before it is skipped, one homed after it ends the search.
 *
 * Prints ns per get (best of the passes), the runs a hit steps over, the bytes the table
 * holds per entry beyond key and value, and the cost of keeping the order: the bytes a
 * insertion at the end load must shift (the rest of its cluster).
 *
 *   cc -O2 -march=native -I src -o /tmp/cells bench/cells/cells.c && /tmp/cells [keys] [load]
 *
 * Built with -DSERIAL, an lfence after each get keeps one get's waits from overlapping
 * the next one's, as in PHP, where a call's interpreter work lies between them.
 * Results of 2026-12-06: bench/results/cells.md.
 */
#define _GNU_SOURCE
#include "cache_hash.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define VALUE_LEN 100
#define PASSES 3

#ifdef SERIAL
#define FENCE() __builtin_ia32_lfence()
#else
#define FENCE() ((void) 0)
#endif

static void *shared_map(size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) { perror("mmap"); exit(1); }
    return p;
}

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static const uint64_t SEED = 0x243F6A8885A308D3ULL;

/* ---- chain: the store's table */

struct centry {
    uint32_t chain, newer, older, hash;
    int64_t expires;
    uint32_t key_len, value_len;
    char data[];
};

struct chain {
    char *heap;
    size_t used;
    uint32_t *buckets;
    size_t mask;
};

static void chain_build(struct chain *t, char **keys, size_t *lens, size_t n, const char *value, uint32_t *order)
{
    size_t nb = 64;
    while (n * 2 >= nb) nb <<= 1; /* the store grows at half full */
    t->mask = nb - 1;
    t->buckets = shared_map(nb * sizeof *t->buckets);
    t->heap = shared_map(n * 192 + 4096);
    t->used = 64;
    for (size_t j = 0; j < n; j++) { /* the sets in random order, as the bench's */
        size_t i = order[j];
        struct centry *e = (struct centry *) (t->heap + t->used);
        e->hash = hash_bytes(keys[i], lens[i], SEED);
        e->key_len = lens[i];
        e->value_len = VALUE_LEN;
        memcpy(e->data, keys[i], lens[i]);
        memcpy(e->data + lens[i], value, VALUE_LEN);
        uint32_t *b = &t->buckets[e->hash & t->mask];
        e->chain = *b;
        *b = (uint32_t) (t->used >> 3);
        t->used += (sizeof *e + lens[i] + VALUE_LEN + 15) & ~(size_t) 15; /* the allocator's 16-byte blocks */
    }
}

static int chain_get(const struct chain *t, const char *key, size_t len, char *buf)
{
    uint32_t h = hash_bytes(key, len, SEED);
    uint32_t r = t->buckets[h & t->mask];
    while (r) {
        const struct centry *e = (const struct centry *) (t->heap + ((size_t) r << 3));
        __builtin_prefetch((const char *) e + 64);
        __builtin_prefetch((const char *) e + 128);
        r = e->chain;
        if (e->hash != h || e->key_len != len || !bytes_equal(e->data, key, len)) continue;
        memcpy(buf, e->data + len, e->value_len);
        return 1;
    }
    return 0;
}

/* ---- cells: entries as runs of 16-byte cells in home order */

#define CELL 16

struct rhead {
    uint32_t hash, key_len, value_len, cells;
    int64_t expires;
    char data[];
};

struct cells {
    char *cell;          /* ncell cells */
    uint64_t *starts;    /* a bit per cell: a run starts there */
    size_t ncell, nhome; /* homes are the first nhome cells; the rest is the tail's room */
};

static inline size_t home_of(const struct cells *t, uint32_t h)
{
    return (size_t) (((uint64_t) h * t->nhome) >> 32);
}

static size_t run_cells(size_t key_len) { return (sizeof(struct rhead) + key_len + VALUE_LEN + CELL - 1) / CELL; }

struct item { uint32_t hash; uint32_t i; };
static int by_home(const void *a, const void *b)
{
    uint32_t x = ((const struct item *) a)->hash, y = ((const struct item *) b)->hash;
    return x < y ? -1 : x > y;
}

/* Lays the entries out as a run of insertions in robin-hood order would leave them:
 * sorted by home, each at its home or right after the run before. */
static void cells_build(struct cells *t, char **keys, size_t *lens, size_t n, const char *value, double load,
                        size_t *max_cluster)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++) total += run_cells(lens[i]);
    t->nhome = (size_t) (total / load);
    t->ncell = t->nhome + total / 8 + 1024; /* room for the last cluster to run past the homes */
    t->cell = shared_map(t->ncell * CELL);
    t->starts = shared_map((t->ncell / 64 + 2) * 8);
    struct item *it = malloc(n * sizeof *it);
    for (size_t i = 0; i < n; i++) it[i] = (struct item) { hash_bytes(keys[i], lens[i], SEED), (uint32_t) i };
    qsort(it, n, sizeof *it, by_home); /* (home order is hash order: home is monotonic in the hash) */
    size_t at = 0, cluster = 0, longest = 0;
    for (size_t j = 0; j < n; j++) {
        size_t i = it[j].i, home = home_of(t, it[j].hash);
        if (home > at) { at = home; cluster = 0; }
        struct rhead *e = (struct rhead *) (t->cell + at * CELL);
        e->hash = it[j].hash;
        e->key_len = lens[i];
        e->value_len = VALUE_LEN;
        e->cells = run_cells(lens[i]);
        memcpy(e->data, keys[i], lens[i]);
        memcpy(e->data + lens[i], value, VALUE_LEN);
        t->starts[at / 64] |= 1ULL << (at % 64);
        at += e->cells;
        cluster += e->cells;
        if (cluster > longest) longest = cluster;
        if (at >= t->ncell) { fprintf(stderr, "the tail's room is too small\n"); exit(1); }
    }
    *max_cluster = longest;
    free(it);
}

/* The first run start at or after cell c (ncell when none). */
static inline size_t next_start(const struct cells *t, size_t c)
{
    size_t w = c / 64;
    uint64_t bits = t->starts[w] & (~0ULL << (c % 64));
    while (!bits) {
        if (++w * 64 >= t->ncell) return t->ncell;
        bits = t->starts[w];
    }
    return w * 64 + __builtin_ctzll(bits);
}

static unsigned long stepped; /* runs homed before the key's home that hits stepped over */

static inline int cells_get(const struct cells *t, const char *key, size_t len, char *buf, int ahead)
{
    uint32_t h = hash_bytes(key, len, SEED);
    size_t home = home_of(t, h);
    const char *line = t->cell + home * CELL;
    __builtin_prefetch(&t->starts[home / 64]);
    for (int k = 0; k < ahead; k++) __builtin_prefetch(line + 64 * k);
    for (size_t s = next_start(t, home); s < t->ncell; s = next_start(t, s)) {
        const struct rhead *e = (const struct rhead *) (t->cell + s * CELL);
        uint32_t eh = e->hash;
        size_t eh_home = home_of(t, eh);
        if (eh_home > home) return 0;
        s += e->cells;
        if (eh_home < home) { stepped++; continue; }
        if (eh != h || e->key_len != len || !bytes_equal(e->data, key, len)) continue;
        memcpy(buf, e->data + len, e->value_len);
        return 1;
    }
    return 0;
}

/* The bytes an insertion of one more run at home c shifts: from the first run start at
 * or after c (*first) to the cluster's end. */
static size_t shift_bytes(const struct cells *t, size_t c, size_t *first)
{
    size_t s = next_start(t, c), end = s;
    *first = s;
    while (s < t->ncell) {
        const struct rhead *e = (const struct rhead *) (t->cell + s * CELL);
        end = s + e->cells;
        size_t nx = next_start(t, end);
        if (nx != end) break; /* a free cell: the gap absorbs the shift */
        s = nx;
    }
    return (end - *first) * CELL; /* (an upper bound: a gap before first may take the run) */
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
    double load = argc > 2 ? atof(argv[2]) : 0.85;
    char **keys = malloc(n * sizeof *keys);
    size_t *lens = malloc(n * sizeof *lens);
    uint32_t *order = malloc(n * sizeof *order), *reads = malloc(n * sizeof *reads);
    char value[VALUE_LEN], buf[VALUE_LEN];
    memset(value, 'v', sizeof value);
    srand(42);
    for (size_t i = 0; i < n; i++) {
        char k[32];
        lens[i] = (size_t) snprintf(k, sizeof k, "key:%zu", i);
        keys[i] = strdup(k);
        order[i] = (uint32_t) i;
        reads[i] = (uint32_t) (((uint64_t) rand() << 16 ^ (uint64_t) rand()) % n);
    }
    for (size_t i = n - 1; i > 0; i--) { /* the sets' random order */
        size_t j = (size_t) (((uint64_t) rand() << 16 ^ (uint64_t) rand()) % (i + 1));
        uint32_t x = order[i]; order[i] = order[j]; order[j] = x;
    }
    struct chain ch;
    chain_build(&ch, keys, lens, n, value, order);
    struct cells ce;
    size_t longest;
    cells_build(&ce, keys, lens, n, value, load, &longest);
    size_t payload = 0;
    for (size_t i = 0; i < n; i++) payload += lens[i] + VALUE_LEN;
    printf("%zu keys, cells at load %.2f\n", n, load);
    printf("bytes per entry beyond key and value: chain %.1f (entries, 16-byte blocks, and buckets), cells %.1f (cells, tail room and bitmap)\n",
           (double) (ch.used + (ch.mask + 1) * 4 - payload) / n,
           (double) (ce.nhome * CELL + (ce.ncell / 64 + 2) * 8 - payload) / n);
    const int aheads[] = {1, 2, 4, 6};
    double best_chain = 1e18, best_cells[4] = {1e18, 1e18, 1e18, 1e18};
    unsigned long hits = 0;
    for (int p = 0; p < PASSES; p++) {
        double t = now_ns();
        for (size_t j = 0; j < n; j++) { hits += chain_get(&ch, keys[reads[j]], lens[reads[j]], buf); FENCE(); }
        t = (now_ns() - t) / n;
        if (t < best_chain) best_chain = t;
        for (int a = 0; a < 4; a++) {
            stepped = 0;
            t = now_ns();
            for (size_t j = 0; j < n; j++) { hits += cells_get(&ce, keys[reads[j]], lens[reads[j]], buf, aheads[a]); FENCE(); }
            t = (now_ns() - t) / n;
            if (t < best_cells[a]) best_cells[a] = t;
        }
    }
    if (hits != (unsigned long) PASSES * 5 * n) { fprintf(stderr, "a get missed: %lu hits\n", hits); return 1; }
    printf("get, ns (best of %d): chain %.1f", PASSES, best_chain);
    for (int a = 0; a < 4; a++) printf("; cells, %d line%s prefetched %.1f", aheads[a], aheads[a] > 1 ? "s" : "", best_cells[a]);
    printf("\nruns a hit steps over (homed before its key's home): %.2f on average\n", (double) stepped / n);
    /* growing: the runs lie in hash order (ties within a home too: the build sorted by
     * hash), and a home is monotonic in the hash at any table size, so a table twice the
     * size is one streaming pass over this one */
    struct cells big = { .nhome = ce.nhome * 2, .ncell = ce.nhome * 2 + (ce.ncell - ce.nhome) };
    big.cell = shared_map(big.ncell * CELL);
    big.starts = shared_map((big.ncell / 64 + 2) * 8);
    double g = now_ns();
    size_t to = 0;
    for (size_t s = next_start(&ce, 0); s < ce.ncell; s = next_start(&ce, s)) {
        const struct rhead *e = (const struct rhead *) (ce.cell + s * CELL);
        size_t h = home_of(&big, e->hash);
        if (h > to) to = h;
        memcpy(big.cell + to * CELL, e, e->cells * CELL);
        big.starts[to / 64] |= 1ULL << (to % 64);
        to += e->cells;
        s += e->cells;
    }
    g = (now_ns() - g) / 1e6;
    unsigned long found = 0;
    for (size_t j = 0; j < n; j++) found += cells_get(&big, keys[j], lens[j], buf, 2);
    printf("growing to twice the cells: %.0f ms for the pass; %lu of %zu keys found after\n", g, found, n);
    double shift = 0;
    size_t most = 0, *from = malloc(100000 * sizeof *from), *bytes = malloc(100000 * sizeof *bytes);
    for (size_t j = 0; j < 100000; j++) {
        size_t c = (size_t) (((uint64_t) rand() << 16 ^ (uint64_t) rand()) % ce.nhome);
        size_t b = shift_bytes(&ce, c, &from[j]);
        bytes[j] = b;
        shift += b;
        if (b > most) most = b;
    }
    printf("an insertion shifts %.0f bytes on average, %zu at most in 100k tries; the longest cluster %zu cells\n",
           shift / 100000, most, longest);
    /* what those shifts cost: the same moves (one more run's cells to the right), from
     * cold lines, done last since they wreck the table */
    size_t run = run_cells(lens[0]) * CELL;
    double t = now_ns();
    for (size_t j = 0; j < 100000; j++) {
        if ((from[j] + 1) * CELL + run + bytes[j] <= ce.ncell * CELL) {
            memmove(ce.cell + from[j] * CELL + run, ce.cell + from[j] * CELL, bytes[j]);
        }
    }
    printf("those shifts take %.0f ns each on average (memmove, no bitmap or repair journal)\n", (now_ns() - t) / 100000);
    /* and with the moved bytes copied first to a journal a repair could redo the move from */
    char *journal = shared_map(most + 4096);
    t = now_ns();
    for (size_t j = 0; j < 100000; j++) {
        if ((from[j] + 1) * CELL + run + bytes[j] <= ce.ncell * CELL) {
            memcpy(journal, ce.cell + from[j] * CELL, bytes[j]);
            memmove(ce.cell + from[j] * CELL + run, ce.cell + from[j] * CELL, bytes[j]);
        }
    }
    printf("with a journal copy first: %.0f ns each on average\n", (now_ns() - t) / 100000);
    return 0;
}
