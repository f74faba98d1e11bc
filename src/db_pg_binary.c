/* PostgreSQL binary values -> JSON, as the text path writes them: see db_pg_binary.h.
 * Each decoder follows the server's own output function (int8out, float8out with
 * extra_float_digits > 0, numeric_out, date_out / timestamp_out with DateStyle ISO,
 * uuid_out, byteaout with bytea_output hex) for the wire format its *_send writes. */
#include "db_pg_binary.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Type OIDs (pg_type.dat; stable). */
enum {
    T_BOOL = 16, T_BYTEA = 17, T_NAME = 19, T_INT8 = 20, T_INT2 = 21, T_INT4 = 23, T_TEXT = 25,
    T_OID = 26, T_JSON = 114, T_FLOAT4 = 700, T_FLOAT8 = 701, T_UNKNOWN = 705, T_BPCHAR = 1042,
    T_VARCHAR = 1043, T_DATE = 1082, T_TIME = 1083, T_TIMESTAMP = 1114, T_TIMESTAMPTZ = 1184,
    T_NUMERIC = 1700, T_UUID = 2950, T_JSONB = 3802,
};

int lyger_pgb_needs(unsigned oid)
{
    switch (oid) {
        case T_BOOL: case T_INT2: case T_INT4: case T_INT8: case T_OID:
        case T_TEXT: case T_VARCHAR: case T_BPCHAR: case T_NAME: case T_UNKNOWN:
        case T_JSON: case T_JSONB:
            return 0;
        case T_UUID: case T_TIME: return (int) LYGER_PGB_GAINS;
        case T_NUMERIC: return (int) LYGER_PGB_SLOWER;
        case T_FLOAT4: case T_FLOAT8: return (int) LYGER_PGB_NEED_FLOAT;
        case T_BYTEA: return (int) LYGER_PGB_NEED_HEX;
        case T_DATE: case T_TIMESTAMP: return (int) (LYGER_PGB_NEED_ISO | LYGER_PGB_GAINS);
        case T_TIMESTAMPTZ: return (int) (LYGER_PGB_NEED_ISO | LYGER_PGB_NEED_UTC | LYGER_PGB_GAINS);
        default: return -1;
    }
}

