// fuzz-sources: src/cache.c
// fuzz-libs: -ljansson
/* Feeds arbitrary bytes to lyger_cache_set_batch on a small store holding one
 * entry: a rejected batch must leave the store exactly as it was, an accepted one
 * must keep the figures within the budget. */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "cache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lyger_cache *c = lyger_cache_create(4096, 0);
    if (!c) return 0;
    lyger_cache_set(c, "before", 6, "kept", 4, 0);
    lyger_cache_stats before, after;
    lyger_cache_get_stats(c, &before);

    lyger_cache_batch_error err;
    long n = lyger_cache_set_batch(c, (const char *) data, size, &err);
    lyger_cache_get_stats(c, &after);
    if (n < 0) {
        assert(err.message[0] != '\0');
        assert(after.entries == before.entries && after.memory_used == before.memory_used);
        size_t len;
        const char *v = lyger_cache_get(c, "before", 6, &len);
        assert(v && len == 4 && memcmp(v, "kept", 4) == 0);
    } else {
        assert(after.memory_used <= after.memory_limit);
    }
    lyger_cache_destroy(c);
    return 0;
}
