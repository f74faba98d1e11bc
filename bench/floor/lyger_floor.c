/* The floors of a shared, locked set and of a shared get, for bench/cache_shared.php
 * (which builds it with phpize into bench/build/floor). The set's: the least work a
 * store does that keeps each value where its entry lives, in memory shared between
 * processes, and takes a lock around each write, reached through a PHP method call:
 *   $floor = new LygerFloor($entries, $robust); $floor->set($key, $value);
 * It is favoured on every count a real store could not be: fixed 128-byte entries, each
 * two whole cache lines (key and value of at most 120 bytes together; set() refuses
 * larger ones), open addressing with the entries as the slots (no bucket array: the line
 * the key is found in is the line written), the hash PHP caches in the key string, no
 * expiry, recency, figures, eviction nor repair. The lock around each set is either
 * - a spin lock taken with one atomic exchange and let go with a plain store, which
 *   wakes no waiter and could never find a dead holder (the least any lock costs), or
 * - a robust process-shared mutex (robust = true), the lock the shared store takes.
 * $floor->get($key) is the floor of a get from shared memory: the key's entry found in the
 * same one wait on memory and its value copied into a new PHP string (what a store whose
 * entries another process may rewrite must hand PHP), with no lock, no check that no
 * writer was busy, no expiry and no counting (the bench reads after the fill alone).
 * LygerCellsFloor (below) is the same get from a table whose memory stays within the
 * store's per-entry charge, and LygerChainFloor the same get from the store's own layout.
 * A bench tool only: never part of the extension. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include "php.h"
#include "zend_exceptions.h"
#include <sys/mman.h>
#include <pthread.h>

typedef struct {
    uint32_t hash;
    uint8_t key_len, value_len, used, pad;
    char data[120];
} floor_slot;
_Static_assert(sizeof(floor_slot) == 128, "two cache lines");

typedef struct {
    uint32_t lock __attribute__((aligned(64)));
    pthread_mutex_t mutex __attribute__((aligned(64)));
} floor_head;

typedef struct {
    floor_head *head;
    floor_slot *slots;
    size_t nslots, bytes;
    size_t used, cap; /* keys stored, and at most (70% of the slots) */
    zend_bool robust;
    zend_object std;
} floor_obj;

static zend_class_entry *floor_ce;
static zend_object_handlers floor_handlers;

static floor_obj *from(zend_object *o)
{
    return (floor_obj *) ((char *) o - XtOffsetOf(floor_obj, std));
}

static zend_object *floor_new(zend_class_entry *ce)
{
    floor_obj *f = zend_object_alloc(sizeof *f, ce);
    zend_object_std_init(&f->std, ce);
    f->std.handlers = &floor_handlers;
    return &f->std;
}

static void floor_free(zend_object *o)
{
    floor_obj *f = from(o);
    if (f->head) munmap(f->head, f->bytes);
    zend_object_std_dtor(o);
}

PHP_METHOD(LygerFloor, __construct)
{
    zend_long entries;
    zend_bool robust = 0;
    ZEND_PARSE_PARAMETERS_START(1, 2)
        Z_PARAM_LONG(entries)
        Z_PARAM_OPTIONAL
        Z_PARAM_BOOL(robust)
    ZEND_PARSE_PARAMETERS_END();
    if (entries < 1 || entries > (1 << 26)) {
        zend_argument_value_error(1, "must be between 1 and 2**26");
        RETURN_THROWS();
    }
    floor_obj *f = from(Z_OBJ_P(ZEND_THIS));
    if (f->head) {
        zend_throw_error(NULL, "LygerFloor is already constructed");
        RETURN_THROWS();
    }
    /* at most 70% full */
    f->cap = (size_t) entries;
    f->nslots = (size_t) entries * 10 / 7 + 8;
    f->bytes = 4096 + f->nslots * sizeof(floor_slot);
    void *p = mmap(NULL, f->bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        zend_throw_exception(NULL, "mmap failed", 0);
        RETURN_THROWS();
    }
    f->head = p;
    f->robust = robust;
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&f->head->mutex, &a);
    pthread_mutexattr_destroy(&a);
    f->slots = (floor_slot *) ((char *) p + 4096);
}

#if defined(__x86_64__) || defined(__i386__)
#define CPU_RELAX() __builtin_ia32_pause()
#else
#define CPU_RELAX() ((void) 0)
#endif

