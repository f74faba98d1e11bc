// fuzz-sources: src/json_writer.c src/db_pg_binary.c src/db_pg_float.c
// fuzz-libs: -ljansson -lpq
/* The JSON string escaper and number check of src/json_writer.c against jansson:
 *  - lyger_json_escaped_len() is exactly what lyger_json_escape() writes;
 *  - the escaped bytes in quotes always parse as one JSON string, whatever the input
 *    (invalid UTF-8 becomes U+FFFD), and give the input back when it was valid UTF-8;
 *  - lyger_json_is_number() agrees with jansson on what a JSON number is. */
#include <assert.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_writer.h"

static int valid_utf8(const uint8_t *s, size_t n)
{
    json_t *j = json_stringn((const char *) s, n); /* jansson validates UTF-8 */
    int ok = j != NULL;
    json_decref(j);
    return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t need = lyger_json_escaped_len((const char *) data, size);
    assert(need <= 6 * size);
    char *out = malloc(need + 2);
    out[0] = '"';
    char *end = lyger_json_escape(out + 1, (const char *) data, size);
    assert((size_t) (end - (out + 1)) == need);
    *end++ = '"';

    json_error_t err;
    json_t *parsed = json_loadb(out, (size_t) (end - out), JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
    assert(parsed && json_is_string(parsed));
    if (valid_utf8(data, size)) {
        assert(json_string_length(parsed) == size);
        assert(memcmp(json_string_value(parsed), data, size) == 0);
    }
    json_decref(parsed);

    /* the growable-buffer path gives the same bytes */
    lyger_jbuf b;
    lyger_jbuf_init_malloc(&b);
    assert(lyger_json_write_string(&b, (const char *) data, size));
    assert(lyger_jbuf_len(&b) == (size_t) (end - out) && memcmp(b.start, out, lyger_jbuf_len(&b)) == 0);
    free(b.start);
    free(out);

    /* numbers: whatever we call a number jansson parses as one (or rejects only as too
     * large), and whatever jansson parses as a number from the same bytes we accept */
    int ours = lyger_json_is_number((const char *) data, size);
    json_t *num = json_loadb((const char *) data, size, JSON_DECODE_ANY, &err);
    int leading_ws = size > 0 && strchr(" \t\r\n", data[0]) != NULL;
    int trailing_ws = size > 0 && strchr(" \t\r\n", data[size - 1]) != NULL;
    if (num && json_is_number(num) && !leading_ws && !trailing_ws) {
        assert(ours);
    }
    if (ours && !num) {
        assert(strstr(err.text, "too big") || strstr(err.text, "overflow") || strstr(err.text, "Real") || strstr(err.text, "real"));
    }
    if (ours && num) {
        assert(json_is_number(num));
    }
    json_decref(num);
    return 0;
}
