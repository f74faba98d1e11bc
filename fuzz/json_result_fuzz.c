// fuzz-sources: src/json_writer.c src/db_pg_binary.c src/db_pg_float.c
// fuzz-libs: -ljansson -lpq
/* lyger_json_write_result() on PGresults built in memory (no server): column names,
 * types and values come from the input. Values are what the server could send for
 * each type (ints as decimal text, bools 't'/'f', json as valid JSON; text, float and
 * numeric anything). The output must parse with jansson as an array of nrows objects
 * whose values have the expected JSON types, and the size estimate must hold.
 * Column types are also any OID at all (a type the writer does not know is text), and
 * the output buffer grows by exactly what the writer asks for, so a write past what it
 * reserved is an ASan report rather than a silent use of slack. Columns of the types with
 * a binary decoder may come in binary format (src/db_pg_binary.c): any bytes, mostly of
 * the type's size (floats with exponents jansson reads back), else written as hex. */
#include <assert.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_writer.h"

static int expected_type_known(Oid t);
static const Oid types[] = {16, 20, 21, 23, 26, 114, 700, 701, 1700, 3802, 25, 1184, 17, 1082, 1083, 1114, 2950};

/* The size of a binary value of the types tried in binary format (0: any). */
static size_t binary_size(Oid t)
{
    switch (t) {
        case 16: return 1;
        case 21: return 2;
        case 23: case 26: case 700: case 1082: return 4;
        case 20: case 701: case 1083: case 1114: case 1184: return 8;
        case 2950: return 16;
        default: return 0;
    }
}

/* Whether a column of type t is tried in binary format (not json/jsonb, whose binary
 * form is the server's own JSON, nor numeric, which jansson cannot always read back). */
static int binary_ok(Oid t)
{
    return t != 114 && t != 3802 && t != 1700 && expected_type_known(t);
}

typedef struct {
    const uint8_t *p;
    size_t n;
} input;

static uint8_t take_byte(input *in)
{
    if (!in->n) {
        return 0;
    }
    in->n--;
    return *in->p++;
}

/* Up to `max` bytes of the input (the length comes from the input too). */
static size_t take_bytes(input *in, char *out, size_t max)
{
    size_t len = take_byte(in) % (max + 1);
    if (len > in->n) {
        len = in->n;
    }
    memcpy(out, in->p, len);
    in->p += len;
    in->n -= len;
    return len;
}

static int expected_type_known(Oid t)
{
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        if (types[i] == t) {
            return 1;
        }
    }
    return 0;
}

/* The type the writer treats a column as: the known OIDs, else text (25). */
static Oid expected_type(Oid t)
{
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        if (types[i] == t) {
            return t;
        }
    }
    return 25;
}

