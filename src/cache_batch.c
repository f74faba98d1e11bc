/* cacheSetBatch's parsers (see cache_batch.h): the jansson path, which defines what
 * a batch means and words every error, and a single-pass scanner for the common
 * flat shapes. Both produce items that the store's plan (cache_store.h) checks and
 * applies all or nothing. Plain C. */
#include "cache_batch.h"
#include "cache_hash.h"

#include <stdlib.h>
#include <string.h>
/* ---- what a batch means
 *
 * jansson is the reference parser: it defines what a batch means and words every
 * error. Building its whole document tree costs 2 to 5 microseconds per item,
 * about 20 times the cost of a cacheSet call, so the common flat shapes (an
 * object map of string values; an array of {"key", "value", "ttl"} objects with
 * string values and non-negative integer ttls) go through a single-pass scanner
 * first. The scanner accepts only input that jansson would accept with the same
 * meaning, and gives up (the batch then goes through jansson) on anything else:
 * non-string values, escapes it cannot decode, invalid UTF-8, duplicate keys in a
 * map, errors of any kind. The differential fuzzer checks the two agree. */

#include <jansson.h>
#include <stdarg.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdio.h>

static void batch_error(lyger_cache_batch_error *err, lyger_cache_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    err->status = status;
}

/* Non-string values are stored as their compact JSON text, written exactly as PHP's
 * json_encode($v, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES |
 * JSON_UNESCAPED_LINE_TERMINATORS | JSON_PRESERVE_ZERO_FRACTION) writes the decoded
 * value (what a PHP user expects, and what the fallback produces): UTF-8 and '/'
 * as they are, reals in their shortest round-trip form (0.1, 1.0e+25, 3.0). */
typedef struct {
    char *data;
    size_t len, cap;
    int failed;
} text_buf;

static void tb_put(text_buf *b, const char *s, size_t n)
{
    if (b->failed) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1) cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) {
            b->failed = 1;
            return;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

static void tb_string(text_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t run = 0;
    tb_put(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char) s[i];
        if (ch >= 0x20 && ch != '"' && ch != '\\') continue;
        tb_put(b, s + run, i - run);
        run = i + 1;
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t len = 2;
        switch (ch) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            esc[1] = 'u'; esc[2] = '0'; esc[3] = '0';
            esc[4] = hex[ch >> 4]; esc[5] = hex[ch & 0xf];
            len = 6;
        }
        tb_put(b, esc, len);
    }
    tb_put(b, s + run, n - run);
    tb_put(b, "\"", 1);
}

/* A double as PHP writes it with serialize_precision = -1: the shortest digits
 * that read back as the same double, in fixed notation when the decimal exponent
 * is in [-4, 17), else d.ddde+X; a ".0" is added when there is no '.'. */
static void tb_real(text_buf *b, double v)
{
    char tmp[40], digits[20], out[48];
    int exp10 = 0;
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec - 1, v);
        if (strtod(tmp, NULL) == v || prec == 17) break;
    }
    /* tmp is [-]d[.ddd]e[+-]XX */
    const char *p = tmp;
    int negative = *p == '-';
    if (negative) p++;
    size_t nd = 0;
    for (; *p != 'e'; p++) {
        if (*p != '.') digits[nd++] = *p;
    }
    exp10 = atoi(p + 1);
    while (nd > 1 && digits[nd - 1] == '0') nd--;
    digits[nd] = '\0';
    int decpt = exp10 + 1; /* value = 0.digits * 10^decpt */
    size_t o = 0;
    if (negative) out[o++] = '-';
    if (decpt < 0 ? decpt < -3 : decpt > 17) {
        out[o++] = digits[0];
        out[o++] = '.';
        if (nd == 1) out[o++] = '0';
        for (size_t i = 1; i < nd; i++) out[o++] = digits[i];
        o += (size_t) snprintf(out + o, sizeof out - o, "e%c%d", decpt - 1 < 0 ? '-' : '+',
                               decpt - 1 < 0 ? 1 - decpt : decpt - 1);
    } else if (decpt <= 0) {
        out[o++] = '0';
        out[o++] = '.';
        for (int i = decpt; i < 0; i++) out[o++] = '0';
        for (size_t i = 0; i < nd; i++) out[o++] = digits[i];
    } else {
        for (int i = 0; i < decpt; i++) out[o++] = (size_t) i < nd ? digits[i] : '0';
        if ((size_t) decpt < nd) {
            out[o++] = '.';
            for (size_t i = (size_t) decpt; i < nd; i++) out[o++] = digits[i];
        } else {
            out[o++] = '.';
            out[o++] = '0';
        }
    }
    tb_put(b, out, o);
}

