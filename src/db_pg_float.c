/* PostgreSQL's shortest float output (float8out / float4out with extra_float_digits > 0,
 * Ryu on the server), for binary values: see db_pg_float.h. */
#include "db_pg_float.h"
#include "digits.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static lyger_pgf_dtoa_fn dtoa_hook;

void lyger_pgf_set_dtoa(lyger_pgf_dtoa_fn fn)
{
    dtoa_hook = fn;
}

/* Whether digits[0..nd) x 10^(decpt - nd) reads back as d (as a float when is_float). */
static int reads_back(const char *digits, int nd, int decpt, double d, int is_float)
{
    char text[48];
    snprintf(text, sizeof text, "0.%.*se%d", nd, digits, decpt);
    return is_float ? strtof(text, NULL) == (float) d : strtod(text, NULL) == d;
}

/* digits[0..nd) plus delta (+1 or -1) in the last place; nd and decpt adjusted when
 * the number of digits changes (999 + 1, 100 - 1). 0 when it would reach zero. */
static int step_last(char *digits, int *nd, int *decpt, int delta)
{
    int i = *nd - 1;
    if (delta > 0) {
        while (i >= 0 && digits[i] == '9') {
            digits[i--] = '0';
        }
        if (i < 0) {
            memmove(digits + 1, digits, (size_t) *nd);
            digits[0] = '1';
            (*decpt)++; /* 999 + 1 = 1000: one digit more before the point, keep nd */
            return 1;
        }
        digits[i]++;
        return 1;
    }
    while (i >= 0 && digits[i] == '0') {
        digits[i--] = '9';
    }
    if (i < 0) {
        return 0;
    }
    digits[i]--;
    if (digits[0] == '0') { /* 100 - 1 = 099: drop the leading zero */
        if (*nd == 1) {
            return 0;
        }
        memmove(digits, digits + 1, (size_t) *nd - 1);
        (*nd)--;
        (*decpt)--;
    }
    return 1;
}

/* Whether digits[0..nd) x 10^(decpt - nd) is exactly the midpoint between d (> 0,
 * finite) and a neighbour: a decimal that reads back as d only by the round-half-even
 * rule. Both are compared as odd x 2^e. */
static int is_midpoint(double d, int is_float, const char *digits, int nd, int decpt)
{
    uint64_t m;
    int e;
    if (is_float) {
        float f = (float) d;
        uint32_t u;
        memcpy(&u, &f, 4);
        int be = (int) (u >> 23);
        m = u & 0x7fffff;
        e = be ? be - 150 : -149;
        m |= be ? UINT64_C(1) << 23 : 0;
    } else {
        uint64_t u;
        memcpy(&u, &d, 8);
        int be = (int) (u >> 52);
        m = u & ((UINT64_C(1) << 52) - 1);
        e = be ? be - 1075 : -1074;
        m |= be ? UINT64_C(1) << 52 : 0;
    }
    uint64_t dec = 0;
    for (int i = 0; i < nd; i++) {
        dec = dec * 10 + (uint64_t) (digits[i] - '0');
    }
    int k = decpt - nd, e2 = 0;
    while (dec && !(dec & 1)) {
        dec >>= 1;
        e2++;
    }
    if (k < 0) { /* D / 10^j: an odd x 2^e only when 5^j divides D */
        for (int j = 0; j < -k; j++) {
            if (dec % 5) {
                return 0;
            }
            dec /= 5;
        }
    } else {
        for (int j = 0; j < k; j++) {
            if (dec > UINT64_MAX / 5) {
                return 0; /* past any odd part a midpoint has (< 2^55) */
            }
            dec *= 5;
        }
    }
    e2 += k;
    int pow2 = (m & (m - 1)) == 0 && m > 1 && e > (is_float ? -149 : -1074);
    return (dec == 2 * m + 1 && e2 == e - 1) || (!pow2 && dec == 2 * m - 1 && e2 == e - 1)
           || (pow2 && dec == 4 * m - 1 && e2 == e - 2);
}

/* The shortest digits that read back as d, from `first` digits on; with strict, a
 * decimal exactly between d and a neighbour does not count. */
