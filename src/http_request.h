/* HTTP/1.x request parsing on top of nodejs http-parser: bytes in, complete requests
 * (or an error status) out, with the server's limits enforced. Plain C, no Zend headers,
 * so it can be fuzzed on its own (fuzz/http_request_fuzz.c). */
#ifndef LYGER_HTTP_REQUEST_H
#define LYGER_HTTP_REQUEST_H

#include <stddef.h>
#include <stdint.h>
#include <http_parser.h>

/* One header: offsets into lyger_http_request.head (names are lower-cased). */
typedef struct lyger_http_header {
    size_t name_off, name_len;
    size_t value_off, value_len;
} lyger_http_header;

typedef struct lyger_http_request {
    const char *method;           /* static upper-case name ("GET") */
    int method_id;                /* enum http_method */
    int http_major, http_minor;
    int keep_alive;               /* what the request asks for (version + Connection) */
    int upgrade;                  /* Upgrade/CONNECT: answered, then the connection closes */
    int expect_continue;          /* "Expect: 100-continue" was sent */

    char *head;                   /* target, then header names and values (not NUL-separated) */
    size_t head_len, head_cap;
    size_t url_off, url_len;      /* raw request target */
    size_t query_off, query_len;  /* raw query string (without '?'), inside head */
    char *path;                   /* percent-decoded path, NUL-terminated (may contain NUL) */
    size_t path_len;

    lyger_http_header *headers;
    size_t nheaders, headers_cap;

    char *body;                   /* decoded body (chunked framing removed) */
    size_t body_len, body_cap;

    char remote_addr[64];         /* set by the server per connection; kept across requests */
    int remote_port;
    char local_addr[64];          /* the address and port the connection was accepted on */
    int local_port;
} lyger_http_request;

enum lyger_http_feed {
    LYGER_HTTP_NEED_MORE = 0,     /* all bytes consumed, request incomplete */
    LYGER_HTTP_READY = 1,         /* a complete request; bytes after it are not consumed */
    LYGER_HTTP_ERROR = 2          /* malformed or over a limit: answer error_status, then close */
};

typedef struct lyger_http_reqparser {
    http_parser parser;
    lyger_http_request req;
    size_t max_header_size;       /* request line + header lines, bytes */
    size_t max_body_size;
    size_t header_bytes;
    int last_cb;                  /* 0 none, 1 header field, 2 header value */
    int started;                  /* bytes of the current request were seen */
    int headers_done;
    int complete;
    int error_status;             /* 400, 413, 417, 431, 501 ... */
    const char *error_reason;     /* short text for logs */
    int seen_content_length, seen_transfer_encoding;
    int body_expected;            /* Content-Length > 0 or chunked: an Upgrade waits for it */
} lyger_http_reqparser;

void lyger_http_reqparser_init(lyger_http_reqparser *rp, size_t max_header_size, size_t max_body_size);
/* Prepares for the next request on the same connection (keeps buffers). */
void lyger_http_reqparser_reset(lyger_http_reqparser *rp);
void lyger_http_reqparser_free(lyger_http_reqparser *rp);

/* Feeds bytes; *consumed says how many were used. After READY call reset before feeding
 * the rest. After ERROR the parser is dead (error_status says what to answer). */
int lyger_http_reqparser_feed(lyger_http_reqparser *rp, const char *data, size_t len, size_t *consumed);

/* A header's value by lower-case name (first occurrence), NULL when absent. */
const char *lyger_http_request_header(const lyger_http_request *req, const char *name, size_t name_len,
                                      size_t *value_len);

/* Percent-decodes src into dst (dst may equal src); '+' is left alone. Returns the length. */
size_t lyger_http_percent_decode(char *dst, const char *src, size_t len);

/* Grows the malloc'd *buf (capacity *cap, doubling from 256) to hold at least need
 * bytes; 0 on success, -1 when out of memory (the buffer is then unchanged). */
int lyger_http_grow(char **buf, size_t *cap, size_t need);

#endif