static void tb_json(text_buf *b, json_t *v)
{
    char num[32];
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *key;
        size_t key_len;
        json_t *member;
        int first = 1;
        tb_put(b, "{", 1);
        json_object_keylen_foreach(v, key, key_len, member) {
            if (!first) tb_put(b, ",", 1);
            first = 0;
            tb_string(b, key, key_len);
            tb_put(b, ":", 1);
            tb_json(b, member);
        }
        tb_put(b, "}", 1);
        break;
    }
    case JSON_ARRAY:
        tb_put(b, "[", 1);
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i) tb_put(b, ",", 1);
            tb_json(b, json_array_get(v, i));
        }
        tb_put(b, "]", 1);
        break;
    case JSON_STRING:
        tb_string(b, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        tb_put(b, num, (size_t) snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v)));
        break;
    case JSON_REAL:
        tb_real(b, json_real_value(v));
        break;
    case JSON_TRUE: tb_put(b, "true", 4); break;
    case JSON_FALSE: tb_put(b, "false", 5); break;
    case JSON_NULL: tb_put(b, "null", 4); break;
    }
}

static char *dump_value(json_t *value, size_t *len)
{
    text_buf b = {0};
    tb_json(&b, value);
    if (b.failed) {
        free(b.data);
        return NULL;
    }
    *len = b.len;
    return b.data;
}


/* Checks one item and adds it to the list. 0 on success. */
static int batch_item(lyger_cache *c, size_t index, const char *key, size_t key_len, json_t *value,
                      int64_t ttl, lyger_cache_plan *out, lyger_cache_batch_error *err)
{
    if (key_len == 0) {
        batch_error(err, LYGER_CACHE_OK, "has an invalid item %zu: \"key\" must be a non-empty string", index);
        return -1;
    }
    const char *bytes;
    size_t len;
    char *dumped = NULL;
    if (json_is_string(value)) {
        bytes = json_string_value(value);
        len = json_string_length(value);
    } else {
        dumped = dump_value(value, &len);
        if (!dumped) {
            batch_error(err, LYGER_CACHE_NOMEM, "item %zu could not be encoded (out of memory)", index);
            return -1;
        }
        bytes = dumped;
    }
    if (!lyger_cache_fits(c, key_len, len)) {
        batch_error(err, LYGER_CACHE_TOO_BIG,
                    "has an item %zu too large for the cache (%zu bytes with overhead, memory limit %zu)",
                    index, lyger_cache_entry_cost(key_len, len), lyger_cache_memory_limit(c));
        free(dumped);
        return -1;
    }
    /* the tree's strings live until the batch ends; an encoded value does not */
    int ok = dumped ? lyger_cache_plan_add_copy(out, key, key_len, bytes, len, ttl)
                    : lyger_cache_plan_add(out, key, key_len, bytes, len, ttl);
    free(dumped);
    if (!ok) {
        batch_error(err, LYGER_CACHE_NOMEM, "item %zu could not be stored (out of memory)", index);
        return -1;
    }
    return 0;
}

