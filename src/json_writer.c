/* PGresult -> JSON into one growable buffer. See json_writer.h for the typing rules. */
#include "json_writer.h"
#include "db_pg_binary.h"
#include "digits.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Type OIDs (pg_type.h, stable since forever). */
enum {
    OID_BOOL = 16, OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23, OID_OID = 26,
    OID_JSON = 114, OID_FLOAT4 = 700, OID_FLOAT8 = 701, OID_NUMERIC = 1700, OID_JSONB = 3802,
};

typedef enum { K_STRING, K_INT, K_FLOAT, K_BOOL, K_JSON, K_BINARY } col_kind;

/* Bytes one input byte takes escaped: 1 plain, 2 short escape, 6 \u00XX,
 * 0 = not ASCII (the UTF-8 path decides). */
static const uint8_t esc_len[256] = {
    6, 6, 6, 6, 6, 6, 6, 6, 2, 2, 2, 6, 2, 2, 6, 6, /* \b \t \n \f \r short */
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
    1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* '"' */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, /* '\\' */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    /* 0x80..0xff: 0 */
};

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 when invalid
 * (overlong forms, surrogates and code points past U+10FFFF are invalid). */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c >= 0xC2 && c <= 0xDF) {
        return (n >= 2 && (s[1] & 0xC0) == 0x80) ? 2 : 0;
    }
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) {
            return 0;
        }
        if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F)) {
            return 0;
        }
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80) {
            return 0;
        }
        if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F)) {
            return 0;
        }
        return 4;
    }
    return 0;
}

size_t lyger_json_escaped_len(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *) str;
    size_t out = 0, i = 0;
    while (i < n) {
        uint8_t l = esc_len[s[i]];
        if (l) {
            out += l;
            i++;
            continue;
        }
        size_t seq = utf8_seq_len(s + i, n - i);
        if (seq) {
            out += seq;
            i += seq;
        } else {
            out += 3;
            i++;
        }
    }
    return out;
}

/* Whether any of the 8 bytes of w needs more than a plain copy: < 0x20, '"', '\\'
 * or >= 0x80 (the classic "has a byte less than n / equal to c" bit tricks: exact
 * for "any", which is all we ask). */
static inline int word_is_special(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    uint64_t ctl = (w - ones * 0x20) & ~w;
    uint64_t q = w ^ (ones * '"');
    uint64_t bs = w ^ (ones * '\\');
    return (((ctl | ((q - ones) & ~q) | ((bs - ones) & ~bs)) & high) | (w & high)) != 0;
}

char *lyger_json_escape(char *out, const char *str, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *) str;
    size_t i = 0;
    while (i < n) {
        /* The common case: plain ASCII, 8 bytes at a time, then byte by byte. */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (word_is_special(w)) {
                break;
            }
            memcpy(out, &w, 8);
            out += 8;
            i += 8;
        }
        while (i < n && esc_len[s[i]] == 1) {
            *out++ = (char) s[i++];
        }
        if (i == n) {
            break;
        }
        unsigned char c = s[i];
        if (c >= 0x80) {
            size_t seq = utf8_seq_len(s + i, n - i);
            if (seq) {
                memcpy(out, s + i, seq);
                out += seq;
                i += seq;
            } else {
                memcpy(out, "\xEF\xBF\xBD", 3); /* U+FFFD, as json_encode's INVALID_UTF8_SUBSTITUTE */
                out += 3;
                i++;
            }
            continue;
        }
        *out++ = '\\';
        switch (c) {
            case '"': *out++ = '"'; break;
            case '\\': *out++ = '\\'; break;
            case '\b': *out++ = 'b'; break;
            case '\t': *out++ = 't'; break;
            case '\n': *out++ = 'n'; break;
            case '\f': *out++ = 'f'; break;
            case '\r': *out++ = 'r'; break;
            default:
                *out++ = 'u';
                *out++ = '0';
                *out++ = '0';
                *out++ = hex[c >> 4];
                *out++ = hex[c & 15];
                break;
        }
        i++;
    }
    return out;
}

/* the index just past the run of ASCII digits that starts at i */
static size_t skip_digits(const char *s, size_t n, size_t i)
{
    while (i < n && s[i] >= '0' && s[i] <= '9') {
        i++;
    }
    return i;
}