static inline void lock(floor_obj *f)
{
    if (f->robust) {
        pthread_mutex_lock(&f->head->mutex); /* (nobody dies holding it in the bench) */
        return;
    }
    while (__atomic_exchange_n(&f->head->lock, 1, __ATOMIC_ACQUIRE)) {
        while (__atomic_load_n(&f->head->lock, __ATOMIC_RELAXED)) CPU_RELAX();
    }
}

static inline void unlock(floor_obj *f)
{
    if (f->robust) pthread_mutex_unlock(&f->head->mutex);
    else __atomic_store_n(&f->head->lock, 0, __ATOMIC_RELEASE);
}

/* A key's hash: PHP's cached one, mixed (its low bits differ little between similar keys). */
static inline uint32_t key_hash(zend_string *key)
{
    return (uint32_t) ((ZSTR_HASH(key) * 0x9E3779B97F4A7C15ull) >> 32);
}

/* The slot a hash's probe starts at, and the slot after i (set and get probe alike). */
static inline size_t first_slot(const floor_obj *f, uint32_t h)
{
    return (size_t) (((uint64_t) h * f->nslots) >> 32);
}

static inline size_t next_slot(const floor_obj *f, size_t i)
{
    return i + 1 == f->nslots ? 0 : i + 1;
}

/* Whether a used slot holds this key (of hash h). */
static inline int holds(const floor_slot *s, uint32_t h, const zend_string *key)
{
    return s->hash == h && s->key_len == ZSTR_LEN(key) && memcmp(s->data, ZSTR_VAL(key), ZSTR_LEN(key)) == 0;
}

PHP_METHOD(LygerFloor, set)
{
    zend_string *key, *value;
    ZEND_PARSE_PARAMETERS_START(2, 2)
        Z_PARAM_STR(key)
        Z_PARAM_STR(value)
    ZEND_PARSE_PARAMETERS_END();
    floor_obj *f = from(Z_OBJ_P(ZEND_THIS));
    size_t kl = ZSTR_LEN(key), vl = ZSTR_LEN(value);
    if (!f->head || kl + vl > sizeof f->slots->data) RETURN_FALSE;
    uint32_t h = key_hash(key);
    lock(f);
    for (size_t i = first_slot(f, h);; i = next_slot(f, i)) {
        floor_slot *s = &f->slots[i];
        if (!s->used) {
            if (f->used == f->cap) { /* more keys than it was made for: never fuller than 70% */
                unlock(f);
                RETURN_FALSE;
            }
            f->used++;
            s->hash = h;
            s->key_len = (uint8_t) kl;
            memcpy(s->data, ZSTR_VAL(key), kl);
            s->used = 1;
        } else if (!holds(s, h, key)) {
            continue;
        }
        s->value_len = (uint8_t) vl;
        memcpy(s->data + kl, ZSTR_VAL(value), vl);
        break;
    }
    unlock(f);
    RETURN_TRUE;
}

PHP_METHOD(LygerFloor, get)
{
    zend_string *key;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_STR(key)
    ZEND_PARSE_PARAMETERS_END();
    floor_obj *f = from(Z_OBJ_P(ZEND_THIS));
    if (!f->head) RETURN_FALSE;
    uint32_t h = key_hash(key);
    /* (never fuller than 70%: an empty slot ends every probe) */
    for (size_t i = first_slot(f, h);; i = next_slot(f, i)) {
        const floor_slot *s = &f->slots[i];
        if (!s->used) RETURN_FALSE;
        if (holds(s, h, key)) RETURN_STRINGL(s->data + ZSTR_LEN(key), s->value_len);
    }
}


/* ---- LygerCellsFloor: the floor of a get from a table whose entries are its slots and
 * whose memory stays within the store's per-entry charge (key + value + 64 bytes):
 *   $cells = new LygerCellsFloor($keys, $value, $load); $cells->get($key);
 * Linear probing over 16-byte cells, each entry a run of cells (a 24-byte header as the
 * store's would need: hash, key and value lengths, run length, expiry; then key and
 * value), laid out in the order of its home cell and never before it, as robin-hood
 * insertions would leave them; a bitmap with a bit per cell marks where runs start. At
 * load 0.85 the bench's entries take 61 bytes beyond key and value (cells, bitmap and
 * the last cluster's room). A get prefetches the bitmap word and six lines from its home
 * cell at once (both addresses come from the hash), then steps over the runs homed before
 * its own. Built whole from the keys, never written after: no insertion shifts, lock,
 * writer check, expiry or counting (bench/cells/cells.c measures the shifts). */

#define CELL 16
#define CELLS_AHEAD 6