static int shortest_from(double d, int is_float, int first, int strict, char digits[24], int *decpt)
{
    int last = is_float ? 9 : 17;
    for (int p = first; p <= last; p++) {
        char sci[48];
        snprintf(sci, sizeof sci, "%.*e", p - 1, d);
        int nd = 0;
        const char *s = sci;
        for (; *s && *s != 'e'; s++) {
            if (*s != '.') {
                digits[nd++] = *s;
            }
        }
        int dp = atoi(s + 1) + 1;
        int ok = (p == last && !strict) || (reads_back(digits, nd, dp, d, is_float)
                                             && !(strict && is_midpoint(d, is_float, digits, nd, dp)));
        for (int delta = -1; !ok && delta <= 1; delta += 2) {
            /* near a power of two the interval that reads back is lopsided: the
             * correctly rounded value can miss it where its neighbour does not */
            char alt[24];
            int and_ = nd, adp = dp;
            memcpy(alt, digits, (size_t) nd);
            if (step_last(alt, &and_, &adp, delta) && reads_back(alt, and_, adp, d, is_float)
                && !(strict && is_midpoint(d, is_float, alt, and_, adp))) {
                memcpy(digits, alt, (size_t) and_);
                nd = and_;
                dp = adp;
                ok = 1;
            }
        }
        if (ok) {
            while (nd > 1 && digits[nd - 1] == '0') {
                nd--;
            }
            *decpt = dp;
            return nd;
        }
    }
    return 0; /* not reached: at the last precision some decimal is strictly inside */
}

int lyger_pgf_shortest(double d, int is_float, char digits[24], int *decpt)
{
    /* Below 15 (float: 6) significant digits the correctly rounded value is the shortest
     * that reads back whenever one that short exists (the type is more precise than
     * that), so the search starts there; subnormals are less precise: from 1. */
    int tiny = is_float ? d < 1.17549435e-38 : d < 2.2250738585072014e-308;
    return shortest_from(d, is_float, tiny ? 1 : is_float ? 6 : 15, 0, digits, decpt);
}

/* The shortest digits of a double 2^-14 <= d < 2^53 or a float 2^-43 <= d < 2^24 (most
 * values a database holds), exactly and fast: the value and the two midpoints to its
 * neighbours are scaled by a power of ten to integers of 17-18 digits (float: 9-10) in
 * 128-bit arithmetic, digits are dropped while a shorter decimal still lies strictly
 * between the midpoints, and of those the one closest to d is taken (ties to even): what
 * Ryu computes. 0 when d is outside the range. */
static int shortest_fast(double d, int is_float, uint64_t *digits, int *decpt)
{
    int be, mbits = is_float ? 23 : 52;
    uint64_t m;
    if (is_float) {
        float f = (float) d;
        uint32_t u;
        memcpy(&u, &f, 4);
        be = (int) ((u >> 23) & 0xff);
        m = (u & 0x7fffff) | (UINT64_C(1) << 23);
    } else {
        uint64_t u;
        memcpy(&u, &d, 8);
        be = (int) ((u >> 52) & 0x7ff);
        m = (u & ((UINT64_C(1) << 52) - 1)) | (UINT64_C(1) << 52);
    }
    int e = be - (is_float ? 150 : 1075); /* d = m x 2^e */
    if (be == 0 || e > 0 || e < -66) {
        return 0;
    }
    /* d x 10^k in [10^t, 2 x 10^(t+1)), t = 16 (float: 8): k = t - floor(log10(2^p2)),
     * where 2^p2 <= d < 2^(p2+1) */
    int p2 = e + mbits;
    int fl = p2 >= 0 ? (p2 * 78913) >> 18 : -((-p2 * 78913 + (1 << 18) - 1) >> 18);
    int k = (is_float ? 8 : 16) - fl; /* 0..21 */
    unsigned __int128 pk = (unsigned __int128) lyger_pow10[k < 19 ? k : 19] * (k < 19 ? 1 : lyger_pow10[k - 19]);
    unsigned __int128 x4 = ((unsigned __int128) m * pk) << 2;   /* d x 10^k in units of 2^(e-2) */
    unsigned __int128 hi4 = x4 + 2 * pk;                        /* the midpoint above */
    unsigned __int128 lo4 = x4 - ((m == (UINT64_C(1) << mbits) && be > 1) ? pk : 2 * pk); /* below */
    int sh = 2 - e;
    unsigned __int128 mask = ((unsigned __int128) 1 << sh) - 1;
    uint64_t vr = (uint64_t) (x4 >> sh), vp = (uint64_t) (hi4 >> sh), vm = (uint64_t) (lo4 >> sh);
    /* decimals strictly between the midpoints: (vm, vp), integers at scale 10^-k */
    uint64_t a = (hi4 & mask) == 0 ? vp - 1 : vp, b = vm;
    /* Drop the most digits r with a / 10^r > b / 10^r (true for every smaller r once true
     * for r, as a >= b): 16, 8, 4, 2 then 1 at a time, divisions by constants, where a
     * loop of tens ran up to 16 times for a short decimal such as 123.45 (37 -> 28 ns a
     * value for those; full-length ones unchanged). vr goes along. */
    int r = 0;
    uint64_t q = vr;
#define LYGER_PGF_DROP(n, p10)   \
    if (a / (p10) > b / (p10)) { \
        a /= (p10);              \
        b /= (p10);              \
        q /= (p10);              \
        r += (n);                \
    }
    LYGER_PGF_DROP(16, UINT64_C(10000000000000000))
    LYGER_PGF_DROP(8, UINT64_C(100000000))
    LYGER_PGF_DROP(4, UINT64_C(10000))
    LYGER_PGF_DROP(2, UINT64_C(100))
    LYGER_PGF_DROP(1, UINT64_C(10))
#undef LYGER_PGF_DROP
    /* at scale 10^(r-k) the candidates are b+1 .. a: the closest to d */
    uint64_t pr = lyger_pow10[r], rem = vr - q * pr;
    int up;
    if (2 * rem + 2 <= pr) {
        up = 0;
    } else if (2 * rem > pr) {
        up = 1;
    } else { /* the rest of d decides: 2*rem is pr or pr - 1 */
        unsigned __int128 f2 = (unsigned __int128) (x4 & mask) * 2 + (2 * rem == pr ? ((unsigned __int128) 1 << sh) : 0);
        unsigned __int128 one = (unsigned __int128) 1 << sh;
        up = f2 > one || (f2 == one && (q & 1));
    }
    q += (uint64_t) up;
    if (q < b + 1) {
        q = b + 1;
    } else if (q > a) {
        q = a;
    }
    int nd = lyger_digits_count(q);
    *decpt = nd + r - k;
    while (q % 10 == 0) { /* q > 0: the value is */
        q /= 10;
        nd--;
    }
    *digits = q;
    return nd;
}

