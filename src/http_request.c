/* HTTP/1.x request parsing: nodejs http-parser does the framing (request line, headers,
 * Content-Length and chunked bodies); this file collects the pieces into one request,
 * enforces the limits and refuses the ambiguous framings that enable request smuggling. */
#include "http_request.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HEADER_LINE_OVERHEAD 4 /* ": " and CRLF, so the limit reads like the wire size */

int lyger_http_grow(char **buf, size_t *cap, size_t need)
{
    if (need <= *cap) {
        return 0;
    }
    size_t ncap = *cap ? *cap : 256;
    while (ncap < need) {
        ncap *= 2;
    }
    char *nb = realloc(*buf, ncap);
    if (!nb) {
        return -1;
    }
    *buf = nb;
    *cap = ncap;
    return 0;
}

static int append_head(lyger_http_request *req, const char *at, size_t len, int lower)
{
    if (lyger_http_grow(&req->head, &req->head_cap, req->head_len + len)) {
        return -1;
    }
    char *dst = req->head + req->head_len;
    if (lower) {
        for (size_t i = 0; i < len; i++) {
            char c = at[i];
            dst[i] = (c >= 'A' && c <= 'Z') ? (char) (c + 32) : c;
        }
    } else {
        memcpy(dst, at, len);
    }
    req->head_len += len;
    return 0;
}

static int fail(lyger_http_reqparser *rp, int status, const char *reason)
{
    if (!rp->error_status) {
        rp->error_status = status;
        rp->error_reason = reason;
    }
    return -1;
}

static int count_header_bytes(lyger_http_reqparser *rp, size_t len)
{
    rp->header_bytes += len;
    if (rp->header_bytes > rp->max_header_size) {
        return fail(rp, 431, "header section too large");
    }
    return 0;
}

static int on_message_begin(http_parser *p)
{
    lyger_http_reqparser *rp = p->data;
    rp->started = 1;
    return 0;
}

static int on_url(http_parser *p, const char *at, size_t len)
{
    lyger_http_reqparser *rp = p->data;
    lyger_http_request *req = &rp->req;
    req->url_len += len;
    if (req->url_len > rp->max_header_size) {
        return fail(rp, 414, "request target too long");
    }
    if (count_header_bytes(rp, len)) {
        return -1;
    }
    return append_head(req, at, len, 0) ? fail(rp, 500, "out of memory") : 0;
}

static int on_header_field(http_parser *p, const char *at, size_t len)
{
    lyger_http_reqparser *rp = p->data;
    lyger_http_request *req = &rp->req;
    if (count_header_bytes(rp, len + (rp->last_cb != 1 ? HEADER_LINE_OVERHEAD : 0))) {
        return -1;
    }
    if (rp->last_cb != 1) {
        if (req->nheaders == req->headers_cap) {
            size_t ncap = req->headers_cap ? req->headers_cap * 2 : 16;
            lyger_http_header *nh = realloc(req->headers, ncap * sizeof(*nh));
            if (!nh) {
                return fail(rp, 500, "out of memory");
            }
            req->headers = nh;
            req->headers_cap = ncap;
        }
        lyger_http_header *h = &req->headers[req->nheaders++];
        h->name_off = req->head_len;
        h->name_len = 0;
        h->value_off = 0;
        h->value_len = 0;
    }
    rp->last_cb = 1;
    lyger_http_header *h = &req->headers[req->nheaders - 1];
    h->name_len += len;
    return append_head(req, at, len, 1) ? fail(rp, 500, "out of memory") : 0;
}

static int on_header_value(http_parser *p, const char *at, size_t len)
{
    lyger_http_reqparser *rp = p->data;
    lyger_http_request *req = &rp->req;
    if (count_header_bytes(rp, len)) {
        return -1;
    }
    lyger_http_header *h = &req->headers[req->nheaders - 1];
    if (rp->last_cb != 2) {
        h->value_off = req->head_len;
    }
    rp->last_cb = 2;
    h->value_len += len;
    return append_head(req, at, len, 0) ? fail(rp, 500, "out of memory") : 0;
}

static int name_is(const lyger_http_request *req, const lyger_http_header *h, const char *name, size_t len)
{
    return h->name_len == len && memcmp(req->head + h->name_off, name, len) == 0;
}