typedef struct {
    uint32_t hash, key_len, value_len, cells;
    int64_t expires;
    char data[];
} cell_run;

typedef struct {
    char *cells;
    uint64_t *starts;
    size_t ncell, nhome, bytes, entries;
    size_t payload, extra; /* the keys' and values' bytes; what the table holds beyond them */
    zend_object std;
} cells_obj;

static zend_class_entry *cells_ce;
static zend_object_handlers cells_handlers;

static cells_obj *cells_from(zend_object *o)
{
    return (cells_obj *) ((char *) o - XtOffsetOf(cells_obj, std));
}

static zend_object *cells_new(zend_class_entry *ce)
{
    cells_obj *t = zend_object_alloc(sizeof *t, ce);
    zend_object_std_init(&t->std, ce);
    t->std.handlers = &cells_handlers;
    return &t->std;
}

static void cells_free(zend_object *o)
{
    cells_obj *t = cells_from(o);
    if (t->cells) munmap(t->cells, t->bytes);
    zend_object_std_dtor(o);
}

static inline size_t cells_home(const cells_obj *t, uint32_t h)
{
    return (size_t) (((uint64_t) h * t->nhome) >> 32);
}

static size_t run_of(size_t key_len, size_t value_len)
{
    return (sizeof(cell_run) + key_len + value_len + CELL - 1) / CELL;
}

typedef struct { uint32_t hash; zend_string *key; } cells_item;

static int cells_by_hash(const void *a, const void *b)
{
    uint32_t x = ((const cells_item *) a)->hash, y = ((const cells_item *) b)->hash;
    return x < y ? -1 : x > y;
}

PHP_METHOD(LygerCellsFloor, __construct)
{
    HashTable *keys;
    zend_string *value;
    double load;
    ZEND_PARSE_PARAMETERS_START(3, 3)
        Z_PARAM_ARRAY_HT(keys)
        Z_PARAM_STR(value)
        Z_PARAM_DOUBLE(load)
    ZEND_PARSE_PARAMETERS_END();
    cells_obj *t = cells_from(Z_OBJ_P(ZEND_THIS));
    if (t->cells || !(load >= 0.1 && load <= 0.95) || zend_hash_num_elements(keys) == 0) {
        zend_throw_error(NULL, "LygerCellsFloor: constructed twice, a load outside 0.1-0.95, or no keys");
        RETURN_THROWS();
    }
    size_t n = zend_hash_num_elements(keys), total = 0, i = 0;
    cells_item *it = safe_emalloc(n, sizeof *it, 0);
    zval *k;
    ZEND_HASH_FOREACH_VAL(keys, k) {
        if (Z_TYPE_P(k) != IS_STRING) {
            efree(it);
            zend_throw_error(NULL, "LygerCellsFloor: keys must be strings");
            RETURN_THROWS();
        }
        it[i].key = Z_STR_P(k);
        it[i].hash = key_hash(Z_STR_P(k));
        total += run_of(Z_STRLEN_P(k), ZSTR_LEN(value));
        t->payload += Z_STRLEN_P(k) + ZSTR_LEN(value);
        i++;
    } ZEND_HASH_FOREACH_END();
    qsort(it, n, sizeof *it, cells_by_hash); /* (a home grows with its hash: hash order is home order) */
    t->nhome = (size_t) (total / load);
    t->ncell = t->nhome + total / 8 + 1024; /* room for the last cluster to run past the homes */
    size_t cell_bytes = t->ncell * CELL, map_bytes = (t->ncell / 64 + 2) * 8;
    t->bytes = cell_bytes + map_bytes;
    void *p = mmap(NULL, t->bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        efree(it);
        zend_throw_exception(NULL, "mmap failed", 0);
        RETURN_THROWS();
    }
    t->cells = p;
    t->starts = (uint64_t *) (t->cells + cell_bytes);
    t->entries = n;
    size_t at = 0; /* where the next run may start: at the end, the last run's end */
    for (i = 0; i < n; i++) {
        size_t home = cells_home(t, it[i].hash), kl = ZSTR_LEN(it[i].key);
        if (home > at) at = home;
        cell_run *e = (cell_run *) (t->cells + at * CELL);
        e->hash = it[i].hash;
        e->key_len = (uint32_t) kl;
        e->value_len = (uint32_t) ZSTR_LEN(value);
        e->cells = (uint32_t) run_of(kl, ZSTR_LEN(value));
        memcpy(e->data, ZSTR_VAL(it[i].key), kl);
        memcpy(e->data + kl, ZSTR_VAL(value), ZSTR_LEN(value));
        t->starts[at / 64] |= 1ULL << (at % 64);
        at += e->cells;
        if (at >= t->ncell) break; /* (the room is total / 8 cells: never in practice) */
    }
    efree(it);
    if (i < n) {
        zend_throw_error(NULL, "LygerCellsFloor: the last cluster outran its room");
        RETURN_THROWS();
    }
    /* what the table holds beyond keys and values: the home cells, the room the last
     * cluster took past them, and the bitmap */
    t->extra = (at > t->nhome ? at : t->nhome) * CELL + map_bytes - t->payload;
}

