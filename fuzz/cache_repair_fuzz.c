// fuzz-sources: src/cache_store.c src/cache_repair.c src/cache_plan.c src/cache_shm.c src/cache_batch.c
// fuzz-libs: -ljansson
/* The repair after a lock holder's death (src/cache_repair.c), on what a death can
 * leave and worse. A shared store is built by a byte-coded run of sets, overwrites,
 * deletes, clears and batches; then, as if its holder had died part-way through a
 * change, bytes anywhere in the heap outside the store's own struct are overwritten
 * (entries' headers, keys and values, the bucket array, the blocks' tags and free-list
 * links), the struct's fields that operations write (bucket array, mask, LRU ends,
 * counts, charges, namespaces) are set to arbitrary values, and the intent word is set
 * to any kind and reference (for APPLY, a batch's journal listing new entries made
 * and not linked, and a stored entry being overwritten in place). The repair must
 * never read or write outside the segment (a fault) nor loop (a timeout), and must
 * leave a store that passes lyger_cache_check and keeps serving. When nothing but the
 * intent word (and journal) was changed, the store is kept, every entry with it,
 * except what the intent names: a VALUE intent's entry (dropped), a CLEAR intent's
 * namespace (finished), everything for WHOLE; an APPLY intent's batch is finished
 * (its new entries read back, the entry it overwrote in place is dropped). */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cache_batch.h"
#include "cache_store_impl.h"

#define LIMIT (64 * 1024)
#define KEYS 24

static void key_of(unsigned id, char *key, size_t *len)
{
    *len = (size_t) snprintf(key, 16, "k%u", id % KEYS);
}

/* The run of operations: 3 bytes each (op, key, length). */
static void build(lyger_cache *c, const uint8_t **p, const uint8_t *end, unsigned ops)
{
    char key[16], value[600];
    size_t key_len;
    for (; ops && *p + 3 <= end; ops--, *p += 3) {
        const uint8_t *o = *p;
        key_of(o[1], key, &key_len);
        size_t len = (size_t) o[2] * 2;
        memset(value, 'a' + o[1] % 26, len);
        switch (o[0] % 8) {
        case 0:
            lyger_cache_delete(c, key, key_len);
            break;
        case 1:
            if (o[2] == 0) lyger_cache_clear(c);
            break;
        case 2: {
            char json[128];
            int n = snprintf(json, sizeof json, "{\"%s\":\"%.*s\",\"k%u\":\"v\"}", key, (int) (len % 40), value,
                             (o[1] + 1) % KEYS);
            lyger_cache_batch_error err;
            lyger_cache_set_batch(c, json, (size_t) n, &err);
            break;
        }
        default:
            lyger_cache_set(c, key, key_len, value, len, o[0] & 8 ? 60 : 0);
        }
    }
}

typedef struct {
    char key[16];
    size_t key_len;
    char value[600];
    size_t value_len;
} entry_copy;

static entry_copy kept[KEYS];
static size_t kept_n;

static void copy_entry(const char *key, size_t key_len, const char *value, size_t value_len, int64_t expires,
                       void *ctx)
{
    (void) expires;
    (void) ctx;
    entry_copy *k = &kept[kept_n++];
    memcpy(k->key, key, key_len);
    k->key_len = key_len;
    memcpy(k->value, value, value_len);
    k->value_len = value_len;
}