int lyger_json_is_number(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && s[i] == '-') {
        i++;
    }
    if (i >= n) {
        return 0;
    }
    if (s[i] == '0') {
        i++;
    } else if (s[i] >= '1' && s[i] <= '9') {
        i = skip_digits(s, n, i);
    } else {
        return 0;
    }
    if (i < n && s[i] == '.') {
        size_t end = skip_digits(s, n, i + 1);
        if (end == i + 1) {
            return 0; /* a fraction needs a digit */
        }
        i = end;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) {
            i++;
        }
        size_t end = skip_digits(s, n, i);
        if (end == i) {
            return 0; /* an exponent needs a digit */
        }
        i = end;
    }
    return i == n;
}

/* Growth ---------------------------------------------------------------- */

/* A large result's JSON is written once, front to back, into memory the allocator has
 * just mapped (the PHP string, or the malloc'ed buffer of a result kept in C): ask the
 * kernel for transparent huge pages on it (Linux with THP in "madvise" mode, as Debian
 * ships it), so it is mapped 2 MB at a time instead of one 4 KB page fault after another
 * (writing 12 MB into a fresh mapping: 3.7 ms in 4 KB pages, 0.8 ms in huge pages,
 * measured here). Only the buffer's own whole pages are advised. */
void lyger_jbuf_want_huge_pages(char *p, size_t n)
{
#ifdef MADV_HUGEPAGE
    static uintptr_t page;
    if (n < LYGER_JBUF_HUGE_MIN) {
        return;
    }
    if (!page) {
        long ps = sysconf(_SC_PAGESIZE);
        page = ps > 0 ? (uintptr_t) ps : 4096;
    }
    uintptr_t a = ((uintptr_t) p + page - 1) & ~(page - 1), e = ((uintptr_t) p + n) & ~(page - 1);
    if (e > a) {
        (void) madvise((void *) a, e - a, MADV_HUGEPAGE);
    }
#else
    (void) p;
    (void) n;
#endif
}

void lyger_jbuf_init_malloc(lyger_jbuf *b)
{
    b->start = b->pos = b->end = NULL;
    b->grow = lyger_jbuf_grow_malloc;
    b->ctx = NULL;
}

int lyger_jbuf_grow_malloc(lyger_jbuf *b, size_t need)
{
    size_t used = (size_t) (b->pos - b->start);
    size_t cap = (size_t) (b->end - b->start);
    if (need > SIZE_MAX / 2 - used) {
        return 0;
    }
    size_t want = used + need;
    size_t next = cap + cap / 2;
    if (next < want) {
        next = want;
    }
    if (next < 64) {
        next = 64;
    }
    char *p = realloc(b->start, next);
    if (!p) {
        return 0;
    }
    lyger_jbuf_want_huge_pages(p + cap, next - cap);
    b->start = p;
    b->pos = p + used;
    b->end = p + next;
    return 1;
}

static inline int put(lyger_jbuf *b, const char *s, size_t n)
{
    if (!lyger_jbuf_reserve(b, n)) {
        return 0;
    }
    memcpy(b->pos, s, n);
    b->pos += n;
    return 1;
}

int lyger_json_write_string(lyger_jbuf *b, const char *s, size_t n)
{
    /* 6n + 2 always suffices; near the end of the buffer, ask for the exact size
     * instead, so a well-sized buffer is never grown for nothing. */
    size_t room = (size_t) (b->end - b->pos);
    if (n > (SIZE_MAX - 2) / 6 || room < 6 * n + 2) {
        size_t exact = lyger_json_escaped_len(s, n);
        if (exact > SIZE_MAX - 2 || !lyger_jbuf_reserve(b, exact + 2)) {
            return 0;
        }
    }
    char *o = b->pos;
    *o++ = '"';
    o = lyger_json_escape(o, s, n);
    *o++ = '"';
    b->pos = o;
    return 1;
}

/* Result ----------------------------------------------------------------- */

/* Whether column c's values are decoded from binary: a binary text, varchar, char(n) or
 * name value is the text's bytes, and is written and sized as text. */
static int as_binary(const PGresult *res, int c)
{
    return PQfformat(res, c) == 1 && !lyger_pgb_is_text(PQftype(res, c));
}

static col_kind kind_of(Oid type)
{
    switch (type) {
        case OID_INT2: case OID_INT4: case OID_INT8: case OID_OID: return K_INT;
        case OID_FLOAT4: case OID_FLOAT8: case OID_NUMERIC: return K_FLOAT;
        case OID_BOOL: return K_BOOL;
        case OID_JSON: case OID_JSONB: return K_JSON;
        default: return K_STRING;
    }
}

/* Per column: its kind and the bytes written before its value ('{' or ',', the
 * escaped name in quotes, ':'), precomputed once for all rows. */
