// fuzz-sources: src/cache_store.c src/cache_repair.c src/cache_plan.c src/cache_shm.c src/cache_batch.c
// fuzz-libs: -ljansson
/* Drives the cache store with a byte-coded sequence of operations (set, get,
 * delete, clock steps, clear, has, small batches over a few shared keys) on a tiny
 * budget and a fake clock, checking after each step the invariants a user relies
 * on: a value just set reads back exactly, a deleted key is gone, a batch that
 * evicted nothing reads back whole (last item wins), the figures stay within the
 * budget and cap, and lyger_cache_check() finds the table, LRU list and memory
 * figure consistent. A second store (the model) gets every batch as the same
 * lyger_cache_set calls in order and every other operation alike; both must agree
 * after each step: the same entries in the same recency order, the same counters. */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache_batch.h"

static int64_t fake_now;
static int64_t fake_clock(void *ctx)
{
    (void) ctx;
    return fake_now;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    size_t limit = 256 + (size_t) data[0] * 16;
    size_t cap = data[1] % 8; /* 0: no cap */
    lyger_cache *c = lyger_cache_create(limit, cap);
    lyger_cache *m = lyger_cache_create(limit, cap);
    if (!c || !m) {
        lyger_cache_destroy(c);
        lyger_cache_destroy(m);
        return 0;
    }
    lyger_cache_set_clock(c, fake_clock, NULL);
    lyger_cache_set_clock(m, fake_clock, NULL);
    fake_now = 1000;
    size_t i = 2;
    while (i + 3 <= size) {
        uint8_t op = data[i] % 8;
        size_t klen = 1 + data[i + 1] % 8;
        size_t vlen = (size_t) data[i + 2] * 3;
        i += 3;
        if (i + klen > size) break;
        const char *key = (const char *) data + i;
        i += klen;
        const char *value = (const char *) data + (i < size ? i : 0);
        if (i + vlen > size) vlen = size - i;
        size_t got_len;
        const char *got;
        switch (op) {
        case 0:
        case 1: {
            int64_t ttl = op == 1 ? data[i - 1] % 4 : 0;
            lyger_cache_status st = lyger_cache_set(c, key, klen, value, vlen, ttl);
            assert(lyger_cache_set(m, key, klen, value, vlen, ttl) == st);
            if (st == LYGER_CACHE_OK) {
                got = lyger_cache_get(c, key, klen, &got_len);
                assert(got && got_len == vlen && memcmp(got, value, vlen) == 0);
                assert(lyger_cache_get(m, key, klen, &got_len) != NULL);
            } else {
                assert(st == LYGER_CACHE_TOO_BIG && !lyger_cache_fits(c, klen, vlen));
            }
            break;
        }
        case 2: {
            size_t model_len;
            got = lyger_cache_get(c, key, klen, &got_len);
            const char *model = lyger_cache_get(m, key, klen, &model_len);
            assert(!got == !model);
            assert(!got || (got_len == model_len && memcmp(got, model, got_len) == 0));
            break;
        }
        case 3:
            lyger_cache_delete(m, key, klen);
            lyger_cache_delete(c, key, klen);
            assert(!lyger_cache_has(c, key, klen));
            break;
        case 4:
            fake_now += data[i - 1] % 3;
            break;
        case 5:
            if (data[i - 1] == 0x5a) {
                lyger_cache_clear(c);
                lyger_cache_clear(m);
            }
            break;
        case 6:
            assert(lyger_cache_has(c, key, klen) == lyger_cache_has(m, key, klen));
            break;
        case 7: {
            /* a batch of 1..4 items over the keys k0..k3, one of them escaped
             * (\u006b is 'k'), so items update stored entries in place, replace
             * them, repeat keys and evict each other */
            char json[2048];
            size_t n = 1 + (uint8_t) key[0] % 4, o = 0;
            char keys[4];
            size_t lens[4];
            int64_t ttls[4];
            o += (size_t) snprintf(json + o, sizeof json - o, "[");
            for (size_t j = 0; j < n; j++) {
                uint8_t b = key[j % klen];
                keys[j] = (char) ('0' + b % 4);
                lens[j] = (size_t) (b >> 2) % 6 * 7;
                ttls[j] = b & 0x40 ? 1 : 0;
                o += (size_t) snprintf(json + o, sizeof json - o, "%s{\"key\":\"%s%c\",\"value\":\"",
                                       j ? "," : "", b & 0x80 ? "\\u006b" : "k", keys[j]);
                memset(json + o, 'v', lens[j]);
                o += lens[j];
                o += (size_t) snprintf(json + o, sizeof json - o, "\"%s}", b & 0x40 ? ",\"ttl\":1" : "");
            }
            o += (size_t) snprintf(json + o, sizeof json - o, "]");
            lyger_cache_stats before, after;
            lyger_cache_get_stats(c, &before);
            lyger_cache_batch_error err;
            long stored = lyger_cache_set_batch(c, json, o, &err);
            lyger_cache_get_stats(c, &after);
            if (stored < 0) {
                assert(after.entries == before.entries && after.memory_used == before.memory_used);
                break;
            }
            assert((size_t) stored == n);
            char vbuf[64];
            memset(vbuf, 'v', sizeof vbuf);
            for (size_t j = 0; j < n; j++) {
                char name[3] = {'k', keys[j], 0};
                assert(lyger_cache_set(m, name, 2, vbuf, lens[j], ttls[j]) == LYGER_CACHE_OK);
            }
            /* (before the reads below refresh recency) */
            assert(lyger_cache_same(c, m));
            if (after.evictions != before.evictions) break;
            for (size_t j = 0; j < n; j++) {
                size_t last = j;
                for (size_t k = j + 1; k < n; k++) {
                    if (keys[k] == keys[j]) last = k;
                }
                char name[3] = {'k', keys[j], 0};
                got = lyger_cache_get(c, name, 2, &got_len);
                assert(got && got_len == lens[last]);
                assert(lyger_cache_get(m, name, 2, &got_len) != NULL);
            }
            break;
        }
        }
        assert(lyger_cache_check(c) == 0);
        lyger_cache_stats s, ms;
        lyger_cache_get_stats(c, &s);
        lyger_cache_get_stats(m, &ms);
        assert(s.entries == ms.entries && s.memory_used == ms.memory_used && s.evictions == ms.evictions
               && s.expirations == ms.expirations);
        assert(lyger_cache_same(c, m));
        assert(s.memory_used <= s.memory_limit);
        assert(cap == 0 || s.entries <= cap);
        assert(s.entries * LYGER_CACHE_ENTRY_OVERHEAD <= s.memory_used);
        assert(lyger_cache_size(c) == s.entries);
        assert(lyger_cache_size(m) == s.entries);
    }
    lyger_cache_destroy(c);
    lyger_cache_destroy(m);
    return 0;
}