/* A field of the store's struct that operations write, set from 4 input bytes. */
static void spoil_field(lyger_cache *c, const uint8_t *b, uintptr_t lo, uintptr_t hi)
{
    uint32_t v = (uint32_t) b[1] << 16 | (uint32_t) b[2] << 8 | b[3];
    char *in_heap = (char *) lo + ((uintptr_t) v * 8) % (hi - lo);
    switch (b[0] % 10) {
    case 0: c->buckets = (lyger_ref *) in_heap; break;
    case 1: c->mask = ((size_t) 1 << (v % 20)) - 1; break;
    case 2: c->newest = (lyger_cache_entry *) in_heap; break;
    case 3: c->oldest = b[3] & 1 ? NULL : (lyger_cache_entry *) in_heap; break;
    case 4: c->count = v % 64; break;
    case 5: c->ttl_count = v % 64; break;
    case 6: c->memory_used = v; break;
    case 7: c->figures[v % LYGER_CACHE_NAMESPACES].entries = b[3]; break;
    case 8: c->ns_count = v % 80; break;
    default: c->figures[0].memory_used = v; break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static lyger_shm *seg;
    if (!seg) seg = lyger_shm_create(lyger_cache_heap_size(LIMIT));
    assert(seg);
    if (size < 2) return 0;
    lyger_shm_reset(seg);
    int repaired;
    lyger_cache *c = lyger_cache_shared_lock(seg, LIMIT, 0, &repaired);
    assert(c && !repaired);
    lyger_cache_use_namespace(c, 1000);
    const uint8_t *p = data + 2, *end = data + size;
    build(c, &p, end, data[0]);
    assert(lyger_cache_check(c) == 0);
    kept_n = 0;
    lyger_cache_each(c, copy_entry, NULL);

    /* what a death leaves: the intent word, then changes (5 bytes each) */
    uintptr_t lo, hi;
    lyger_shm_bounds(seg, &lo, &hi);
    size_t victim = kept_n ? data[1] % kept_n : 0;
    lyger_cache_entry *named = kept_n ? lyger_cache_peek(c, kept[victim].key, kept[victim].key_len) : NULL;
    uint64_t kind = (uint64_t) (data[1] % 6) << 32;
    if (kind == INTENT_VALUE && !named) kind = 0;
    uint64_t intent = kind == INTENT_VALUE && named ? kind | ref_of(c, named) : kind == INTENT_CLEAR ? kind | c->ns : kind;
    /* a batch being linked: new entries not linked yet (j0..), and the entry named
     * above as one it was overwriting in place */
    unsigned made = 0;
    if (kind == INTENT_APPLY) {
        made = 1 + data[1] % 4;
        lyger_ref *j = lyger_shm_alloc(seg, (2 + 2 * (made + 1)) * sizeof *j);
        if (!j) return 0;
        JOURNAL_ITEMS(j) = made + 1;
        j[1] = 0;
        for (unsigned i = 0; i < made; i++) {
            char key[8], value[8];
            int kl = snprintf(key, sizeof key, "j%u", i), vl = snprintf(value, sizeof value, "new%u", i);
            lyger_cache_entry *e = lyger_cache_new_entry(c, hash_bytes(key, (size_t) kl, c->kseed), key, (size_t) kl,
                                                         value, (size_t) vl, 0);
            if (!e) return 0;
            JOURNAL_NEW(j, i) = ref_of(c, e);
            JOURNAL_OLD(j, i) = 0;
        }
        JOURNAL_NEW(j, made) = 0;
        JOURNAL_OLD(j, made) = ref_of(c, named);
        intent = kind | ref_of(c, (lyger_cache_entry *) j);
    }
    *lyger_shm_intent(seg) = intent;
    int spoiled = 0;
    for (; p + 5 <= end; p += 5, spoiled = 1) {
        uint32_t at = (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
        if (p[0] & 1) {
            spoil_field(c, p + 1, lo, hi);
            continue;
        }
        char *b = (char *) lo + at % (hi - lo);
        if (b >= (char *) c - 8 && b < (char *) (c + 1)) continue; /* the struct: its written fields only */
        *b = (char) p[4];
    }

    uint64_t emptied = lyger_shm_emptied(seg);
    size_t len;
    const char *v;
    lyger_cache *r = lyger_cache_repair(seg, LIMIT, 0);
    assert(r);
    assert(*lyger_shm_intent(seg) == 0);
    int rc = lyger_cache_check(r);
    if (rc != 0) {
        fprintf(stderr, "repaired store fails its check: %d\n", rc);
        __builtin_trap();
    }
    if (!spoiled) {
        /* a death between two changes: the store is kept, less what the intent names */
        assert((lyger_shm_emptied(seg) == emptied) == (kind != INTENT_WHOLE));
        lyger_cache_use_namespace(r, 1000);
        size_t left = 0;
        for (size_t i = 0; i < kept_n; i++) {
            const entry_copy *k = &kept[i];
            v = lyger_cache_get(r, k->key, k->key_len, &len);
            int gone = kind == INTENT_WHOLE || kind == INTENT_CLEAR
                       || ((kind == INTENT_VALUE || kind == INTENT_APPLY) && i == victim && named);
            if (gone) {
                assert(!v);
            } else {
                /* (an entry with a TTL may have expired meanwhile: a miss) */
                assert(!v || (len == k->value_len && memcmp(v, k->value, len) == 0));
                left += v != NULL;
            }
        }
        (void) left;
        /* the batch was finished: its new entries are linked */
        for (unsigned i = 0; i < made; i++) {
            char key[8], value[8];
            int kl = snprintf(key, sizeof key, "j%u", i), vl = snprintf(value, sizeof value, "new%u", i);
            v = lyger_cache_get(r, key, (size_t) kl, &len);
            assert(v && len == (size_t) vl && memcmp(v, value, len) == 0);
        }
    }
    /* and it keeps serving */
    lyger_cache_use_namespace(r, 1000);
    assert(lyger_cache_set(r, "after", 5, "serving", 7, 0) == LYGER_CACHE_OK);
    v = lyger_cache_get(r, "after", 5, &len);
    assert(v && len == 7 && memcmp(v, "serving", 7) == 0);
    assert(lyger_cache_check(r) == 0);
    lyger_cache_shared_unlock(seg);
    return 0;
}
