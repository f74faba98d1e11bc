// fuzz-sources: src/http_response.c src/http_request.c src/http_static.c
// fuzz-libs: -luv -lhttp_parser
/* Response header building with arbitrary names and values (what a router returns): the
 * serialized header block must stay one "Name: value\r\n" line per accepted header, with no
 * CR, LF or NUL smuggled in (no response splitting), and the framing headers the server
 * owns (Content-Length, Transfer-Encoding, Date, Connection) never pass through. */
#include <assert.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "http_server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lyger_http_response res;
    lyger_http_response_init(&res);
    /* input: name \xff value \xff name \xff value ... */
    const char *p = (const char *) data;
    const char *end = p + size;
    int accepted = 0;
    while (p < end) {
        const char *sep = memchr(p, '\xff', (size_t) (end - p));
        if (!sep) {
            break;
        }
        const char *v = sep + 1;
        const char *vend = memchr(v, '\xff', (size_t) (end - v));
        if (!vend) {
            vend = end;
        }
        size_t before = res.headers_len;
        if (lyger_http_response_add_header(&res, p, (size_t) (sep - p), v, (size_t) (vend - v)) == 0 &&
            res.headers_len > before) {
            accepted++;
        }
        p = vend < end ? vend + 1 : end;
    }
    lyger_http_response_append_body(&res, (const char *) data, size);
    assert(res.body_len == size);
    /* every line ends with CRLF and holds no other CR/LF/NUL */
    size_t lines = 0;
    for (size_t i = 0; i < res.headers_len; i++) {
        char c = res.headers[i];
        if (c == '\r') {
            assert(i + 1 < res.headers_len && res.headers[i + 1] == '\n');
            lines++;
            i++;
            continue;
        }
        assert(c != '\n' && c != '\0');
    }
    assert(lines == (size_t) accepted);
    for (size_t i = 0; i < res.headers_len;) {
        const char *line = res.headers + i;
        const char *eol = memchr(line, '\r', res.headers_len - i);
        assert(eol);
        const char *colon = memchr(line, ':', (size_t) (eol - line));
        assert(colon && colon > line);
        size_t nl = (size_t) (colon - line);
        assert(!(nl == 14 && strncasecmp(line, "content-length", 14) == 0));
        assert(!(nl == 17 && strncasecmp(line, "transfer-encoding", 17) == 0));
        assert(!(nl == 10 && strncasecmp(line, "connection", 10) == 0));
        assert(!(nl == 4 && strncasecmp(line, "date", 4) == 0));
        i = (size_t) (eol - res.headers) + 2;
    }
    assert(lyger_http_status_reason(res.status) != NULL);
    lyger_http_response_free(&res);
    return 0;
}