/* The first run start at or after cell c (ncell when none). */
static inline size_t cells_next(const cells_obj *t, size_t c)
{
    size_t w = c / 64;
    uint64_t bits = t->starts[w] & (~0ULL << (c % 64));
    while (!bits) {
        if (++w * 64 >= t->ncell) return t->ncell;
        bits = t->starts[w];
    }
    return w * 64 + (size_t) __builtin_ctzll(bits);
}

PHP_METHOD(LygerCellsFloor, get)
{
    zend_string *key;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_STR(key)
    ZEND_PARSE_PARAMETERS_END();
    cells_obj *t = cells_from(Z_OBJ_P(ZEND_THIS));
    if (!t->cells) RETURN_FALSE;
    uint32_t h = key_hash(key);
    size_t home = cells_home(t, h), len = ZSTR_LEN(key);
    const char *line = t->cells + home * CELL;
    __builtin_prefetch(&t->starts[home / 64]);
    for (int k = 0; k < CELLS_AHEAD; k++) __builtin_prefetch(line + 64 * k);
    for (size_t s = cells_next(t, home); s < t->ncell; s = cells_next(t, s)) {
        const cell_run *e = (const cell_run *) (t->cells + s * CELL);
        size_t at = cells_home(t, e->hash);
        if (at > home) RETURN_FALSE;
        s += e->cells;
        if (at == home && e->hash == h && e->key_len == len && memcmp(e->data, ZSTR_VAL(key), len) == 0) {
            RETURN_STRINGL(e->data + len, e->value_len);
        }
    }
    RETURN_FALSE;
}

/* Bytes per entry the table holds beyond its key and value. */
PHP_METHOD(LygerCellsFloor, overhead)
{
    ZEND_PARSE_PARAMETERS_NONE();
    cells_obj *t = cells_from(Z_OBJ_P(ZEND_THIS));
    RETURN_DOUBLE(t->entries ? (double) t->extra / (double) t->entries : 0.0);
}

/* ---- LygerChainFloor: the same get from the store's own layout (src/cache_store_impl.h), a
 * bucket array of 4-byte references at most half full, then 32-byte entry headers holding
 * key and value, each in an 8-byte-aligned block after the heap's 8-byte tag, laid out in
 * the order the keys come (as the store's fill lays them). A get waits twice on shared
 * memory (bucket, then entry), as the store's does, and does none of the store's own work
 * (its hash is the one PHP caches in the key string, as the other floors'): the floor of
 * any table whose entries hang off a bucket array. */

typedef struct {
    uint32_t chain, newer, older, hash; /* (newer, older: the store's LRU links, unused here) */
    int64_t expires;
    uint32_t key_len, value_len;
    char data[];
} chain_entry;
_Static_assert(sizeof(chain_entry) == 32, "the store's entry header");

typedef struct {
    char *base;       /* the mapping: the bucket array, then the entries */
    uint32_t *buckets;
    size_t mask, bytes, entries, payload, extra;
    zend_object std;
} chain_obj;

static zend_class_entry *chain_ce;
static zend_object_handlers chain_handlers;

static chain_obj *chain_from(zend_object *o)
{
    return (chain_obj *) ((char *) o - XtOffsetOf(chain_obj, std));
}

static zend_object *chain_new(zend_class_entry *ce)
{
    chain_obj *t = zend_object_alloc(sizeof *t, ce);
    zend_object_std_init(&t->std, ce);
    t->std.handlers = &chain_handlers;
    return &t->std;
}

static void chain_free(zend_object *o)
{
    chain_obj *t = chain_from(o);
    if (t->base) munmap(t->base, t->bytes);
    zend_object_std_dtor(o);
}

/* An entry's block: the heap's tag, the header, key and value, rounded up to 8 bytes. */
static size_t chain_block(size_t key_len, size_t value_len)
{
    return (8 + sizeof(chain_entry) + key_len + value_len + 7) & ~(size_t) 7;
}

