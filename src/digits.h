/* Decimal digits of an unsigned integer: the one routine the JSON writer (integers) and
 * PostgreSQL's binary decoders (integers, dates, float digits) share. */
#ifndef LYGER_DIGITS_H
#define LYGER_DIGITS_H

#include <stdint.h>
#include <string.h>

static const char lyger_digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* v < 10^8 as exactly 8 digits at p: two independent halves of 4, each two pairs, so
 * the divisions do not wait on one another as a loop of pairs does. */
static inline void lyger_digits_put8(char *p, uint32_t v)
{
    uint32_t hi = v / 10000, lo = v % 10000;
    memcpy(p, lyger_digit_pairs + 2 * (hi / 100), 2);
    memcpy(p + 2, lyger_digit_pairs + 2 * (hi % 100), 2);
    memcpy(p + 4, lyger_digit_pairs + 2 * (lo / 100), 2);
    memcpy(p + 6, lyger_digit_pairs + 2 * (lo % 100), 2);
}

/* Writes u's digits right-aligned, ending just before end (at most 20); returns the first. */
static inline char *lyger_digits_back(char *end, uint64_t u)
{
    while (u >= 100000000) {
        uint32_t low8 = (uint32_t) (u % 100000000);
        u /= 100000000;
        end -= 8;
        lyger_digits_put8(end, low8);
    }
    uint32_t v = (uint32_t) u;
    while (v >= 100) {
        uint32_t i = (v % 100) * 2;
        v /= 100;
        end -= 2;
        memcpy(end, lyger_digit_pairs + i, 2);
    }
    if (v >= 10) {
        end -= 2;
        memcpy(end, lyger_digit_pairs + 2 * v, 2);
    } else {
        *--end = (char) ('0' + v);
    }
    return end;
}

/* 10^0 .. 10^19, every power of ten a uint64_t holds. */
static const uint64_t lyger_pow10[20] = {1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL,
    1000000ULL, 10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL, 100000000000ULL,
    1000000000000ULL, 10000000000000ULL, 100000000000000ULL, 1000000000000000ULL,
    10000000000000000ULL, 100000000000000000ULL, 1000000000000000000ULL,
    10000000000000000000ULL};

/* How many decimal digits u has (1 for 0): log10 from the bit length (1233 / 4096 is
 * just above log10(2)), then one comparison. */
static inline int lyger_digits_count(uint64_t u)
{
    u |= 1; /* 0 has one digit, as 1 has; no other count changes */
    int n = ((64 - __builtin_clzll(u)) * 1233) >> 12; /* digits - 1 or digits, <= 19 */
    return n + (u >= lyger_pow10[n]);
}

#endif
