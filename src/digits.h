/* Decimal digits of an unsigned integer, two at a time: the one routine the JSON writer
 * (integers) and PostgreSQL's binary decoders (integers, dates, float digits) share. */
#ifndef LYGER_DIGITS_H
#define LYGER_DIGITS_H

#include <stdint.h>

/* Writes u's digits right-aligned, ending just before end (at most 20); returns the first. */
static inline char *lyger_digits_back(char *end, uint64_t u)
{
    static const char pairs[201] =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
        "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
        "8081828384858687888990919293949596979899";
    while (u >= 100) {
        unsigned i = (unsigned) (u % 100) * 2;
        u /= 100;
        end -= 2;
        end[0] = pairs[i];
        end[1] = pairs[i + 1];
    }
    if (u >= 10) {
        end -= 2;
        end[0] = pairs[u * 2];
        end[1] = pairs[u * 2 + 1];
    } else {
        *--end = (char) ('0' + u);
    }
    return end;
}

#endif