typedef struct {
    col_kind kind;
    Oid type;            /* for K_BINARY: the column came in binary format (db_pg_binary.h) */
    size_t prefix_off;
    size_t prefix_len;
    size_t fixed;        /* K_BINARY of a fixed-size type: its values' length (lyger_pgb_put) */
    size_t room;         /* what the row writer reserves for the prefix and, when fixed, the value */
} col_info;

typedef struct {
    int ncols;
    col_info *cols;
    size_t *rest;        /* rest[c]: the room of columns c.. plus the row's closing bytes */
    char *prefixes;      /* PREFIX_COPY bytes readable past each prefix's start */
} col_table;

/* A prefix this short is copied as a block of this size, a constant the compiler turns
 * into two moves; the row writer reserves the whole block. */
#define PREFIX_COPY 16

static void col_table_free(col_table *t)
{
    free(t->cols);
    free(t->rest);
    free(t->prefixes);
    t->cols = NULL;
    t->rest = NULL;
    t->prefixes = NULL;
}

/* Each column's room and, from the last column back, the room still needed in a row. */
static void col_table_rooms(col_table *t)
{
    t->rest[t->ncols] = 2; /* '}' and the ',' or ']' after it */
    for (int c = t->ncols - 1; c >= 0; c--) {
        col_info *col = &t->cols[c];
        col->fixed = col->kind == K_BINARY ? lyger_pgb_fixed_len(col->type) : 0;
        col->room = col->prefix_len > PREFIX_COPY ? col->prefix_len : PREFIX_COPY;
        col->room += col->fixed ? lyger_pgb_put_max(col->type) : 0;
        t->rest[c] = t->rest[c + 1] + col->room;
    }
}

static int col_table_init(col_table *t, const PGresult *res)
{
    t->ncols = PQnfields(res);
    t->cols = calloc((size_t) t->ncols, sizeof(col_info));
    t->rest = malloc(((size_t) t->ncols + 1) * sizeof(size_t));
    size_t total = PREFIX_COPY;
    for (int c = 0; c < t->ncols; c++) {
        const char *name = PQfname(res, c);
        total += 4 + lyger_json_escaped_len(name, strlen(name));
    }
    t->prefixes = calloc(1, total);
    if (!t->cols || !t->rest || !t->prefixes) {
        col_table_free(t);
        return 0;
    }
    char *p = t->prefixes;
    for (int c = 0; c < t->ncols; c++) {
        const char *name = PQfname(res, c);
        char *begin = p;
        *p++ = c == 0 ? '{' : ',';
        *p++ = '"';
        p = lyger_json_escape(p, name, strlen(name));
        *p++ = '"';
        *p++ = ':';
        t->cols[c].type = PQftype(res, c);
        t->cols[c].kind = as_binary(res, c) ? K_BINARY : kind_of(t->cols[c].type);
        t->cols[c].prefix_off = (size_t) (begin - t->prefixes);
        t->cols[c].prefix_len = (size_t) (p - begin);
    }
    col_table_rooms(t);
    return 1;
}

/* How the estimate counts column c: 0 = as text (each value's length), 1 = binary of a
 * fixed-size type (a bound per value, counted without reading them; "null" is shorter),
 * 2 = binary, each value's length once decoded. */
static unsigned char size_mode(const PGresult *res, int c)
{
    if (!as_binary(res, c)) {
        return 0;
    }
    return lyger_pgb_json_guess(PQftype(res, c)) ? 1 : 2;
}

size_t lyger_json_result_estimate(const PGresult *res)
{
    int nrows = PQntuples(res), ncols = PQnfields(res);
    if (nrows == 0 || ncols == 0) {
        return 2;
    }
    size_t per_row = 1; /* '}' and the ',' between rows (the last one pays for ']') */
    for (int c = 0; c < ncols; c++) {
        const char *name = PQfname(res, c);
        /* prefix + 4 per text value: the quotes of a string, or "null" (a NULL has length
         * 0); binary values are counted whole below */
        per_row += 4 + strlen(name) + (as_binary(res, c) ? 0 : 4);
    }
    size_t total = 1 + (size_t) nrows * per_row;
    /* Each column's size_mode, then the cells row by row, as libpq stores them (a column
     * at a time would walk every row's memory once per column). */
    unsigned char stack_mode[64];
    unsigned char *mode = ncols <= 64 ? stack_mode : malloc((size_t) ncols);
    int any_per_value = 0;
    for (int c = 0; c < ncols; c++) {
        unsigned char m = size_mode(res, c);
        total += m == 1 ? (size_t) nrows * lyger_pgb_json_guess(PQftype(res, c)) : 0;
        any_per_value |= m != 1;
        if (mode) {
            mode[c] = m;
        }
    }
    for (int r = 0; any_per_value && r < nrows; r++) {
        for (int c = 0; c < ncols; c++) {
            unsigned char m = mode ? mode[c] : size_mode(res, c);
            if (m == 0) {
                total += (size_t) PQgetlength(res, r, c);
            } else if (m == 2) {
                total += PQgetisnull(res, r, c) ? 4 : lyger_pgb_json_len(PQftype(res, c), PQgetvalue(res, r, c), (size_t) PQgetlength(res, r, c));
            }
        }
    }
    if (mode != stack_mode) {
        free(mode);
    }
    /* room for some escapes; past it the buffer grows */
    return total + total / 64 + 64;
}

