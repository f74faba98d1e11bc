// fuzz-sources: src/db_pg_binary.c src/db_pg_float.c src/json_writer.c
// fuzz-libs: -ljansson -lpq
/* The binary decoders of src/db_pg_binary.c on any bytes, for every type they decode.
 * The first input byte picks the type, the rest is the value, copied into a buffer of
 * exactly its size (ASan reports any read past it). Checks:
 *  - the output is one valid JSON value (json/jsonb: the input's own text, as the text
 *    path embeds it; malformed values: the "\\x<hex>" string);
 *  - numeric types give a JSON number or "NaN"/"Infinity"/"-Infinity";
 *  - lyger_pgb_json_len bounds the output for every type it sizes exactly;
 *  - lyger_pgb_put, the row writer's in-place path, writes the same bytes within
 *    lyger_pgb_put_max;
 *  - the float decimals read back as the value (the shortest-digits search). */
#include <assert.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db_pg_binary.h"

static const unsigned types[] = {16, 17, 19, 20, 21, 23, 25, 26, 114, 700, 701, 705, 1042, 1043,
                                 1082, 1083, 1114, 1184, 1700, 2950, 3802};

static int is_numeric_type(unsigned t)
{
    return t == 20 || t == 21 || t == 23 || t == 26 || t == 700 || t == 701 || t == 1700;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    unsigned type = types[data[0] % (sizeof types / sizeof types[0])];
    size_t n = size - 1;
    char *v = malloc(n ? n : 1);
    memcpy(v, data + 1, n);
    assert(lyger_pgb_needs(type) >= 0);

    lyger_jbuf b;
    lyger_jbuf_init_malloc(&b);
    assert(lyger_pgb_write(&b, type, v, n));
    size_t len = lyger_jbuf_len(&b);
    int sized = type != 25 && type != 19 && type != 705 && type != 1042 && type != 1043 && type != 114 && type != 3802;
    if (sized) {
        assert(len <= lyger_pgb_json_len(type, v, n));
    }
    if (lyger_pgb_fixed_len(type) == n && n) { /* the in-place writer stays in its room:
                                                   exactly that much, so ASan sees any write past it */
        char *room = malloc(lyger_pgb_put_max(type));
        char *end = lyger_pgb_put(room, type, v);
        assert(!end || ((size_t) (end - room) == len && memcmp(room, b.start, len) == 0));
        free(room);
    }

    int raw_json = (type == 114 && n >= 1) || (type == 3802 && n >= 2 && v[0] == 1);
    if (raw_json) { /* embedded as the server's own JSON text: the bytes given */
        size_t skip = type == 3802 ? 1 : 0;
        assert(len == n - skip && memcmp(b.start, v + skip, len) == 0);
    } else if (is_numeric_type(type) && len && b.start[0] != '"') {
        /* a JSON number (checked as RFC 8259 spells it: jansson refuses numbers past a
         * double's range, which numeric writes exactly) */
        assert(lyger_json_is_number(b.start, len));
        if ((type == 700 || type == 701) && len < 64) {
            /* the decimal reads back as the value */
            char text[64];
            memcpy(text, b.start, len);
            text[len] = '\0';
            if (type == 701) {
                uint64_t u = 0;
                for (int i = 0; i < 8; i++) u = u << 8 | (uint8_t) v[i];
                double d;
                memcpy(&d, &u, 8);
                assert(strtod(text, NULL) == d);
            } else {
                uint32_t u = (uint32_t) (uint8_t) v[0] << 24 | (uint32_t) (uint8_t) v[1] << 16 | (uint32_t) (uint8_t) v[2] << 8 | (uint8_t) v[3];
                float f;
                memcpy(&f, &u, 4);
                assert(strtof(text, NULL) == f);
            }
        }
    } else {
        json_error_t err;
        json_t *j = json_loadb(b.start, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
        assert(j);
        if (is_numeric_type(type)) {
            const char *t = json_string_value(j);
            /* specials, or a malformed value's hex */
            assert(t && (!strcmp(t, "NaN") || !strcmp(t, "Infinity") || !strcmp(t, "-Infinity") || !strncmp(t, "\\x", 2)));
        }
        json_decref(j);
    }
    free(b.start);
    free(v);
    return 0;
}
