/* The cache's key hash and key comparison, shared by the store and the batch
 * parser: a small word-at-a-time multiply/rotate hash with a strong final mix (the
 * splitmix64 finalizer), seeded per store against collision flooding. Plain C,
 * header-only so both inline it on their hot paths. */
#ifndef LYGER_CACHE_HASH_H
#define LYGER_CACHE_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

#endif