int lyger_pgb_zone_is_utc(const char *zone)
{
    static const char *const utc[] = {
        "UTC", "Etc/UTC", "UCT", "Etc/UCT", "GMT", "Etc/GMT", "GMT0", "Etc/GMT0", "GMT+0", "GMT-0",
        "Etc/GMT+0", "Etc/GMT-0", "Universal", "Etc/Universal", "Zulu", "Etc/Zulu", "Greenwich",
        "Etc/Greenwich", NULL,
    };
    if (!zone) {
        return 0;
    }
    for (int i = 0; utc[i]; i++) {
        if (strcasecmp(zone, utc[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Big-endian readers (the wire's byte order). */
static uint16_t rd16(const char *p)
{
    const unsigned char *u = (const unsigned char *) p;
    return (uint16_t) ((u[0] << 8) | u[1]);
}

static uint32_t rd32(const char *p)
{
    const unsigned char *u = (const unsigned char *) p;
    return ((uint32_t) u[0] << 24) | ((uint32_t) u[1] << 16) | ((uint32_t) u[2] << 8) | u[3];
}

static uint64_t rd64(const char *p)
{
    return ((uint64_t) rd32(p) << 32) | rd32(p + 4);
}

/* Decimal digits of u, right-aligned ending at end (two at a time); returns the first. */
static char *utoa_back(char *end, uint64_t u)
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

static char *put_int(char *o, int64_t v)
{
    char tmp[24];
    uint64_t u = v < 0 ? (uint64_t) 0 - (uint64_t) v : (uint64_t) v;
    char *s = utoa_back(tmp + sizeof tmp, u);
    if (v < 0) {
        *o++ = '-';
    }
    size_t n = (size_t) (tmp + sizeof tmp - s);
    memcpy(o, s, n);
    return o + n;
}

/* 0 <= u < 100 as two digits */
static inline char *put2(char *o, unsigned u)
{
    o[0] = (char) ('0' + u / 10);
    o[1] = (char) ('0' + u % 10);
    return o + 2;
}

/* u zero-padded to at least width digits */
static char *put_pad(char *o, uint64_t u, int width)
{
    char tmp[24];
    char *s = utoa_back(tmp + sizeof tmp, u);
    for (int n = (int) (tmp + sizeof tmp - s); n < width; n++) {
        *o++ = '0';
    }
    size_t n = (size_t) (tmp + sizeof tmp - s);
    memcpy(o, s, n);
    return o + n;
}

static int raw(lyger_jbuf *b, const char *s, char *end)
{
    return lyger_json_write_raw(b, s, (size_t) (end - s));
}

/* Floats ----------------------------------------------------------------------- */

static lyger_pgb_dtoa_fn dtoa_hook;

void lyger_pgb_set_dtoa(lyger_pgb_dtoa_fn fn)
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

int lyger_pgb_shortest(double d, int is_float, char digits[24], int *decpt)
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
static int shortest_fast(double d, int is_float, char digits[24], int *decpt)
{
    static const uint64_t p10[20] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
        1000000000, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
        100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
        1000000000000000000ULL, 10000000000000000000ULL};
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
    unsigned __int128 pk = (unsigned __int128) p10[k < 19 ? k : 19] * (k < 19 ? 1 : p10[k - 19]);
    unsigned __int128 x4 = ((unsigned __int128) m * pk) << 2;   /* d x 10^k in units of 2^(e-2) */
    unsigned __int128 hi4 = x4 + 2 * pk;                        /* the midpoint above */
    unsigned __int128 lo4 = x4 - ((m == (UINT64_C(1) << mbits) && be > 1) ? pk : 2 * pk); /* below */
    int sh = 2 - e;
    unsigned __int128 mask = ((unsigned __int128) 1 << sh) - 1;
    uint64_t vr = (uint64_t) (x4 >> sh), vp = (uint64_t) (hi4 >> sh), vm = (uint64_t) (lo4 >> sh);
    /* decimals strictly between the midpoints: (vm, vp), integers at scale 10^-k */
    uint64_t a = (hi4 & mask) == 0 ? vp - 1 : vp, b = vm;
    int r = 0;
    while (a / 10 > b / 10) {
        a /= 10;
        b /= 10;
        r++;
    }
    /* at scale 10^(r-k) the candidates are b+1 .. a: the closest to d */
    uint64_t pr = p10[r], q = vr / pr, rem = vr % pr;
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
    char tmp[24];
    char *s = utoa_back(tmp + sizeof tmp, q);
    int nd = (int) (tmp + sizeof tmp - s);
    memcpy(digits, s, (size_t) nd);
    *decpt = nd + r - k;
    while (nd > 1 && digits[nd - 1] == '0') {
        nd--;
    }
    return nd;
}

/* The digits PostgreSQL's Ryu writes: the shortest that reads back, except that a
 * decimal exactly between d and its neighbour (which reads back as d only by the
 * round-half-even rule) is never taken: the next longer one is (1e23 ->
 * 9.999999999999999e+22, 1.9e22 -> 1.9000000000000002e+22). zend_dtoa takes it;
 * measured against PostgreSQL 15 on 200,000 such decimals (tests/280). */
static int pg_digits(double d, int is_float, char digits[24], int *decpt)
{
    int nd = shortest_fast(d, is_float, digits, decpt);
    if (nd) {
        return nd; /* strictly between the midpoints already */
    }
    nd = !is_float && dtoa_hook ? dtoa_hook(d, digits, decpt) : lyger_pgb_shortest(d, is_float, digits, decpt);
    if (is_midpoint(d, is_float, digits, nd, *decpt)) {
        nd = shortest_from(d, is_float, nd + 1, 1, digits, decpt);
    }
    return nd;
}

/* PostgreSQL's shortest output (extra_float_digits > 0): fixed notation when the
 * decimal exponent is in [-4, fixed_max), else d.ddde+XX (at least two exponent
 * digits); 0 and -0 as "0" and "-0". NaN and infinities as JSON strings. */
static int write_float(lyger_jbuf *b, double d, int is_float)
{
    if (isnan(d)) {
        return lyger_json_write_raw(b, "\"NaN\"", 5);
    }
    if (isinf(d)) {
        return d > 0 ? lyger_json_write_raw(b, "\"Infinity\"", 10) : lyger_json_write_raw(b, "\"-Infinity\"", 11);
    }
    char out[64], *o = out;
    if (signbit(d)) {
        *o++ = '-';
        d = -d;
    }
    if (d == 0) {
        *o++ = '0';
        return raw(b, out, o);
    }
    char digits[24];
    int decpt = 0;
    int nd = pg_digits(d, is_float, digits, &decpt);
    int exp = decpt - 1;
    if (exp >= -4 && exp < (is_float ? 6 : 15)) {
        if (decpt <= 0) {
            *o++ = '0';
            *o++ = '.';
            memset(o, '0', (size_t) -decpt);
            o += -decpt;
            memcpy(o, digits, (size_t) nd);
            o += nd;
        } else if (nd <= decpt) {
            memcpy(o, digits, (size_t) nd);
            o += nd;
            memset(o, '0', (size_t) (decpt - nd));
            o += decpt - nd;
        } else {
            memcpy(o, digits, (size_t) decpt);
            o += decpt;
            *o++ = '.';
            memcpy(o, digits + decpt, (size_t) (nd - decpt));
            o += nd - decpt;
        }
        return raw(b, out, o);
    }
    *o++ = digits[0];
    if (nd > 1) {
        *o++ = '.';
        memcpy(o, digits + 1, (size_t) nd - 1);
        o += nd - 1;
    }
    *o++ = 'e';
    *o++ = exp < 0 ? '-' : '+';
    o = put_pad(o, (uint64_t) (exp < 0 ? -exp : exp), 2);
    return raw(b, out, o);
}

/* Numeric ----------------------------------------------------------------------- */

/* numeric_send: int16 ndigits, int16 weight, uint16 sign, uint16 dscale, then ndigits
 * base-10000 digits (int16); the value is sum digit[i] x 10000^(weight - i). */
#define NUMERIC_HEAD 8
#define NUMERIC_POS 0x0000
#define NUMERIC_NEG 0x4000
#define NUMERIC_NAN 0xC000
#define NUMERIC_PINF 0xD000
#define NUMERIC_NINF 0xF000

/* Whether v[0..n) is a numeric as numeric_send writes it. */
static int numeric_valid(const char *v, size_t n)
{
    if (n < NUMERIC_HEAD) {
        return 0;
    }
    int ndigits = (int16_t) rd16(v);
    uint16_t sign = rd16(v + 4), dscale = rd16(v + 6);
    if (ndigits < 0 || n != NUMERIC_HEAD + 2 * (size_t) ndigits || (dscale & 0xC000)) {
        return 0;
    }
    if (sign == NUMERIC_NAN || sign == NUMERIC_PINF || sign == NUMERIC_NINF) {
        return 1;
    }
    if (sign != NUMERIC_POS && sign != NUMERIC_NEG) {
        return 0;
    }
    for (int i = 0; i < ndigits; i++) {
        if (rd16(v + NUMERIC_HEAD + 2 * i) > 9999) {
            return 0;
        }
    }
    /* the server strips leading zero groups: past weight 0 a zero first group would
     * print as leading zeros ("00005"), which no numeric_out writes */
    int weight = (int16_t) rd16(v + 2);
    return weight <= 0 || (ndigits > 0 && rd16(v + NUMERIC_HEAD) != 0);
}

static size_t numeric_text_len(const char *v)
{
    int weight = (int16_t) rd16(v + 2);
    size_t dscale = rd16(v + 6);
    /* '-', the integer part's groups of 4, '.', dscale digits rounded up to a group */
    return 1 + (weight < 0 ? 1 : 4 * ((size_t) weight + 1)) + 1 + dscale + 4 + 11; /* 11: "-Infinity" quoted */
}

static char *put_group(char *o, int dig, int lead)
{
    static const int pow10[4] = {1000, 100, 10, 1};
    for (int k = 0; k < 4; k++) {
        int d1 = dig / pow10[k];
        dig -= d1 * pow10[k];
        lead |= d1 > 0 || k == 3;
        if (lead) {
            *o++ = (char) ('0' + d1);
        }
    }
    return o;
}

static int write_numeric(lyger_jbuf *b, const char *v, size_t n)
{
    uint16_t sign = rd16(v + 4);
    if (sign == NUMERIC_NAN) {
        return lyger_json_write_raw(b, "\"NaN\"", 5);
    }
    if (sign == NUMERIC_PINF || sign == NUMERIC_NINF) {
        return sign == NUMERIC_PINF ? lyger_json_write_raw(b, "\"Infinity\"", 10)
                                    : lyger_json_write_raw(b, "\"-Infinity\"", 11);
    }
    int ndigits = (int16_t) rd16(v), weight = (int16_t) rd16(v + 2), dscale = rd16(v + 6);
    (void) n;
    char stack[512];
    size_t cap = numeric_text_len(v);
    char *out = cap <= sizeof stack ? stack : malloc(cap);
    if (!out) {
        return 0;
    }
    char *o = out;
    if (sign == NUMERIC_NEG) {
        *o++ = '-';
    }
    int d;
    if (weight < 0) {
        d = weight + 1;
        *o++ = '0';
    } else {
        for (d = 0; d <= weight; d++) {
            int dig = d < ndigits ? rd16(v + NUMERIC_HEAD + 2 * d) : 0;
            o = put_group(o, dig, d > 0);
        }
    }
    if (dscale > 0) {
        *o++ = '.';
        char *end = o + dscale;
        for (int i = 0; i < dscale; d++, i += 4) {
            int dig = d >= 0 && d < ndigits ? rd16(v + NUMERIC_HEAD + 2 * d) : 0;
            o = put_group(o, dig, 1);
        }
        o = end;
    }
    int ok = raw(b, out, o);
    if (out != stack) {
        free(out);
    }
    return ok;
}

/* Dates and times ----------------------------------------------------------------- */

#define USECS_PER_DAY INT64_C(86400000000)
#define DAYS_1970_TO_2000 10957 /* PostgreSQL's epoch is 2000-01-01 */

/* The proleptic Gregorian date of day z counted from 1970-01-01 (year 0 = 1 BC). */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468; /* from 0000-03-01 */
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;                               /* [0, 146096] */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);         /* [0, 365] from March 1st */
    int64_t mp = (5 * doy + 2) / 153;                              /* [0, 11] from March */
    *d = (int) (doy - (153 * mp + 2) / 5 + 1);
    *m = (int) (mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* "YYYY-MM-DD" (at least 4 year digits), the year as date_out writes it (BC: 1 - y) */
static char *put_date(char *o, int64_t days2000, int64_t *year)
{
    int m, d;
    civil_from_days(days2000 + DAYS_1970_TO_2000, year, &m, &d);
    int64_t y = *year > 0 ? *year : 1 - *year;
    if (y >= 1000 && y <= 9999) {
        o = put2(put2(o, (unsigned) (y / 100)), (unsigned) (y % 100));
    } else {
        o = put_pad(o, (uint64_t) y, 4);
    }
    *o++ = '-';
    o = put2(o, (unsigned) m);
    *o++ = '-';
    return put2(o, (unsigned) d);
}

/* "HH:MM:SS" then ".ffffff" without trailing zeros when there is a fraction */
static char *put_time(char *o, int64_t usec)
{
    int64_t sec = usec / 1000000, frac = usec % 1000000;
    o = put2(o, (unsigned) (sec / 3600));
    *o++ = ':';
    o = put2(o, (unsigned) (sec / 60 % 60));
    *o++ = ':';
    o = put2(o, (unsigned) (sec % 60));
    if (frac) {
        *o++ = '.';
        int width = 6;
        while (frac % 10 == 0) {
            frac /= 10;
            width--;
        }
        o = put_pad(o, (uint64_t) frac, width);
    }
    return o;
}

/* Each put_* below writes one value's JSON at o (room for 64 bytes reserved) and
 * returns the position after it. */

static char *put_special(char *o, int positive)
{
    memcpy(o, positive ? "\"infinity\"" : "\"-infinity\"", positive ? 10 : 11);
    return o + (positive ? 10 : 11);
}

static char *put_date_json(char *o, int32_t days)
{
    if (days == INT32_MIN || days == INT32_MAX) {
        return put_special(o, days == INT32_MAX);
    }
    int64_t year;
    *o++ = '"';
    o = put_date(o, days, &year);
    if (year <= 0) {
        memcpy(o, " BC", 3);
        o += 3;
    }
    *o++ = '"';
    return o;
}

static char *put_timestamp_json(char *o, int64_t t, int with_zone)
{
    if (t == INT64_MIN || t == INT64_MAX) {
        return put_special(o, t == INT64_MAX);
    }
    int64_t days = t / USECS_PER_DAY, usec = t % USECS_PER_DAY;
    if (usec < 0) {
        usec += USECS_PER_DAY;
        days--;
    }
    int64_t year;
    *o++ = '"';
    o = put_date(o, days, &year);
    *o++ = ' ';
    o = put_time(o, usec);
    if (with_zone) {
        memcpy(o, "+00", 3);
        o += 3;
    }
    if (year <= 0) {
        memcpy(o, " BC", 3);
        o += 3;
    }
    *o++ = '"';
    return o;
}

static char *put_uuid_json(char *o, const char *v)
{
    static const char hex[] = "0123456789abcdef";
    *o++ = '"';
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            *o++ = '-';
        }
        unsigned char c = (unsigned char) v[i];
        *o++ = hex[c >> 4];
        *o++ = hex[c & 15];
    }
    *o++ = '"';
    return o;
}

/* Others ------------------------------------------------------------------------ */

/* The fixed length of a type's binary value (0: variable). */
static size_t fixed_len(unsigned oid)
{
    switch (oid) {
        case T_BOOL: return 1;
        case T_INT2: return 2;
        case T_INT4: case T_OID: case T_FLOAT4: case T_DATE: return 4;
        case T_INT8: case T_FLOAT8: case T_TIME: case T_TIMESTAMP: case T_TIMESTAMPTZ: return 8;
        case T_UUID: return 16;
        default: return 0;
    }
}

/* Microseconds from 2000-01-01 to 1000-01-01 and to 10000-01-01: between them a
 * timestamp's year has 4 digits and no BC. */
#define STAMP_Y1000 INT64_C(-31556908800000000)
#define STAMP_Y10000 INT64_C(252455616000000000)

static size_t stamp_len(int64_t t, int with_zone)
{
    if (t < STAMP_Y1000 || t >= STAMP_Y10000) {
        return 40; /* "-infinity", "294276-12-31 23:59:59.999999+00 BC" */
    }
    size_t n = 2 + 19 + (with_zone ? 3 : 0); /* quotes, YYYY-MM-DD HH:MM:SS, +00 */
    int64_t frac = t % 1000000;
    if (frac) {
        n += 7;
        while (frac % 10 == 0) {
            frac /= 10;
            n--;
        }
    }
    return n;
}

size_t lyger_pgb_json_max(unsigned oid)
{
    switch (oid) {
        case T_BOOL: return 5;
        case T_INT2: return 6;
        case T_INT4: case T_OID: return 11;
        case T_INT8: return 20;
        case T_FLOAT4: return 16; /* -1.2345678e-38, "-Infinity" */
        case T_FLOAT8: return 24; /* -1.2345678901234567e-308 */
        case T_DATE: return 19;   /* "5874897-12-31 BC" */
        case T_TIME: return 22;   /* "24:00:00.999999", out of range the hex of 8 bytes */
        case T_UUID: return 38;
        default: return 0;
    }
}

size_t lyger_pgb_json_len(unsigned oid, const char *v, size_t n)
{
    size_t malformed = 2 * n + 6, fixed = fixed_len(oid);
    if (fixed && n != fixed) {
        return malformed;
    }
    switch (oid) {
        case T_BOOL: return 5;
        case T_INT2: return 6;
        case T_INT4: case T_OID: return 11;
        case T_INT8: return 20;
        case T_FLOAT4: return 16;  /* -1.2345678e-38, "-Infinity" */
        case T_FLOAT8: return 24;  /* -1.2345678901234567e-308 */
        case T_DATE: return 19;    /* "5874897-12-31 BC" */
        case T_TIME: return malformed; /* "24:00:00.999999" or, out of range, the hex of 8 bytes */
        case T_TIMESTAMP: return stamp_len((int64_t) rd64(v), 0);
        case T_TIMESTAMPTZ: return stamp_len((int64_t) rd64(v), 1);
        case T_UUID: return 38;
        case T_BYTEA: return malformed;
        case T_NUMERIC: return numeric_valid(v, n) ? numeric_text_len(v) : malformed;
        default: return n; /* text, json: as the text path estimates them (escapes grow the buffer) */
    }
}

/* The fixed-size types other than floats, written in place. */
static int write_fixed(lyger_jbuf *b, unsigned oid, const char *v)
{
    if (!lyger_jbuf_reserve(b, 64)) {
        return 0;
    }
    char *o = b->pos;
    switch (oid) {
        case T_BOOL:
            memcpy(o, v[0] ? "true" : "false", 5);
            o += v[0] ? 4 : 5;
            break;
        case T_INT2: o = put_int(o, (int16_t) rd16(v)); break;
        case T_INT4: o = put_int(o, (int32_t) rd32(v)); break;
        case T_OID: o = put_int(o, rd32(v)); break;
        case T_INT8: o = put_int(o, (int64_t) rd64(v)); break;
        case T_DATE: o = put_date_json(o, (int32_t) rd32(v)); break;
        case T_TIMESTAMP: o = put_timestamp_json(o, (int64_t) rd64(v), 0); break;
        case T_TIMESTAMPTZ: o = put_timestamp_json(o, (int64_t) rd64(v), 1); break;
        case T_UUID: o = put_uuid_json(o, v); break;
        case T_TIME: {
            int64_t t = (int64_t) rd64(v);
            if (t < 0 || t > USECS_PER_DAY) {
                return lyger_json_write_hex(b, v, 8);
            }
            *o++ = '"';
            o = put_time(o, t);
            *o++ = '"';
            break;
        }
        default:
            return lyger_json_write_hex(b, v, fixed_len(oid));
    }
    b->pos = o;
    return 1;
}

int lyger_pgb_write(lyger_jbuf *b, unsigned oid, const char *v, size_t n)
{
    size_t fixed = fixed_len(oid);
    if (fixed && n != fixed) {
        return lyger_json_write_hex(b, v, n);
    }
    switch (oid) {
        case T_FLOAT4: {
            uint32_t u = rd32(v);
            float f;
            memcpy(&f, &u, 4);
            return write_float(b, f, 1);
        }
        case T_FLOAT8: {
            uint64_t u = rd64(v);
            double d;
            memcpy(&d, &u, 8);
            return write_float(b, d, 0);
        }
        case T_NUMERIC:
            return numeric_valid(v, n) ? write_numeric(b, v, n) : lyger_json_write_hex(b, v, n);
        case T_BYTEA: return lyger_json_write_hex(b, v, n);
        case T_JSON: /* the server's text: never empty */
            return n ? lyger_json_write_raw(b, v, n) : lyger_json_write_hex(b, v, n);
        case T_JSONB: /* version 1, then the text */
            if (n < 2 || v[0] != 1) {
                return lyger_json_write_hex(b, v, n);
            }
            return lyger_json_write_raw(b, v + 1, n - 1);
        case T_TEXT: case T_VARCHAR: case T_BPCHAR: case T_NAME: case T_UNKNOWN:
            return lyger_json_write_string(b, v, n); /* the same bytes as the text output */
        default: /* the other fixed-size types; a type without a decoder (never requested
                    in binary: lyger_pgb_needs) as the hex of its bytes */
            return fixed ? write_fixed(b, oid, v) : lyger_json_write_hex(b, v, n);
    }
}