static int write_cell(lyger_jbuf *b, const PGresult *res, int r, int c, const col_info *col)
{
    col_kind kind = col->kind;
    size_t n = (size_t) PQgetlength(res, r, c);
    if (n == 0 && PQgetisnull(res, r, c)) { /* only an empty value can be NULL */
        return put(b, "null", 4);
    }
    const char *v = PQgetvalue(res, r, c);
    switch (kind) {
        case K_BINARY:
            return lyger_pgb_write(b, col->type, v, n);
        case K_INT:
        case K_JSON:
            return put(b, v, n);
        case K_FLOAT:
            /* NaN, Infinity, -Infinity (and anything unexpected) as strings, as json_agg */
            if (lyger_json_is_number(v, n)) {
                return put(b, v, n);
            }
            return lyger_json_write_string(b, v, n);
        case K_BOOL:
            return v[0] == 't' ? put(b, "true", 4) : put(b, "false", 5);
        case K_STRING:
        default:
            return lyger_json_write_string(b, v, n);
    }
}

/* One row, '{' to '}'. Room for the whole row but its variable-length values is
 * reserved once (t->rest[0]); a fixed-size binary value is written in place, any other
 * value through write_cell, after which the rest of the row's room is reserved again. */
static int write_row(lyger_jbuf *b, const PGresult *res, int r, const col_table *t)
{
    if (!lyger_jbuf_reserve(b, t->rest[0])) {
        return 0;
    }
    char *o = b->pos;
    for (int c = 0; c < t->ncols; c++) {
        const col_info *col = &t->cols[c];
        const char *prefix = t->prefixes + col->prefix_off;
        if (col->prefix_len <= PREFIX_COPY) {
            memcpy(o, prefix, PREFIX_COPY);
        } else {
            memcpy(o, prefix, col->prefix_len);
        }
        o += col->prefix_len;
        if (col->fixed) {
            size_t n = (size_t) PQgetlength(res, r, c);
            char *end = n == col->fixed ? lyger_pgb_put(o, col->type, PQgetvalue(res, r, c)) : NULL;
            if (end) {
                o = end;
                continue;
            }
        }
        b->pos = o;
        if (!write_cell(b, res, r, c, col) || !lyger_jbuf_reserve(b, t->rest[c + 1])) {
            return 0;
        }
        o = b->pos;
    }
    *o++ = '}';
    b->pos = o;
    return 1;
}

/* The row writer, for results that come in pieces (db_pg.c's single-row mode): the
 * column table is made from the first piece with rows, and every piece after it has
 * the same columns in the same formats. */
struct lyger_json_rows {
    col_table t;
    int started; /* '[' written */
};

lyger_json_rows *lyger_json_rows_new(void)
{
    return calloc(1, sizeof(lyger_json_rows));
}

int lyger_json_rows_write(lyger_jbuf *b, lyger_json_rows *w, const PGresult *res)
{
    int nrows = PQntuples(res);
    if (nrows == 0 || PQnfields(res) == 0) {
        return 1;
    }
    if (!w->t.cols && !col_table_init(&w->t, res)) {
        return 0;
    }
    for (int r = 0; r < nrows; r++) {
        if (!put(b, w->started ? "," : "[", 1) || !write_row(b, res, r, &w->t)) {
            return 0;
        }
        w->started = 1;
    }
    return 1;
}

int lyger_json_rows_finish(lyger_jbuf *b, const lyger_json_rows *w)
{
    return w->started ? put(b, "]", 1) : put(b, "[]", 2);
}

void lyger_json_rows_free(lyger_json_rows *w)
{
    if (w) {
        col_table_free(&w->t);
        free(w);
    }
}