/* Grows to exactly what is asked: no slack for an unreserved write to hide in. */
static int grow_exact(lyger_jbuf *b, size_t need)
{
    size_t used = (size_t) (b->pos - b->start);
    char *p = realloc(b->start, used + need);
    if (!p) {
        return 0;
    }
    b->start = p;
    b->pos = p + used;
    b->end = p + used + need;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    input in = {data, size};
    int exact = size > 0 && (data[size - 1] & 1); /* the last byte picks the buffer */
    int ncols = 1 + take_byte(&in) % 6;
    int nrows = take_byte(&in) % 8;
    PGresult *res = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
    PGresAttDesc attrs[6];
    char names[6][40];
    for (int c = 0; c < ncols; c++) {
        char raw[24];
        size_t len = take_bytes(&in, raw, sizeof(raw) - 1);
        /* distinct names (jansson keeps only one of duplicate keys), any bytes but NUL */
        int w = snprintf(names[c], sizeof(names[c]), "%d", c);
        for (size_t i = 0; i < len; i++) {
            names[c][w++] = raw[i] ? raw[i] : '0';
        }
        names[c][w] = '\0';
        memset(&attrs[c], 0, sizeof(attrs[c]));
        attrs[c].name = names[c];
        uint8_t t = take_byte(&in);
        if (t >= 0xf0) { /* any OID: unknown ones are text */
            attrs[c].typid = (Oid) take_byte(&in) << 24 | (Oid) take_byte(&in) << 16 | (Oid) take_byte(&in) << 8 | take_byte(&in);
        } else {
            attrs[c].typid = types[t % (sizeof(types) / sizeof(types[0]))];
        }
        attrs[c].typlen = -1;
        attrs[c].atttypmod = -1;
        attrs[c].format = binary_ok(attrs[c].typid) && (take_byte(&in) & 1);
    }
    assert(PQsetResultAttrs(res, ncols, attrs));
    for (int r = 0; r < nrows; r++) {
        for (int c = 0; c < ncols; c++) {
            char buf[64];
            int len;
            if (take_byte(&in) % 5 == 0) {
                assert(PQsetvalue(res, r, c, NULL, -1)); /* NULL */
                continue;
            }
            if (attrs[c].format == 1) {
                size_t want = binary_size(attrs[c].typid);
                if (!want || take_byte(&in) % 8 == 0) {
                    len = (int) take_bytes(&in, buf, 20);
                } else {
                    for (size_t i = 0; i < want; i++) {
                        buf[i] = (char) take_byte(&in);
                    }
                    len = (int) want;
                }
                if (want && len == (int) want) {
                    if (attrs[c].typid == 701) { /* biased exponent 0x3c0..0x43f: 2^-63..2^64 */
                        buf[0] = (char) (((uint8_t) buf[0] & 0x80) | (0x3c + ((uint8_t) buf[0] & 7)));
                    } else if (attrs[c].typid == 700) { /* 0x60..0x9f: 2^-31..2^32 */
                        buf[0] = (char) (((uint8_t) buf[0] & 0x80) | (0x30 + ((uint8_t) buf[0] & 0x1f)));
                    }
                }
                assert(PQsetvalue(res, r, c, buf, len));
                continue;
            }
            switch (expected_type(attrs[c].typid)) {
                case 16:
                    len = snprintf(buf, sizeof(buf), "%c", take_byte(&in) & 1 ? 't' : 'f');
                    break;
                case 20: case 21: case 23: case 26: {
                    int64_t v = (int64_t) ((uint64_t) take_byte(&in) << 40 | (uint64_t) take_byte(&in) << 8 | take_byte(&in));
                    len = snprintf(buf, sizeof(buf), "%" PRId64, take_byte(&in) & 1 ? -v : v);
                    break;
                }
                case 114: case 3802: {
                    char raw[40];
                    size_t n = take_bytes(&in, raw, sizeof(raw));
                    json_t *s = json_stringn_nocheck(raw, n);
                    char *dump = json_dumps(s, JSON_ENCODE_ANY | JSON_ENSURE_ASCII);
                    len = snprintf(buf, sizeof(buf), "%s", dump ? dump : "null");
                    if (len >= (int) sizeof(buf)) {
                        len = snprintf(buf, sizeof(buf), "[]");
                    }
                    free(dump);
                    json_decref(s);
                    break;
                }
                case 700: case 701: case 1700:
                    /* anything, but short and without exponents: jansson itself rejects
                     * integers past int64 and reals past double, which are valid JSON */
                    len = (int) take_bytes(&in, buf, 15);
                    for (int i = 0; i < len; i++) {
                        buf[i] = (buf[i] == 'e' || buf[i] == 'E') ? 'x' : buf[i];
                    }
                    break;
                default:
                    len = (int) take_bytes(&in, buf, sizeof(buf) - 1);
                    break;
            }
            assert(PQsetvalue(res, r, c, buf, len));
        }
    }

    lyger_jbuf b;
    lyger_jbuf_init_malloc(&b);
    if (exact) {
        b.grow = grow_exact;
    }
    size_t estimate = lyger_json_result_estimate(res);
    assert(lyger_json_write_result(&b, res));
    size_t len = lyger_jbuf_len(&b);
    (void) estimate;

    json_error_t err;
    json_t *doc = json_loadb(b.start, len, JSON_ALLOW_NUL, &err);
    if (!doc) {
        fprintf(stderr, "invalid JSON: %s\n%.*s\n", err.text, (int) len, b.start);
        abort();
    }
    assert(json_is_array(doc) && json_array_size(doc) == (size_t) nrows);
    for (int r = 0; r < nrows; r++) {
        json_t *row = json_array_get(doc, (size_t) r);
        assert(json_is_object(row) && json_object_size(row) == (size_t) ncols);
        for (int c = 0; c < ncols; c++) {
            json_t *v = json_object_get(row, names[c]);
            if (!v) {
                continue; /* the name had invalid UTF-8, replaced by U+FFFD in the key */
            }
            if (PQgetisnull(res, r, c)) {
                assert(json_is_null(v));
                continue;
            }
            if (attrs[c].format == 1) {
                /* the decoded value, or a malformed one as its hex string */
                Oid t = attrs[c].typid;
                if (json_is_string(v) && PQgetlength(res, r, c) != (int) binary_size(t) && binary_size(t)) {
                    assert(strncmp(json_string_value(v), "\\x", 2) == 0);
                } else if (t == 16) {
                    assert(json_is_boolean(v));
                } else if (t == 20 || t == 21 || t == 23 || t == 26) {
                    assert(json_is_integer(v));
                } else if (t == 700 || t == 701) {
                    assert(json_is_number(v));
                } else {
                    assert(json_is_string(v));
                }
                continue;
            }
            switch (expected_type(attrs[c].typid)) {
                case 16: assert(json_is_boolean(v)); break;
                case 20: case 21: case 23: case 26: assert(json_is_integer(v)); break;
                case 700: case 701: case 1700: assert(json_is_number(v) || json_is_string(v)); break;
                case 114: case 3802: break;
                default: assert(json_is_string(v)); break;
            }
        }
    }
    json_decref(doc);

    /* The same result as two pieces (as single-row mode hands it over): the rows of
     * both, in one array: "[" rows "," rows "]" of the whole writer's bytes. */
    lyger_jbuf two;
    lyger_jbuf_init_malloc(&two);
    lyger_json_rows *w = lyger_json_rows_new();
    assert(w && lyger_json_rows_write(&two, w, res) && lyger_json_rows_write(&two, w, res)
           && lyger_json_rows_finish(&two, w));
    lyger_json_rows_free(w);
    size_t tlen = lyger_jbuf_len(&two);
    if (nrows == 0 || ncols == 0) {
        assert(tlen == 2 && memcmp(two.start, "[]", 2) == 0);
    } else {
        assert(tlen == 2 * len - 1);
        assert(memcmp(two.start, b.start, len - 1) == 0 && two.start[len - 1] == ',');
        assert(memcmp(two.start + len, b.start + 1, len - 1) == 0);
    }
    free(two.start);
    free(b.start);
    PQclear(res);
    return 0;
}
