// fuzz-sources: src/cache_store.c src/cache_repair.c src/cache_plan.c src/cache_shm.c src/cache_batch.c
// fuzz-libs: -ljansson
/* Feeds arbitrary bytes to cacheSetBatch's C side, twice: through the fast scanner
 * (with jansson behind it) and through jansson alone, each time into a store
 * already holding a few short keys (so items overwrite them in place, replace
 * them or evict them). Both must agree on the result, the error, the store's
 * figures and the values; a rejected batch must leave the store exactly as it
 * was; an accepted one must keep the store consistent (lyger_cache_check). */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "cache_batch.h"

static long run(const uint8_t *data, size_t size, int jansson_only, lyger_cache_stats *after,
                lyger_cache_batch_error *err, char *probe, size_t *probe_len)
{
    lyger_cache *c = lyger_cache_create(4096, 0);
    assert(c);
    lyger_cache_set(c, "before", 6, "kept", 4, 0);
    lyger_cache_set(c, "a", 1, "1", 1, 0);
    lyger_cache_set(c, "b", 1, "22", 2, 0);
    lyger_cache_set(c, "c", 1, "333", 3, 60);
    lyger_cache_stats before;
    lyger_cache_get_stats(c, &before);
    long n = lyger_cache_set_batch_with(c, (const char *) data, size, err, jansson_only);
    lyger_cache_get_stats(c, after);
    if (n < 0) {
        assert(err->message[0] != '\0');
        assert(after->entries == before.entries && after->memory_used == before.memory_used);
        size_t len;
        const char *v = lyger_cache_get(c, "before", 6, &len);
        assert(v && len == 4 && memcmp(v, "kept", 4) == 0);
    } else {
        assert(after->memory_used <= after->memory_limit);
    }
    assert(lyger_cache_check(c) == 0);
    /* the value under the key "a", if any, to compare decoding */
    size_t len = 0;
    const char *v = lyger_cache_get(c, "a", 1, &len);
    *probe_len = v ? len : (size_t) -1;
    if (v) memcpy(probe, v, len < 4096 ? len : 4096);
    lyger_cache_destroy(c);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char pa[4096], pb[4096];
    lyger_cache_stats a, b;
    lyger_cache_batch_error ea, eb;
    size_t la, lb;
    long na = run(data, size, 0, &a, &ea, pa, &la);
    long nb = run(data, size, 1, &b, &eb, pb, &lb);
    assert(na == nb);
    assert(a.entries == b.entries && a.memory_used == b.memory_used && a.evictions == b.evictions);
    assert(la == lb);
    if (la != (size_t) -1) assert(memcmp(pa, pb, la < 4096 ? la : 4096) == 0);
    if (na < 0) assert(strcmp(ea.message, eb.message) == 0);
    return 0;
}