static int on_headers_complete(http_parser *p)
{
    lyger_http_reqparser *rp = p->data;
    lyger_http_request *req = &rp->req;
    rp->headers_done = 1;

    for (size_t i = 0; i < req->nheaders; i++) {
        const lyger_http_header *h = &req->headers[i];
        /* "Content-Length : 5": http-parser takes it as Content-Length, a proxy in front may
         * not; RFC 9112 5.1 says reject whitespace between a field name and the colon. */
        if (memchr(req->head + h->name_off, ' ', h->name_len) || memchr(req->head + h->name_off, '\t', h->name_len)) {
            return fail(rp, 400, "whitespace in a header name");
        }
        if (name_is(req, h, "content-length", 14)) {
            rp->seen_content_length++;
        } else if (name_is(req, h, "transfer-encoding", 17)) {
            rp->seen_transfer_encoding++;
        } else if (name_is(req, h, "expect", 6)) {
            if (h->value_len == 12 && strncasecmp(req->head + h->value_off, "100-continue", 12) == 0) {
                req->expect_continue = (p->http_major == 1 && p->http_minor >= 1);
            } else {
                return fail(rp, 417, "unsupported Expect");
            }
        }
    }
    /* Both framings at once is the classic smuggling vector: refuse rather than pick one. */
    if (rp->seen_content_length && rp->seen_transfer_encoding) {
        return fail(rp, 400, "Content-Length together with Transfer-Encoding");
    }
    if (rp->seen_content_length > 1) {
        return fail(rp, 400, "repeated Content-Length");
    }
    if (rp->seen_transfer_encoding && !(p->flags & F_CHUNKED)) {
        return fail(rp, 400, "Transfer-Encoding other than chunked");
    }
    if (p->http_major != 1 || p->http_minor > 1) {
        return p->http_major == 0 ? fail(rp, 400, "HTTP/0.9 is not supported")
                                  : fail(rp, 505, "HTTP version not supported");
    }
    if (p->method == HTTP_CONNECT) {
        return fail(rp, 400, "CONNECT is not supported");
    }
    if (rp->seen_content_length && p->content_length > rp->max_body_size) {
        return fail(rp, 413, "body too large");
    }

    req->method_id = p->method;
    req->method = http_method_str(p->method);
    req->http_major = p->http_major;
    req->http_minor = p->http_minor;

    struct http_parser_url u;
    http_parser_url_init(&u);
    const char *url = req->head + req->url_off;
    if (req->url_len == 0 || url[0] != '/' ||
        http_parser_parse_url(url, req->url_len, 0, &u) != 0) {
        if (!(req->url_len > 0 && (url[0] == 'h' || url[0] == 'H') &&
              http_parser_parse_url(url, req->url_len, 0, &u) == 0)) {
            return fail(rp, 400, "malformed request target");
        }
    }
    const char *path = "/";
    size_t path_len = 1;
    if (u.field_set & (1 << UF_PATH)) {
        path = url + u.field_data[UF_PATH].off;
        path_len = u.field_data[UF_PATH].len;
    }
    if (u.field_set & (1 << UF_QUERY)) {
        req->query_off = req->url_off + u.field_data[UF_QUERY].off;
        req->query_len = u.field_data[UF_QUERY].len;
    }
    req->path = malloc(path_len + 1);
    if (!req->path) {
        return fail(rp, 500, "out of memory");
    }
    req->path_len = lyger_http_percent_decode(req->path, path, path_len);
    req->path[req->path_len] = '\0';

    /* http-parser's own view of the framing (ULLONG_MAX: no Content-Length) */
    rp->body_expected = (p->flags & F_CHUNKED) || (p->content_length > 0 && p->content_length != ULLONG_MAX);
    if (rp->seen_content_length && p->content_length > 0) {
        if (lyger_http_grow(&req->body, &req->body_cap, (size_t) p->content_length + 1)) {
            return fail(rp, 500, "out of memory");
        }
    }
    return 0;
}

static int on_body(http_parser *p, const char *at, size_t len)
{
    lyger_http_reqparser *rp = p->data;
    lyger_http_request *req = &rp->req;
    if (len > rp->max_body_size - req->body_len) {
        return fail(rp, 413, "body too large");
    }
    if (lyger_http_grow(&req->body, &req->body_cap, req->body_len + len)) {
        return fail(rp, 500, "out of memory");
    }
    memcpy(req->body + req->body_len, at, len);
    req->body_len += len;
    return 0;
}

static int on_message_complete(http_parser *p)
{
    lyger_http_reqparser *rp = p->data;
    lyger_http_request *req = &rp->req;
    /* The body is NUL-terminated for consumers that scan to a terminator (PHP's JSON
     * scanner does); body_len stays the length. */
    if (lyger_http_grow(&req->body, &req->body_cap, req->body_len + 1)) {
        return fail(rp, 500, "out of memory");
    }
    req->body[req->body_len] = '\0';
    rp->complete = 1;
    rp->req.keep_alive = http_should_keep_alive(p);
    rp->req.upgrade = p->upgrade;
    /* Stop here: the next pipelined request is parsed only after this one is answered. */
    http_parser_pause(p, 1);
    return 0;
}

