/* PostgreSQL binary values -> JSON, as the text path writes them: see db_pg_binary.h.
 * Each decoder follows the server's own output function (int8out, float8out with
 * extra_float_digits > 0, numeric_out, date_out / timestamp_out with DateStyle ISO,
 * uuid_out, byteaout with bytea_output hex) for the wire format its *_send writes. */
#include "db_pg_binary.h"
#include "db_pg_float.h"
#include "digits.h"

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
        case T_FLOAT4: case T_FLOAT8: return (int) (LYGER_PGB_NEED_FLOAT | LYGER_PGB_GAINS);
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

/* v's digits written in place: counted first, so no copy */
static char *put_int(char *o, int64_t v)
{
    uint64_t u = v < 0 ? (uint64_t) 0 - (uint64_t) v : (uint64_t) v;
    if (v < 0) {
        *o++ = '-';
    }
    o += lyger_digits_count(u);
    lyger_digits_back(o, u);
    return o;
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
    char *s = lyger_digits_back(tmp + sizeof tmp, u);
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

/* Floats: PostgreSQL's shortest output (db_pg_float.h); NaN and infinities as JSON
 * strings, as the text path writes them. */
#define FLOAT_ROOM LYGER_PGF_TEXT_MAX /* the room put_float needs */

static char *put_float(char *o, double d, int is_float)
{
    if (isnan(d)) {
        memcpy(o, "\"NaN\"", 5);
        return o + 5;
    }
    if (isinf(d)) {
        memcpy(o, d > 0 ? "\"Infinity\"" : "\"-Infinity\"", d > 0 ? 10 : 11);
        return o + (d > 0 ? 10 : 11);
    }
    return o + lyger_pgf_text(d, is_float, o);
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

/* Days shifted by 82 eras of 400 years so that years down to about -32,800 stay unsigned
 * in the 32-bit path below, which holds while 4 x days + 3 fits: up to about year 2.9 million. */
#define CIVIL_ERAS 82u
#define CIVIL_SHIFT (719468u + 146097u * CIVIL_ERAS) /* 1970-01-01 -> 0000-03-01, + the eras */
#define CIVIL_MAX ((UINT32_C(1) << 30) - CIVIL_SHIFT)

/* The proleptic Gregorian date of day z counted from 1970-01-01 (year 0 = 1 BC). */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    if (z >= -(int64_t) CIVIL_SHIFT && z < (int64_t) CIVIL_MAX) {
        /* Neri and Schneider's Euclidean affine functions ("Euclidean affine functions and
         * their application to calendar algorithms", 2022): the century, the year in it and
         * the day of a year that starts on March 1st, each by one multiplication and shift;
         * twice as fast as the divisions below (6 against 12 ns a date, checked equal to
         * them on every day from -20 million to 1.1 billion). */
        uint32_t n1 = 4 * (uint32_t) (z + CIVIL_SHIFT) + 3;
        uint32_t century = n1 / 146097, n2 = n1 % 146097 / 4 * 4 + 3;
        uint64_t p = (uint64_t) 2939745 * n2;
        uint32_t year = 100 * century + (uint32_t) (p >> 32), doy = (uint32_t) p / 2939745 / 4;
        uint32_t n3 = 2141 * doy + 197913, after_dec = doy >= 306; /* January, February */
        *y = (int64_t) year - (int64_t) (400 * CIVIL_ERAS) + after_dec;
        *m = (int) ((n3 >> 16) - (after_dec ? 12 : 0));
        *d = (int) ((n3 & 0xffff) / 2141) + 1;
        return;
    }
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

/* Each put_* below writes one value's JSON at o (room for lyger_pgb_put_max reserved)
 * and returns the position after it. */

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

/* The widest timestamp JSON: "-infinity", "294276-12-31 23:59:59.999999+00 BC" fit. */
#define STAMP_MAX 40

static size_t stamp_len(int64_t t, int with_zone)
{
    if (t < STAMP_Y1000 || t >= STAMP_Y10000) {
        return STAMP_MAX;
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

size_t lyger_pgb_json_guess(unsigned oid)
{
    switch (oid) {
        case T_TIMESTAMP: return 28;   /* "YYYY-MM-DD HH:MM:SS.ffffff" */
        case T_TIMESTAMPTZ: return 31; /* and "+00" */
        default: return lyger_pgb_json_max(oid);
    }
}

size_t lyger_pgb_json_len(unsigned oid, const char *v, size_t n)
{
    size_t malformed = 2 * n + 6, fixed = fixed_len(oid);
    if (fixed && n != fixed) {
        return malformed;
    }
    size_t max = lyger_pgb_json_max(oid); /* the types whose JSON has a bound of its own */
    if (max) {
        return max;
    }
    switch (oid) {
        case T_TIMESTAMP: return stamp_len((int64_t) rd64(v), 0);
        case T_TIMESTAMPTZ: return stamp_len((int64_t) rd64(v), 1);
        case T_BYTEA: return malformed;
        case T_NUMERIC: return numeric_valid(v, n) ? numeric_text_len(v) : malformed;
        default: return n; /* text, json: as the text path estimates them (escapes grow the buffer) */
    }
}

int lyger_pgb_is_text(unsigned oid)
{
    return oid == T_TEXT || oid == T_VARCHAR || oid == T_BPCHAR || oid == T_NAME || oid == T_UNKNOWN;
}

size_t lyger_pgb_fixed_len(unsigned oid)
{
    return fixed_len(oid);
}

size_t lyger_pgb_put_max(unsigned oid)
{
    switch (oid) {
        case T_FLOAT4: case T_FLOAT8: return FLOAT_ROOM;
        case T_TIMESTAMP: case T_TIMESTAMPTZ: return STAMP_MAX;
        default: return fixed_len(oid) ? lyger_pgb_json_max(oid) : 0;
    }
}

static double float8_of(const char *v)
{
    uint64_t u = rd64(v);
    double d;
    memcpy(&d, &u, 8);
    return d;
}

static float float4_of(const char *v)
{
    uint32_t u = rd32(v);
    float f;
    memcpy(&f, &u, 4);
    return f;
}

char *lyger_pgb_put(char *o, unsigned oid, const char *v)
{
    switch (oid) {
        case T_BOOL:
            memcpy(o, v[0] ? "true" : "false", 5);
            return o + (v[0] ? 4 : 5);
        case T_INT2: return put_int(o, (int16_t) rd16(v));
        case T_INT4: return put_int(o, (int32_t) rd32(v));
        case T_OID: return put_int(o, rd32(v));
        case T_INT8: return put_int(o, (int64_t) rd64(v));
        case T_FLOAT4: return put_float(o, float4_of(v), 1);
        case T_FLOAT8: return put_float(o, float8_of(v), 0);
        case T_DATE: return put_date_json(o, (int32_t) rd32(v));
        case T_TIMESTAMP: return put_timestamp_json(o, (int64_t) rd64(v), 0);
        case T_TIMESTAMPTZ: return put_timestamp_json(o, (int64_t) rd64(v), 1);
        case T_UUID: return put_uuid_json(o, v);
        case T_TIME: {
            int64_t t = (int64_t) rd64(v);
            if (t < 0 || t > USECS_PER_DAY) {
                return NULL; /* not a time the server writes: the caller writes the hex */
            }
            *o++ = '"';
            o = put_time(o, t);
            *o++ = '"';
            return o;
        }
        default:
            return NULL;
    }
}

int lyger_pgb_write(lyger_jbuf *b, unsigned oid, const char *v, size_t n)
{
    size_t fixed = fixed_len(oid);
    if (fixed) {
        char *end;
        if (n != fixed || !lyger_jbuf_reserve(b, lyger_pgb_put_max(oid)) || !(end = lyger_pgb_put(b->pos, oid, v))) {
            return lyger_json_write_hex(b, v, n);
        }
        b->pos = end;
        return 1;
    }
    switch (oid) {
        case T_NUMERIC:
            return numeric_valid(v, n) ? write_numeric(b, v, n) : lyger_json_write_hex(b, v, n);
        case T_JSON: /* the server's text: never empty */
            return n ? lyger_json_write_raw(b, v, n) : lyger_json_write_hex(b, v, n);
        case T_JSONB: /* version 1, then the text */
            if (n < 2 || v[0] != 1) {
                return lyger_json_write_hex(b, v, n);
            }
            return lyger_json_write_raw(b, v + 1, n - 1);
        case T_TEXT: case T_VARCHAR: case T_BPCHAR: case T_NAME: case T_UNKNOWN:
            return lyger_json_write_string(b, v, n); /* the same bytes as the text output */
        default: /* bytea; a type without a decoder (never requested in binary:
                    lyger_pgb_needs) as the hex of its bytes */
            return lyger_json_write_hex(b, v, n);
    }
}