/* An element of the array form: {"key": string, "value": any, "ttl"?: int >= 0}. */
static int batch_array_item(lyger_cache *c, size_t index, json_t *item, lyger_cache_plan *out,
                            lyger_cache_batch_error *err)
{
    if (!json_is_object(item)) {
        batch_error(err, LYGER_CACHE_OK, "has an invalid item %zu: must be an object", index);
        return -1;
    }
    json_t *key = NULL, *value = NULL, *ttl = NULL;
    const char *name;
    size_t name_len;
    json_t *member;
    json_object_keylen_foreach(item, name, name_len, member) {
        if (name_len == 3 && memcmp(name, "key", 3) == 0) key = member;
        else if (name_len == 5 && memcmp(name, "value", 5) == 0) value = member;
        else if (name_len == 3 && memcmp(name, "ttl", 3) == 0) ttl = member;
        else {
            batch_error(err, LYGER_CACHE_OK, "has an invalid item %zu: unknown member \"%.*s\"", index,
                        (int) (name_len > 40 ? 40 : name_len), name);
            return -1;
        }
    }
    if (!key) {
        batch_error(err, LYGER_CACHE_OK, "has an invalid item %zu: \"key\" is missing", index);
        return -1;
    }
    if (!json_is_string(key)) {
        batch_error(err, LYGER_CACHE_OK, "has an invalid item %zu: \"key\" must be a non-empty string", index);
        return -1;
    }
    if (!value) {
        batch_error(err, LYGER_CACHE_OK, "has an invalid item %zu: \"value\" is missing", index);
        return -1;
    }
    int64_t seconds = 0;
    if (ttl) {
        if (!json_is_integer(ttl) || json_integer_value(ttl) < 0) {
            batch_error(err, LYGER_CACHE_OK,
                        "has an invalid item %zu: \"ttl\" must be an integer greater than or equal to 0", index);
            return -1;
        }
        seconds = (int64_t) json_integer_value(ttl);
    }
    return batch_item(c, index, json_string_value(key), json_string_length(key), value, seconds, out, err);
}

static long set_batch_jansson(lyger_cache *c, const char *json, size_t len, lyger_cache_batch_error *err)
{
    json_error_t jerr;
    err->status = LYGER_CACHE_OK;
    err->message[0] = '\0';
    json_t *root = json_loadb(json, len, JSON_ALLOW_NUL | JSON_DECODE_ANY, &jerr);
    if (!root) {
        batch_error(err, LYGER_CACHE_OK, "is not valid JSON: %s at line %d, column %d (byte %d)", jerr.text,
                    jerr.line, jerr.column, jerr.position);
        return -1;
    }
    if (!json_is_array(root) && !json_is_object(root)) {
        json_decref(root);
        batch_error(err, LYGER_CACHE_OK, "must be a JSON array or object");
        return -1;
    }
    /* check every item; nothing is stored yet */
    lyger_cache_plan *items = lyger_cache_plan_new(c);
    if (!items) {
        json_decref(root);
        batch_error(err, LYGER_CACHE_NOMEM, "out of memory");
        return -1;
    }
    int failed = 0;
    if (json_is_array(root)) {
        size_t n = json_array_size(root);
        for (size_t i = 0; i < n && !failed; i++) {
            failed = batch_array_item(c, i, json_array_get(root, i), items, err) != 0;
        }
    } else {
        const char *key;
        size_t key_len;
        json_t *value;
        json_object_keylen_foreach(root, key, key_len, value) {
            if (batch_item(c, lyger_cache_plan_count(items), key, key_len, value, 0, items, err) != 0) {
                failed = 1;
                break;
            }
        }
    }
    /* jansson's object keys are unique, so repeats only come from the array form */
    if (!failed && lyger_cache_plan_finish(items, 0) != LYGER_CACHE_PLAN_OK) {
        batch_error(err, LYGER_CACHE_NOMEM, "out of memory");
        failed = 1;
    }
    long stored = -1;
    if (failed) lyger_cache_plan_free(items);
    else stored = lyger_cache_plan_apply(items);
    json_decref(root);
    return stored;
}

/* ---- the single-pass scanner for flat batches (see "batches" above) */

typedef struct {
    const unsigned char *p, *end;
    char *scratch[2];        /* decoded strings that had escapes */
    size_t scratch_cap[2];
} scan;

static inline void skip_ws(scan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' || *s->p == '\t')) s->p++;
}

static inline int scan_char(scan *s, unsigned char ch)
{
    skip_ws(s);
    if (s->p < s->end && *s->p == ch) {
        s->p++;
        return 1;
    }
    return 0;
}

/* Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlongs, no
 * surrogates, at most U+10FFFF), 0 if ill-formed. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
    unsigned char c = p[0];
    size_t n = end - p;
    if (c >= 0xC2 && c <= 0xDF) return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && p[1] < 0xA0) return 0;
        if (c == 0xED && p[1] > 0x9F) return 0;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return 0;
        if (c == 0xF0 && p[1] < 0x90) return 0;
        if (c == 0xF4 && p[1] > 0x8F) return 0;
        return 4;
    }
    return 0;
}

static int hex4(const unsigned char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= c - '0';
        else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
        else return 0;
    }
    *out = v;
    return 1;
}

static int scratch_put(scan *s, int slot, size_t *len, const void *bytes, size_t n)
{
    if (n == 0) return 1;
    if (*len + n > s->scratch_cap[slot]) {
        size_t cap = s->scratch_cap[slot] ? s->scratch_cap[slot] : 256;
        while (cap < *len + n) cap *= 2;
        char *d = realloc(s->scratch[slot], cap);
        if (!d) return 0;
        s->scratch[slot] = d;
        s->scratch_cap[slot] = cap;
    }
    memcpy(s->scratch[slot] + *len, bytes, n);
    *len += n;
    return 1;
}


#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

#ifdef __SSE2__
/* Bit i set when p[i] is '"', '\\', a control byte or >= 0x80. */
static inline unsigned special_mask16(const unsigned char *p)
{
    __m128i v = _mm_loadu_si128((const __m128i *) (const void *) p);
    __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                                _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                                   _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
    return (unsigned) _mm_movemask_epi8(special);
}
#endif

/* A JSON string at s->p (after whitespace): its decoded bytes, pointing into the
 * input when it has no escapes, else into scratch[slot]. 0: give up. */
static int scan_string_full(scan *s, int slot, const char **out, size_t *out_len)
{
    skip_ws(s);
    if (s->p >= s->end || *s->p != '"') return 0;
    const unsigned char *start = ++s->p;
    const unsigned char *p = start;
    size_t len = 0;
    int escaped = 0;
    for (;;) {
        const unsigned char *run = p;
#ifdef __SSE2__
        /* sixteen plain bytes at a time: a signed compare with 0x20 flags control
         * bytes and bytes >= 0x80 at once; two blocks per step on long strings */
        while (s->end - p >= 32) {
            unsigned mask = special_mask16(p) | (special_mask16(p + 16) << 16);
            if (mask) {
                p += __builtin_ctz(mask);
                goto special;
            }
            p += 32;
        }
        if (s->end - p >= 16) {
            unsigned mask = special_mask16(p);
            if (mask) {
                p += __builtin_ctz(mask);
                goto special;
            }
            p += 16;
        }
#endif
        /* eight plain bytes at a time: none is '"', '\\', a control byte or >= 0x80 */
        while (s->end - p >= 8) {
            uint64_t w = load64(p);
            uint64_t quote = w ^ (ONES * '"'), backslash = w ^ (ONES * '\\');
            uint64_t special = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash)
                               | ((w - ONES * 0x20) & ~w) | w;
            if (special & HIGHS) break;
            p += 8;
        }
        while (p < s->end && *p >= 0x20 && *p != '"' && *p != '\\' && *p < 0x80) p++;
#ifdef __SSE2__
    special:
#endif
        if (p >= s->end) return 0;
        if (*p >= 0x80) {
            size_t n = utf8_len(p, s->end);
            if (!n) return 0;
            p += n;
            if (escaped && !scratch_put(s, slot, &len, run, (size_t) (p - run))) return 0;
            continue;
        }
        if (escaped && !scratch_put(s, slot, &len, run, (size_t) (p - run))) return 0;
        if (*p == '"') break;
        if (*p < 0x20) return 0;
        /* a backslash */
        if (!escaped) {
            escaped = 1;
            len = 0;
            if (!scratch_put(s, slot, &len, start, (size_t) (p - start))) return 0;
        }
        if (p + 1 >= s->end) return 0;
        unsigned char e = p[1];
        char ch;
        p += 2;
        switch (e) {
        case '"': ch = '"'; break;
        case '\\': ch = '\\'; break;
        case '/': ch = '/'; break;
        case 'b': ch = '\b'; break;
        case 'f': ch = '\f'; break;
        case 'n': ch = '\n'; break;
        case 'r': ch = '\r'; break;
        case 't': ch = '\t'; break;
        case 'u': {
            unsigned cp, lo;
            if (s->end - p < 4 || !hex4(p, &cp)) return 0;
            p += 4;
            if (cp >= 0xDC00 && cp <= 0xDFFF) return 0;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (s->end - p < 6 || p[0] != '\\' || p[1] != 'u' || !hex4(p + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
                    return 0;
                }
                p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            unsigned char u[4];
            size_t n;
            if (cp < 0x80) { u[0] = (unsigned char) cp; n = 1; }
            else if (cp < 0x800) { u[0] = 0xC0 | (cp >> 6); u[1] = 0x80 | (cp & 0x3F); n = 2; }
            else if (cp < 0x10000) { u[0] = 0xE0 | (cp >> 12); u[1] = 0x80 | ((cp >> 6) & 0x3F); u[2] = 0x80 | (cp & 0x3F); n = 3; }
            else { u[0] = 0xF0 | (cp >> 18); u[1] = 0x80 | ((cp >> 12) & 0x3F); u[2] = 0x80 | ((cp >> 6) & 0x3F); u[3] = 0x80 | (cp & 0x3F); n = 4; }
            if (!scratch_put(s, slot, &len, u, n)) return 0;
            continue;
        }
        default:
            return 0;
        }
        if (!scratch_put(s, slot, &len, &ch, 1)) return 0;
    }
    s->p = p + 1;
    if (escaped) {
        *out = s->scratch[slot];
        *out_len = len;
    } else {
        *out = (const char *) start;
        *out_len = (size_t) (p - start);
    }
    return 1;
}