static const http_parser_settings settings = {
    .on_message_begin = on_message_begin,
    .on_url = on_url,
    .on_header_field = on_header_field,
    .on_header_value = on_header_value,
    .on_headers_complete = on_headers_complete,
    .on_body = on_body,
    .on_message_complete = on_message_complete,
};

void lyger_http_reqparser_init(lyger_http_reqparser *rp, size_t max_header_size, size_t max_body_size)
{
    memset(rp, 0, sizeof(*rp));
    rp->max_header_size = max_header_size;
    rp->max_body_size = max_body_size;
    http_parser_init(&rp->parser, HTTP_REQUEST);
    rp->parser.data = rp;
}

void lyger_http_reqparser_reset(lyger_http_reqparser *rp)
{
    lyger_http_request *req = &rp->req;
    free(req->path);
    req->path = NULL;
    req->path_len = 0;
    req->head_len = 0;
    req->url_off = req->url_len = 0;
    req->query_off = req->query_len = 0;
    req->nheaders = 0;
    req->body_len = 0;
    req->method = NULL;
    req->keep_alive = req->upgrade = req->expect_continue = 0;
    /* Large buffers from one big request are not kept for the life of the connection. */
    if (req->body_cap > 65536) {
        free(req->body);
        req->body = NULL;
        req->body_cap = 0;
    }
    if (req->head_cap > 16384) {
        free(req->head);
        req->head = NULL;
        req->head_cap = 0;
    }
    rp->header_bytes = 0;
    rp->last_cb = 0;
    rp->started = rp->headers_done = rp->complete = 0;
    rp->error_status = 0;
    rp->error_reason = NULL;
    rp->seen_content_length = rp->seen_transfer_encoding = 0;
    rp->body_expected = 0;
    http_parser_init(&rp->parser, HTTP_REQUEST);
    rp->parser.data = rp;
}

void lyger_http_reqparser_free(lyger_http_reqparser *rp)
{
    free(rp->req.path);
    free(rp->req.head);
    free(rp->req.headers);
    free(rp->req.body);
    memset(&rp->req, 0, sizeof(rp->req));
}

int lyger_http_reqparser_feed(lyger_http_reqparser *rp, const char *data, size_t len, size_t *consumed)
{
    *consumed = 0;
    if (rp->error_status && !rp->complete) {
        return LYGER_HTTP_ERROR;
    }
    if (len == 0) {
        return LYGER_HTTP_NEED_MORE;
    }
    size_t n = http_parser_execute(&rp->parser, &settings, data, len);
    enum http_errno err = HTTP_PARSER_ERRNO(&rp->parser);
    *consumed = n;
    if (err == HPE_PAUSED || (err == HPE_OK && rp->complete)) {
        return LYGER_HTTP_READY;
    }
    if (err != HPE_OK) {
        if (!rp->error_status) {
            switch (err) {
            case HPE_HEADER_OVERFLOW:
                fail(rp, 431, "header section too large");
                break;
            case HPE_INVALID_METHOD:
                fail(rp, 400, "invalid method");
                break;
            case HPE_INVALID_CONTENT_LENGTH:
            case HPE_UNEXPECTED_CONTENT_LENGTH:
                fail(rp, 400, "invalid Content-Length");
                break;
            default:
                fail(rp, 400, http_errno_description(err));
                break;
            }
        }
        rp->started = 1;
        return LYGER_HTTP_ERROR;
    }
    if (rp->parser.upgrade && rp->headers_done && !rp->body_expected) {
        /* http-parser stops at the end of a bodyless Upgrade request's headers. One with a
         * body is read whole first (on_message_complete makes it READY): answering it when
         * the headers are in but the body is not gave the router a truncated body, without
         * the NUL terminator PHP's JSON scanner relies on (found by fuzz/http_split_fuzz). */
        rp->complete = 1;
        rp->req.upgrade = 1;
        return LYGER_HTTP_READY;
    }
    return LYGER_HTTP_NEED_MORE;
}

const char *lyger_http_request_header(const lyger_http_request *req, const char *name, size_t name_len,
                                      size_t *value_len)
{
    for (size_t i = 0; i < req->nheaders; i++) {
        const lyger_http_header *h = &req->headers[i];
        if (name_is(req, h, name, name_len)) {
            *value_len = h->value_len;
            return req->head + h->value_off;
        }
    }
    return NULL;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

size_t lyger_http_percent_decode(char *dst, const char *src, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (src[i] == '%' && i + 2 < len && hexval(src[i + 1]) >= 0 && hexval(src[i + 2]) >= 0) {
            dst[o++] = (char) (hexval(src[i + 1]) * 16 + hexval(src[i + 2]));
            i += 2;
        } else {
            dst[o++] = src[i];
        }
    }
    return o;
}