PHP_METHOD(LygerChainFloor, __construct)
{
    HashTable *keys;
    zend_string *value;
    ZEND_PARSE_PARAMETERS_START(2, 2)
        Z_PARAM_ARRAY_HT(keys)
        Z_PARAM_STR(value)
    ZEND_PARSE_PARAMETERS_END();
    chain_obj *t = chain_from(Z_OBJ_P(ZEND_THIS));
    size_t n = zend_hash_num_elements(keys), nb = 64, blocks = 0;
    if (t->base || n == 0) {
        zend_throw_error(NULL, "LygerChainFloor: constructed twice, or no keys");
        RETURN_THROWS();
    }
    while (nb < 2 * n) nb *= 2; /* (the shared store's table is kept at most half full) */
    zval *k;
    ZEND_HASH_FOREACH_VAL(keys, k) {
        if (Z_TYPE_P(k) != IS_STRING) {
            zend_throw_error(NULL, "LygerChainFloor: keys must be strings");
            RETURN_THROWS();
        }
        blocks += chain_block(Z_STRLEN_P(k), ZSTR_LEN(value));
        t->payload += Z_STRLEN_P(k) + ZSTR_LEN(value);
    } ZEND_HASH_FOREACH_END();
    size_t table = (nb * sizeof(uint32_t) + 63) & ~(size_t) 63;
    t->bytes = 64 + table + blocks;
    if (t->bytes / 8 > UINT32_MAX) {
        zend_throw_error(NULL, "LygerChainFloor: too large for 32-bit references");
        RETURN_THROWS();
    }
    void *p = mmap(NULL, t->bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        zend_throw_exception(NULL, "mmap failed", 0);
        RETURN_THROWS();
    }
    t->base = p;
    t->buckets = (uint32_t *) (t->base + 64); /* (reference 0 stays "none") */
    t->mask = nb - 1;
    t->entries = n;
    size_t at = 64 + table;
    ZEND_HASH_FOREACH_VAL(keys, k) {
        zend_string *key = Z_STR_P(k);
        chain_entry *e = (chain_entry *) (t->base + at + 8);
        uint32_t h = key_hash(key);
        e->hash = h;
        e->key_len = (uint32_t) ZSTR_LEN(key);
        e->value_len = (uint32_t) ZSTR_LEN(value);
        memcpy(e->data, ZSTR_VAL(key), ZSTR_LEN(key));
        memcpy(e->data + ZSTR_LEN(key), ZSTR_VAL(value), ZSTR_LEN(value));
        e->chain = t->buckets[h & t->mask];
        t->buckets[h & t->mask] = (uint32_t) ((at + 8) >> 3);
        at += chain_block(ZSTR_LEN(key), ZSTR_LEN(value));
    } ZEND_HASH_FOREACH_END();
    t->extra = t->bytes - 64 - t->payload;
}

PHP_METHOD(LygerChainFloor, get)
{
    zend_string *key;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_STR(key)
    ZEND_PARSE_PARAMETERS_END();
    chain_obj *t = chain_from(Z_OBJ_P(ZEND_THIS));
    if (!t->base) RETURN_FALSE;
    uint32_t h = key_hash(key);
    size_t len = ZSTR_LEN(key);
    for (uint32_t r = t->buckets[h & t->mask]; r;) {
        const chain_entry *e = (const chain_entry *) (t->base + ((size_t) r << 3));
        /* the value's first lines load beside the header's, as the store's get does */
        __builtin_prefetch((const char *) e + 64);
        __builtin_prefetch((const char *) e + 128);
        if (e->hash == h && e->key_len == len && memcmp(e->data, ZSTR_VAL(key), len) == 0) {
            RETURN_STRINGL(e->data + len, e->value_len);
        }
        r = e->chain;
    }
    RETURN_FALSE;
}

/* Bytes per entry the layout holds beyond its key and value. */
PHP_METHOD(LygerChainFloor, overhead)
{
    ZEND_PARSE_PARAMETERS_NONE();
    chain_obj *t = chain_from(Z_OBJ_P(ZEND_THIS));
    RETURN_DOUBLE(t->entries ? (double) t->extra / (double) t->entries : 0.0);
}

ZEND_BEGIN_ARG_INFO_EX(arginfo_construct, 0, 0, 1)
    ZEND_ARG_TYPE_INFO(0, entries, IS_LONG, 0)
    ZEND_ARG_TYPE_INFO(0, robust, _IS_BOOL, 0)