#ifdef __SSE2__
/* the plain string from the quote at q to the closing quote at p */
static inline __attribute__((always_inline)) int plain_string_end(scan *s, const unsigned char *q,
                                                                  const unsigned char *p,
                                                                  const char **out, size_t *out_len)
{
    *out = (const char *) q + 1;
    *out_len = (size_t) (p - q - 1);
    s->p = p + 1;
    return 1;
}
#endif

/* scan_string, inlined for the common case: a string of plain bytes (no escape,
 * nothing >= 0x80) at least 16 bytes from the end of the input, found by whole
 * 16-byte blocks; anything else goes through scan_string_full. */
static inline __attribute__((always_inline)) int scan_string(scan *s, int slot, const char **out,
                                                             size_t *out_len)
{
#ifdef __SSE2__
    const unsigned char *q = s->p;
    if (s->end - q >= 17 && *q == '"') {
        const unsigned char *p = q + 1;
        while (s->end - p >= 32) {
            unsigned mask = special_mask16(p) | (special_mask16(p + 16) << 16);
            if (mask) {
                p += __builtin_ctz(mask);
                if (*p != '"') break;
                return plain_string_end(s, q, p, out, out_len);
            }
            p += 32;
        }
        while (s->end - p >= 16) {
            unsigned mask = special_mask16(p);
            if (mask) {
                p += __builtin_ctz(mask);
                if (*p != '"') break;
                return plain_string_end(s, q, p, out, out_len);
            }
            p += 16;
        }
    }
#endif
    return scan_string_full(s, slot, out, out_len);
}

/* A ttl: digits only, no leading zero, fitting int64; no fraction or exponent. */
static int scan_ttl(scan *s, int64_t *out)
{
    skip_ws(s);
    const unsigned char *p = s->p;
    if (p >= s->end || *p < '0' || *p > '9') return 0;
    if (*p == '0' && p + 1 < s->end && p[1] >= '0' && p[1] <= '9') return 0;
    int64_t v = 0;
    while (p < s->end && *p >= '0' && *p <= '9') {
        if (v > (INT64_MAX - (*p - '0')) / 10) return 0;
        v = v * 10 + (*p - '0');
        p++;
    }
    if (p < s->end && (*p == '.' || *p == 'e' || *p == 'E')) return 0;
    s->p = p;
    *out = v;
    return 1;
}

/* Adds a scanned item: its bytes stay in the input unless they had escapes (then
 * they sit in the scanner's scratch and are built into an entry at once). */
static inline __attribute__((always_inline)) int scan_add(lyger_cache *c, scan *s, lyger_cache_plan *l, const char *key, size_t key_len, const char *value,
                    size_t value_len, int64_t ttl)
{
    (void) c;
    if (key == s->scratch[0] || value == s->scratch[1]) {
        return lyger_cache_plan_add_copy(l, key, key_len, value, value_len, ttl);
    }
    return lyger_cache_plan_add(l, key, key_len, value, value_len, ttl);
}

