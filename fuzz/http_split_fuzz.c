// fuzz-sources: src/http_request.c
// fuzz-libs: -lhttp_parser
/* The request parser must not care where the network splits the bytes. Two modes, chosen
 * by the input's first byte:
 *  - raw: the input is a stream of (pipelined) requests; it is parsed once in one piece and
 *    once in pieces of random sizes (1..64 bytes, from a seed in the input). Both runs must
 *    give the same requests field by field (method, version, target, query, decoded path,
 *    headers, body, keep-alive) and the same error status where they stop (see
 *    same_error() for the one allowed difference).
 *  - chunked: the input gives a query string, a header value and a body; the harness frames
 *    the body as a chunked request (chunk sizes, hex case, chunk extensions and a trailer
 *    from the seed), feeds it in random pieces and checks the decoded body is the body,
 *    byte for byte, and the query comes back raw. A body over the limit must give 413. */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_request.h"

#define MAX_BODY 4096
#define MAX_HEADER 2048
#define MAX_REQUESTS 64

typedef struct {
    uint64_t s;
} rng;

static uint32_t next(rng *r)
{
    r->s ^= r->s << 13;
    r->s ^= r->s >> 7;
    r->s ^= r->s << 17;
    return (uint32_t) (r->s >> 11);
}

/* What one parse produced, flattened so two parses can be compared with memcmp. */
typedef struct {
    char *buf;
    size_t len, cap;
    int error_status;
    int requests;
} trace;

static void put(trace *t, const void *p, size_t n)
{
    if (t->len + n + sizeof(size_t) > t->cap) {
        t->cap = (t->len + n + sizeof(size_t)) * 2;
        t->buf = realloc(t->buf, t->cap);
        assert(t->buf);
    }
    memcpy(t->buf + t->len, &n, sizeof(size_t)); /* length-prefixed: no ambiguity */
    t->len += sizeof(size_t);
    memcpy(t->buf + t->len, p, n);
    t->len += n;
}

static void record(trace *t, const lyger_http_reqparser *rp)
{
    const lyger_http_request *q = &rp->req;
    int nums[6] = {q->method_id, q->http_major, q->http_minor, q->keep_alive, q->upgrade, q->expect_continue};
    put(t, nums, sizeof(nums));
    if (!q->method) {
        return;
    }
    put(t, q->method, strlen(q->method));
    put(t, q->head + q->url_off, q->url_len);
    put(t, q->head + q->query_off, q->query_len);
    assert(q->path && q->path[q->path_len] == '\0');
    put(t, q->path, q->path_len);
    for (size_t i = 0; i < q->nheaders; i++) {
        const lyger_http_header *h = &q->headers[i];
        assert(h->name_off + h->name_len <= q->head_len);
        assert(h->value_len == 0 || h->value_off + h->value_len <= q->head_len);
        put(t, q->head + h->name_off, h->name_len);
        put(t, q->head + h->value_off, h->value_len);
    }
    assert(q->body_len <= rp->max_body_size);
    assert(q->body_len == 0 || q->body[q->body_len] == '\0');
    put(t, q->body ? q->body : "", q->body_len);
}

/* Parses data[0..size) in pieces (max_piece 0: one piece). */
static void parse(const char *data, size_t size, rng *r, size_t max_piece, trace *t)
{
    lyger_http_reqparser rp;
    lyger_http_reqparser_init(&rp, MAX_HEADER, MAX_BODY);
    memset(t, 0, sizeof(*t));
    size_t off = 0;
    while (off < size && t->requests < MAX_REQUESTS) {
        size_t piece = max_piece ? 1 + next(r) % max_piece : size - off;
        if (piece > size - off) {
            piece = size - off;
        }
        size_t used_in_piece = 0;
        int stop = 0;
        while (used_in_piece < piece) {
            size_t used = 0;
            int st = lyger_http_reqparser_feed(&rp, data + off + used_in_piece, piece - used_in_piece, &used);
            assert(used <= piece - used_in_piece);
            used_in_piece += used;
            if (st == LYGER_HTTP_ERROR) {
                assert(rp.error_status >= 400 && rp.error_status < 600);
                t->error_status = rp.error_status;
                stop = 1;
                break;
            }
            if (st == LYGER_HTTP_NEED_MORE) {
                assert(used_in_piece == piece); /* NEED_MORE consumes everything */
                break;
            }
            record(t, &rp);
            t->requests++;
            if (rp.req.upgrade || t->requests >= MAX_REQUESTS) {
                stop = 1; /* the server answers an Upgrade and closes */
                break;
            }
            lyger_http_reqparser_reset(&rp);
        }
        off += used_in_piece;
        if (stop) {
            break;
        }
    }
    lyger_http_reqparser_free(&rp);
}

static int is_limit(int status)
{
    return status == 413 || status == 414 || status == 431;
}

/* The same error either way. One exception, found by this fuzzer: a request that is both
 * malformed and over a size limit may be refused for either (400 or 413/414/431), depending
 * on whether the limit is crossed at a piece boundary before http-parser reaches the bad
 * byte; it is refused and the connection closed in both cases. */