ZEND_END_ARG_INFO()
ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_set, 0, 2, _IS_BOOL, 0)
    ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
    ZEND_ARG_TYPE_INFO(0, value, IS_STRING, 0)
ZEND_END_ARG_INFO()
ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_get, 0, 1, MAY_BE_STRING | MAY_BE_FALSE)
    ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
ZEND_END_ARG_INFO()

static const zend_function_entry floor_methods[] = {
    PHP_ME(LygerFloor, __construct, arginfo_construct, ZEND_ACC_PUBLIC)
    PHP_ME(LygerFloor, set, arginfo_set, ZEND_ACC_PUBLIC)
    PHP_ME(LygerFloor, get, arginfo_get, ZEND_ACC_PUBLIC)
    PHP_FE_END
};

ZEND_BEGIN_ARG_INFO_EX(arginfo_cells_construct, 0, 0, 3)
    ZEND_ARG_TYPE_INFO(0, keys, IS_ARRAY, 0)
    ZEND_ARG_TYPE_INFO(0, value, IS_STRING, 0)
    ZEND_ARG_TYPE_INFO(0, load, IS_DOUBLE, 0)
ZEND_END_ARG_INFO()
ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_overhead, 0, 0, IS_DOUBLE, 0)
ZEND_END_ARG_INFO()

static const zend_function_entry cells_methods[] = {
    PHP_ME(LygerCellsFloor, __construct, arginfo_cells_construct, ZEND_ACC_PUBLIC)
    PHP_ME(LygerCellsFloor, get, arginfo_get, ZEND_ACC_PUBLIC)
    PHP_ME(LygerCellsFloor, overhead, arginfo_overhead, ZEND_ACC_PUBLIC)
    PHP_FE_END
};

ZEND_BEGIN_ARG_INFO_EX(arginfo_chain_construct, 0, 0, 2)
    ZEND_ARG_TYPE_INFO(0, keys, IS_ARRAY, 0)
    ZEND_ARG_TYPE_INFO(0, value, IS_STRING, 0)
ZEND_END_ARG_INFO()

static const zend_function_entry chain_methods[] = {
    PHP_ME(LygerChainFloor, __construct, arginfo_chain_construct, ZEND_ACC_PUBLIC)
    PHP_ME(LygerChainFloor, get, arginfo_get, ZEND_ACC_PUBLIC)
    PHP_ME(LygerChainFloor, overhead, arginfo_overhead, ZEND_ACC_PUBLIC)
    PHP_FE_END
};

static PHP_MINIT_FUNCTION(lyger_floor)
{
    zend_class_entry ce;
    INIT_CLASS_ENTRY(ce, "LygerFloor", floor_methods);
    floor_ce = zend_register_internal_class(&ce);
    floor_ce->ce_flags |= ZEND_ACC_FINAL;
    floor_ce->create_object = floor_new;
    memcpy(&floor_handlers, zend_get_std_object_handlers(), sizeof floor_handlers);
    floor_handlers.offset = XtOffsetOf(floor_obj, std);
    floor_handlers.free_obj = floor_free;

    INIT_CLASS_ENTRY(ce, "LygerCellsFloor", cells_methods);
    cells_ce = zend_register_internal_class(&ce);
    cells_ce->ce_flags |= ZEND_ACC_FINAL;
    cells_ce->create_object = cells_new;
    memcpy(&cells_handlers, zend_get_std_object_handlers(), sizeof cells_handlers);
    cells_handlers.offset = XtOffsetOf(cells_obj, std);
    cells_handlers.free_obj = cells_free;

    INIT_CLASS_ENTRY(ce, "LygerChainFloor", chain_methods);
    chain_ce = zend_register_internal_class(&ce);
    chain_ce->ce_flags |= ZEND_ACC_FINAL;
    chain_ce->create_object = chain_new;
    memcpy(&chain_handlers, zend_get_std_object_handlers(), sizeof chain_handlers);
    chain_handlers.offset = XtOffsetOf(chain_obj, std);
    chain_handlers.free_obj = chain_free;
    return SUCCESS;
}

zend_module_entry lyger_floor_module_entry = {
    STANDARD_MODULE_HEADER, "lyger_floor", NULL, PHP_MINIT(lyger_floor), NULL, NULL, NULL, NULL, "0",
    STANDARD_MODULE_PROPERTIES
};

#ifdef COMPILE_DL_LYGER_FLOOR
ZEND_GET_MODULE(lyger_floor)
#endif