int lyger_json_write_result(lyger_jbuf *b, const PGresult *res)
{
    lyger_json_rows w = {0};
    int ok = lyger_json_rows_write(b, &w, res) && lyger_json_rows_finish(b, &w);
    col_table_free(&w.t);
    return ok;
}

/* Scalars ----------------------------------------------------------------- */

int lyger_json_write_raw(lyger_jbuf *b, const char *s, size_t n)
{
    return put(b, s, n);
}

int lyger_json_write_int64(lyger_jbuf *b, int64_t v)
{
    char tmp[24], *e = tmp + sizeof(tmp);
    uint64_t u = v < 0 ? (uint64_t) 0 - (uint64_t) v : (uint64_t) v;
    char *p = lyger_digits_back(e, u);
    if (v < 0) {
        *--p = '-';
    }
    return put(b, p, (size_t) (e - p));
}

static lyger_json_double_fmt double_fmt;

void lyger_json_set_double_format(lyger_json_double_fmt fmt)
{
    double_fmt = fmt;
}

int lyger_json_write_double(lyger_jbuf *b, double d)
{
    if (d != d) {
        return put(b, "\"NaN\"", 5);
    }
    if (d > 1.7976931348623157e308 || d < -1.7976931348623157e308) {
        return d > 0 ? put(b, "\"Infinity\"", 10) : put(b, "\"-Infinity\"", 11);
    }
    if (double_fmt) {
        char buf[64];
        return put(b, buf, double_fmt(d, buf));
    }
    /* The shortest digits: the value correctly rounded to 15 significant digits reads
     * back as d whenever any 15-or-fewer-digit decimal does; else 16, else 17. */
    char sci[40];
    int prec;
    int tiny = d != 0 && d < 2.2250738585072014e-308 && d > -2.2250738585072014e-308;
    for (prec = tiny ? 1 : 15; prec <= 17; prec++) { /* subnormals have fewer digits: from 1 */
        snprintf(sci, sizeof(sci), "%.*e", prec - 1, d);
        if (prec == 17 || strtod(sci, NULL) == d) {
            break;
        }
    }
    /* sci is [-]D.DDDDe[+-]XX: split into sign, digits (trailing zeros dropped), exponent */
    const char *s = sci;
    int neg = *s == '-';
    s += neg;
    char digits[20];
    int nd = 0;
    for (; *s && *s != 'e'; s++) {
        if (*s != '.') {
            digits[nd++] = *s;
        }
    }
    int exp10 = atoi(s + 1);
    while (nd > 1 && digits[nd - 1] == '0') {
        nd--;
    }
    int decpt = exp10 + 1; /* the value is 0.DIGITS x 10^decpt */
    if (nd == 1 && digits[0] == '0') {
        decpt = 1;
    }
    char out[48], *o = out;
    if (neg) {
        *o++ = '-';
    }
    if (decpt < -3 || decpt > 17) {
        /* php's zend_gcvt with precision 17: exponent form, one digit before the point */
        *o++ = digits[0];
        *o++ = '.';
        if (nd == 1) {
            *o++ = '0';
        } else {
            memcpy(o, digits + 1, (size_t) nd - 1);
            o += nd - 1;
        }
        o += snprintf(o, 8, "e%c%d", decpt - 1 < 0 ? '-' : '+', decpt - 1 < 0 ? 1 - decpt : decpt - 1);
    } else if (decpt <= 0) {
        *o++ = '0';
        *o++ = '.';
        for (int i = 0; i < -decpt; i++) {
            *o++ = '0';
        }
        memcpy(o, digits, (size_t) nd);
        o += nd;
    } else {
        for (int i = 0; i < decpt; i++) {
            *o++ = i < nd ? digits[i] : '0';
        }
        if (nd > decpt) {
            *o++ = '.';
            memcpy(o, digits + decpt, (size_t) (nd - decpt));
            o += nd - decpt;
        }
    }
    return put(b, out, (size_t) (o - out));
}

int lyger_json_write_hex(lyger_jbuf *b, const void *data, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    if (n > (SIZE_MAX - 8) / 2 || !lyger_jbuf_reserve(b, 2 * n + 6)) {
        return 0;
    }
    const unsigned char *s = data;
    char *o = b->pos;
    memcpy(o, "\"\\\\x", 4);
    o += 4;
    for (size_t i = 0; i < n; i++) {
        *o++ = hex[s[i] >> 4];
        *o++ = hex[s[i] & 15];
    }
    *o++ = '"';
    b->pos = o;
    return 1;
}