static int same_error(int a, int b)
{
    return a == b || (a == 400 && is_limit(b)) || (b == 400 && is_limit(a));
}

static void raw_mode(const uint8_t *data, size_t size, rng *r)
{
    trace whole, split;
    parse((const char *) data, size, r, 0, &whole);
    parse((const char *) data, size, r, 1 + next(r) % 64, &split);
    if (whole.requests != split.requests || !same_error(whole.error_status, split.error_status) ||
        whole.len != split.len || (whole.len && memcmp(whole.buf, split.buf, whole.len) != 0)) {
        fprintf(stderr, "split-dependent parse: whole %d requests (error %d), split %d requests (error %d)\n",
                whole.requests, whole.error_status, split.requests, split.error_status);
        abort();
    }
    free(whole.buf);
    free(split.buf);
}

/* Input after the mode byte: query \xff header-value \xff body. */
static void chunked_mode(const uint8_t *data, size_t size, rng *r)
{
    const char *p = (const char *) data, *end = p + size;
    const char *q_end = memchr(p, '\xff', size);
    if (!q_end) {
        return;
    }
    const char *v = q_end + 1;
    const char *v_end = memchr(v, '\xff', (size_t) (end - v));
    if (!v_end) {
        return;
    }
    const char *body = v_end + 1;
    size_t body_len = (size_t) (end - body);
    /* The query and header value must be bytes the wire allows there, else the request is
     * (rightly) malformed: keep the visible ASCII ones, no '#' (a fragment) in the query. */
    size_t cap = 512 + 3 * size + 64 * (body_len + 1);
    char *req = malloc(cap);
    assert(req);
    size_t n = (size_t) snprintf(req, cap, "POST /p?");
    size_t q_off = n;
    for (const char *c = p; c < q_end && n < 400; c++) {
        if (*c > ' ' && *c < 0x7f && *c != '#') {
            req[n++] = *c;
        }
    }
    size_t q_len = n - q_off;
    n += (size_t) snprintf(req + n, cap - n, " HTTP/1.1\r\nHost: x\r\nX-V: ");
    for (const char *c = v; c < v_end && n < 800; c++) {
        if (*c >= ' ' && *c < 0x7f) {
            req[n++] = *c;
        }
    }
    n += (size_t) snprintf(req + n, cap - n, "\r\nTransfer-Encoding: chunked\r\n\r\n");
    size_t left = body_len;
    const char *b = body;
    while (left > 0) {
        size_t c = 1 + next(r) % (left < 300 ? left : 300);
        uint32_t style = next(r);
        n += (size_t) snprintf(req + n, cap - n, (style & 1) ? "%zX" : "%zx", c);
        if (style & 2) {
            n += (size_t) snprintf(req + n, cap - n, ";ext=%u", (unsigned) (style >> 8) % 1000);
        }
        n += (size_t) snprintf(req + n, cap - n, "\r\n");
        memcpy(req + n, b, c);
        n += c;
        n += (size_t) snprintf(req + n, cap - n, "\r\n");
        b += c;
        left -= c;
    }
    n += (size_t) snprintf(req + n, cap - n, (next(r) & 1) ? "0\r\nX-Trailer: t\r\n\r\n" : "0\r\n\r\n");
    assert(n < cap);

    trace t;
    parse(req, n, r, 1 + next(r) % 64, &t);
    lyger_http_reqparser rp; /* once more, to look at the request itself */
    lyger_http_reqparser_init(&rp, MAX_HEADER, MAX_BODY);
    size_t off = 0, used = 0;
    int st = LYGER_HTTP_NEED_MORE;
    while (off < n && st == LYGER_HTTP_NEED_MORE) {
        size_t piece = 1 + next(r) % 64;
        piece = piece < n - off ? piece : n - off;
        st = lyger_http_reqparser_feed(&rp, req + off, piece, &used);
        off += used;
    }
    if (body_len > MAX_BODY) {
        assert(st == LYGER_HTTP_ERROR && rp.error_status == 413);
        assert(t.error_status == 413 && t.requests == 0);
    } else {
        if (st != LYGER_HTTP_READY) {
            fprintf(stderr, "chunked request not parsed: status %d error %d (%s)\n", st, rp.error_status,
                    rp.error_reason ? rp.error_reason : "");
            abort();
        }
        assert(off == n && t.requests == 1 && t.error_status == 0);
        assert(rp.req.body_len == body_len && memcmp(rp.req.body, body, body_len) == 0);
        assert(rp.req.query_len == q_len && memcmp(rp.req.head + rp.req.query_off, req + q_off, q_len) == 0);
        assert(rp.req.method_id == HTTP_POST && rp.req.keep_alive);
    }
    lyger_http_reqparser_free(&rp);
    free(t.buf);
    free(req);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 9) {
        return 0;
    }
    rng r;
    memcpy(&r.s, data + 1, 8);
    r.s |= 1; /* xorshift needs a non-zero state */
    if (data[0] & 1) {
        chunked_mode(data + 9, size - 9, &r);
    } else {
        raw_mode(data + 9, size - 9, &r);
    }
    return 0;
}