/* The digits PostgreSQL's Ryu writes: the shortest that reads back, except that a
 * decimal exactly between d and its neighbour (which reads back as d only by the
 * round-half-even rule) is never taken: the next longer one is (1e23 ->
 * 9.999999999999999e+22, 1.9e22 -> 1.9000000000000002e+22). zend_dtoa takes it;
 * measured against PostgreSQL 15 on 200,000 such decimals (tests/280). */
static int pg_digits(double d, int is_float, uint64_t *q, int *decpt)
{
    int nd = shortest_fast(d, is_float, q, decpt);
    if (nd) {
        return nd; /* strictly between the midpoints already */
    }
    char digits[24];
    nd = !is_float && dtoa_hook ? dtoa_hook(d, digits, decpt) : lyger_pgf_shortest(d, is_float, digits, decpt);
    if (is_midpoint(d, is_float, digits, nd, *decpt)) {
        nd = shortest_from(d, is_float, nd + 1, 1, digits, decpt);
    }
    *q = 0;
    for (int i = 0; i < nd; i++) { /* at most 17 digits */
        *q = *q * 10 + (uint64_t) (digits[i] - '0');
    }
    return nd;
}

/* The nd digits of q (no trailing zeros) with a point after the first `before` of them
 * (0 < before < nd), written at o; returns the end. The digits go one place right, then
 * the few before the point one place back (a division by a variable power of ten to
 * split q would cost more). */
static char *put_pointed(char *o, uint64_t q, int nd, int before)
{
    lyger_digits_back(o + 1 + nd, q);
    for (int i = 0; i < before; i++) {
        o[i] = o[i + 1];
    }
    o[before] = '.';
    return o + nd + 1;
}

size_t lyger_pgf_text(double d, int is_float, char out[LYGER_PGF_TEXT_MAX])
{
    char *o = out;
    if (signbit(d)) {
        *o++ = '-';
        d = -d;
    }
    if (d == 0) {
        *o++ = '0';
        return (size_t) (o - out);
    }
    uint64_t q;
    int decpt = 0;
    int nd = pg_digits(d, is_float, &q, &decpt);
    int exp = decpt - 1;
    if (exp >= -4 && exp < (is_float ? 6 : 15)) {
        if (decpt <= 0) { /* 0.000ddd: decpt >= -3 */
            memcpy(o, "0.000", 5);
            o += 2 - decpt + nd;
            lyger_digits_back(o, q);
        } else if (nd <= decpt) { /* ddd000: decpt <= 15 */
            memset(o, '0', 16);
            lyger_digits_back(o + nd, q);
            o += decpt;
        } else {
            o = put_pointed(o, q, nd, decpt);
        }
        return (size_t) (o - out);
    }
    if (nd > 1) {
        o = put_pointed(o, q, nd, 1);
    } else {
        *o++ = (char) ('0' + q);
    }
    *o++ = 'e';
    *o++ = exp < 0 ? '-' : '+';
    int x = exp < 0 ? -exp : exp;
    if (x >= 100) {
        *o++ = (char) ('0' + x / 100);
    }
    *o++ = (char) ('0' + x / 10 % 10);
    *o++ = (char) ('0' + x % 10);
    return (size_t) (o - out);
}
