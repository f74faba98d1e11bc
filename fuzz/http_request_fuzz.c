// fuzz-sources: src/http_request.c
// fuzz-libs: -lhttp_parser
/* Feeds arbitrary bytes to the request parser, split at a point chosen by the input,
 * with small limits so the limit paths run too. Checks the invariants the server relies
 * on: consumed never exceeds what was given, a READY request has a method, a NUL-terminated
 * decoded path and a body within the limit, header offsets stay inside the head buffer. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "http_request.h"

static void check_request(const lyger_http_reqparser *rp)
{
    const lyger_http_request *req = &rp->req;
    if (req->method == NULL) {
        assert(req->upgrade); /* only an Upgrade stop may come without headers_complete */
        return;
    }
    assert(req->path != NULL && req->path[req->path_len] == '\0');
    assert(req->body_len <= rp->max_body_size);
    assert(req->url_off + req->url_len <= req->head_len);
    assert(req->query_off + req->query_len <= req->head_len);
    for (size_t i = 0; i < req->nheaders; i++) {
        const lyger_http_header *h = &req->headers[i];
        assert(h->name_off + h->name_len <= req->head_len);
        assert(h->value_len == 0 || h->value_off + h->value_len <= req->head_len);
    }
    size_t vlen;
    (void) lyger_http_request_header(req, "content-type", 12, &vlen);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) {
        return 0;
    }
    size_t split = data[0] % (size - 1) + 1;
    size_t max_header = 64 + (data[1] % 4) * 256;
    data += 2;
    size -= 2;
    lyger_http_reqparser rp;
    lyger_http_reqparser_init(&rp, max_header, 100);
    const char *p = (const char *) data;
    size_t left = size;
    size_t piece = split < left ? split : left;
    int requests = 0;
    while (left > 0 && requests < 1000) {
        size_t n = piece < left ? piece : left;
        size_t used = 0;
        int st = lyger_http_reqparser_feed(&rp, p, n, &used);
        assert(used <= n);
        if (st == LYGER_HTTP_ERROR) {
            assert(rp.error_status >= 400 && rp.error_status < 600);
            break;
        }
        if (st == LYGER_HTTP_READY) {
            check_request(&rp);
            if (rp.req.upgrade) {
                break;
            }
            lyger_http_reqparser_reset(&rp);
            requests++;
        }
        p += used;
        left -= used;
        if (st == LYGER_HTTP_NEED_MORE && used == 0) {
            break;
        }
    }
    char dec[64];
    size_t dl = size < sizeof(dec) ? size : sizeof(dec);
    assert(lyger_http_percent_decode(dec, (const char *) data, dl) <= dl);
    lyger_http_reqparser_free(&rp);
    return 0;
}
