/* The HTTP/1.1 server: libuv loop, connections, keep-alive and pipelining, timeouts,
 * static files, /health, worker processes. Plain C, no Zend headers: requests reach the
 * application through the handler callback (src/engine_server.c calls PHP from it).
 * Its files and what each holds: src/http_server_impl.h. */
#ifndef LYGER_HTTP_SERVER_H
#define LYGER_HTTP_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "http_request.h"

typedef struct lyger_http_response {
    int status;
    char *headers;                /* "Name: value\r\n" lines */
    size_t headers_len, headers_cap;
    char *body;
    size_t body_len, body_cap;
    int has_content_type;
    int close;                    /* close the connection after this response */
} lyger_http_response;

/* What a handler asks of the server after its response is queued. */
enum lyger_http_dispatch {
    LYGER_HTTP_CONTINUE = 0,
    LYGER_HTTP_STOP = 1,          /* stop the server gracefully (stopServer(), exit()) */
    LYGER_HTTP_FATAL = 2          /* the handler's runtime is unusable: stop, exit code 255 */
};

typedef int (*lyger_http_handler)(void *ud, const lyger_http_request *req, lyger_http_response *res);
/* Called once the socket is bound (before serving); nonzero aborts startup. */
typedef int (*lyger_http_on_start)(void *ud, const char *host, int port);

typedef struct lyger_http_config {
    const char *host;
    int port;                     /* 0: a free port */
    int workers;
    size_t max_body_size;
    size_t max_header_size;
    double read_timeout;          /* seconds */
    double keepalive_timeout;     /* seconds */
    long max_requests;            /* per worker, 0: unlimited */
    const char *document_root;    /* NULL: no static files */
    const char *access_log;       /* NULL: off; "-" or "php://stderr": stderr; "php://stdout": stdout */
    int debug;
    int quiet;                    /* no banner */
    lyger_http_handler handler;
    lyger_http_on_start on_start;
    void *ud;
} lyger_http_config;

/* Runs until stopped. Returns 0 after a normal stop, -1 with a message in err when the
 * server could not start (nothing was served), -2 when on_start aborted, and 1 in a forked
 * worker process once it is done: the caller must then end that process with
 * lyger_http_server_worker_exit_code() (the master reads it: 3 recycle, 4 stop all, 255
 * fatal, 0 stopped by the master). */
int lyger_http_server_run(const lyger_http_config *cfg, char *err, size_t errlen);
int lyger_http_server_worker_exit_code(void);

/* Asks the running server of this process to stop gracefully; returns 0 when none runs. */
int lyger_http_server_stop(void);
int lyger_http_server_running(void);

typedef struct lyger_http_stats {
    int running;
    uint64_t requests;
    uint64_t connections;         /* open now */
    double uptime_seconds;
    int workers;
    int worker_index;             /* -1: no workers (served in-process) */
    int port;
    char host[64];
} lyger_http_stats;
void lyger_http_server_stats(lyger_http_stats *out);

/* Response building (used by handlers). Header names/values with CR, LF or NUL are
 * dropped (no response splitting); Content-Length, Transfer-Encoding and Date are the
 * server's own; "Connection: close" sets res->close. Return -1 on refusal/out of memory. */
void lyger_http_response_init(lyger_http_response *res);
void lyger_http_response_free(lyger_http_response *res);
int lyger_http_response_add_header(lyger_http_response *res, const char *name, size_t name_len,
                                   const char *value, size_t value_len);
int lyger_http_response_append_body(lyger_http_response *res, const char *data, size_t len);
const char *lyger_http_status_reason(int status);

#endif