/* One item of the array form; 0: give up. */
static int scan_array_item(lyger_cache *c, scan *s, lyger_cache_plan *l)
{
    const char *key = NULL, *value = NULL;
    size_t key_len = 0, value_len = 0;
    int64_t ttl = 0;
    int seen_ttl = 0;
    if (!scan_char(s, '{')) return 0;
    if (scan_char(s, '}')) return 0;
    do {
        const char *name;
        size_t name_len;
        if (!scan_string(s, 0, &name, &name_len) || !scan_char(s, ':')) return 0;
        /* member names are plain ASCII here: an escaped name makes us give up, as
         * it would share scratch slot 0 with the key */
        if (name == s->scratch[0]) return 0;
        if (name_len == 3 && memcmp(name, "key", 3) == 0 && !key) {
            if (!scan_string(s, 0, &key, &key_len)) return 0;
        } else if (name_len == 5 && memcmp(name, "value", 5) == 0 && !value) {
            if (!scan_string(s, 1, &value, &value_len)) return 0;
        } else if (name_len == 3 && memcmp(name, "ttl", 3) == 0 && !seen_ttl) {
            if (!scan_ttl(s, &ttl)) return 0;
            seen_ttl = 1;
        } else {
            return 0;
        }
    } while (scan_char(s, ','));
    if (!scan_char(s, '}') || !key || !value || key_len == 0 || !lyger_cache_fits(c, key_len, value_len)) return 0;
    return scan_add(c, s, l, key, key_len, value, value_len, ttl);
}

/* The batch when it has a flat shape: the number of items stored, or -1 to hand
 * the batch to jansson (nothing stored). */
static long set_batch_scan(lyger_cache *c, const char *json, size_t len)
{
    scan s = {(const unsigned char *) json, (const unsigned char *) json + len, {NULL, NULL}, {0, 0}};
    lyger_cache_plan *items = lyger_cache_plan_new(c);
    if (!items) return -1;
    int ok = 0, map = 0;
    skip_ws(&s);
    if (scan_char(&s, '{')) {
        map = 1;
        if (scan_char(&s, '}')) {
            ok = 1;
        } else {
            do {
                const char *key, *value;
                size_t key_len, value_len;
                if (!scan_string(&s, 0, &key, &key_len) || !scan_char(&s, ':')) goto done;
                if (!scan_string(&s, 1, &value, &value_len)) goto done;
                /* jansson refuses NUL in object keys (not in string values); only an
                 * escape can put one there */
                if (key_len == 0 || (key == s.scratch[0] && memchr(key, '\0', key_len))
                    || !lyger_cache_fits(c, key_len, value_len)) {
                    goto done;
                }
                if (!scan_add(c, &s, items, key, key_len, value, value_len, 0)) goto done;
            } while (scan_char(&s, ','));
            ok = scan_char(&s, '}');
        }
    } else if (scan_char(&s, '[')) {
        if (scan_char(&s, ']')) {
            ok = 1;
        } else {
            do {
                if (!scan_array_item(c, &s, items)) goto done;
            } while (scan_char(&s, ','));
            ok = scan_char(&s, ']');
        }
    }
    skip_ws(&s);
    ok = ok && s.p == s.end;
    /* a map repeating a key means what jansson says it means (the scanner gives up) */
    if (ok) ok = lyger_cache_plan_finish(items, map) == LYGER_CACHE_PLAN_OK;
done:
    free(s.scratch[0]);
    free(s.scratch[1]);
    if (!ok) {
        lyger_cache_plan_free(items);
        return -1;
    }
    return lyger_cache_plan_apply(items);
}

long lyger_cache_set_batch_with(lyger_cache *c, const char *json, size_t len, lyger_cache_batch_error *err,
                                int jansson_only)
{
    err->status = LYGER_CACHE_OK;
    err->message[0] = '\0';
    if (!jansson_only) {
        long n = set_batch_scan(c, json, len);
        if (n >= 0) return n;
    }
    return set_batch_jansson(c, json, len, err);
}

long lyger_cache_set_batch(lyger_cache *c, const char *json, size_t len, lyger_cache_batch_error *err)
{
    return lyger_cache_set_batch_with(c, json, len, err, 0);
}
