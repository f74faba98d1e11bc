/* The HTTP server's insides, shared by its files (not for other modules): the server and
 * connection structs, a growable byte buffer, and the functions one file calls in another.
 *   src/http_server.c        starting, one process's loop, a request's route, stopping, figures
 *   src/http_conn.c          connections: accept, read, write, keep-alive, timeouts, back-pressure
 *   src/http_response.c      the response API, status reasons, the response head
 *   src/http_static_serve.c  answering with a file under document_root (small whole, big streamed)
 *   src/http_log.c           the access log
 *   src/http_workers.c       the master: fork, supervise, replace, recycle, signals
 *   src/http_listen.c        listening sockets: resolve, bind, SO_REUSEPORT, the fd limit */
#ifndef LYGER_HTTP_SERVER_IMPL_H
#define LYGER_HTTP_SERVER_IMPL_H

#include "http_server.h"
#include "http_static.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <uv.h>

#define STOP_GRACE_MS 5000             /* in-flight requests get this long after a stop */
#define EXIT_RECYCLE 3
#define EXIT_STOP_ALL 4

enum timer_mode { T_NONE, T_READ, T_IDLE, T_LINGER };

typedef struct server server;

typedef struct conn {
    uv_tcp_t tcp;
    uv_timer_t timer;
    server *srv;
    struct conn *prev, *next;
    lyger_http_reqparser rp;
    char *pending;                 /* unparsed input kept while paused */
    size_t pending_len;
    size_t unsent;                 /* bytes queued in uv_write, not yet written */
    int writes;                    /* uv_write requests in flight */
    int handles;                   /* open uv handles (tcp, timer) + busy fs request */
    enum timer_mode tmode;
    unsigned closing : 1, close_after_write : 1, reading : 1, paused : 1, lingering : 1, in_dispatch : 1;
    /* big static file being streamed */
    uv_fs_t fs;
    uv_file fd;
    int64_t file_off, file_left;
    char *file_buf;
    unsigned streaming : 1, fs_busy : 1;
} conn;

struct server {
    const lyger_http_config *cfg;
    uv_loop_t loop;
    uv_tcp_t listener;
    uv_signal_t sigint, sigterm;
    uv_timer_t grace;
    conn *conns;
    uint64_t nconns;
    uint64_t requests;
    uint64_t start_ms;
    int stopping;
    int stop_reason;               /* exit code for a worker */
    int fatal;
    int worker_index;              /* -1: in-process */
    int port;
    char root[PATH_MAX];
    size_t root_len;
    FILE *log;
    int own_log;
    unsigned listener_open : 1, signals_open : 1, grace_open : 1;
};

typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

static inline int buf_reserve(buf *b, size_t extra)
{
    if (b->len + extra <= b->cap) {
        return 0;
    }
    size_t ncap = b->cap ? b->cap : 512;
    while (ncap < b->len + extra) {
        ncap *= 2;
    }
    char *np = realloc(b->p, ncap);
    if (!np) {
        return -1;
    }
    b->p = np;
    b->cap = ncap;
    return 0;
}

static inline int buf_add(buf *b, const char *s, size_t len)
{
    if (len == 0) {
        return 0; /* an empty body may come as NULL: memcpy(p, NULL, 0) is undefined */
    }
    if (buf_reserve(b, len)) {
        return -1;
    }
    memcpy(b->p + b->len, s, len);
    b->len += len;
    return 0;
}

static inline int buf_adds(buf *b, const char *s)
{
    return buf_add(b, s, strlen(s));
}

static inline int buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline int buf_printf(buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (n < 0) {
        return -1;
    }
    return buf_add(b, tmp, (size_t) n < sizeof(tmp) ? (size_t) n : sizeof(tmp) - 1);
}

/* src/http_response.c */
void lyger_http_build_head(buf *b, int status, int minor, int keep_alive, const char *extra, size_t extra_len,
                           const char *content_type, int with_length, size_t length);

/* src/http_conn.c */
void lyger_http_conn_send(conn *c, char *data, size_t len, int file_chunk);
void lyger_http_send_error(conn *c, int status, const char *message, int minor);
void lyger_http_conn_close(conn *c);
void lyger_http_conn_timer(conn *c, enum timer_mode mode, double seconds);
void lyger_http_conn_resume(conn *c);
void lyger_http_conn_free_if_done(conn *c);
void lyger_http_on_connection(uv_stream_t *listener, int status);

/* src/http_static_serve.c */
void lyger_http_stream_next(conn *c);
int lyger_http_serve_static(conn *c, const lyger_http_request *req, int keep_alive, int head_only);

/* src/http_log.c */
void lyger_http_log_access(conn *c, const lyger_http_request *req, int status, size_t bytes);
int lyger_http_open_log(const lyger_http_config *cfg, server *s, char *err, size_t errlen);
void lyger_http_close_log(server *s);

/* src/http_server.c */
void lyger_http_handle_request(conn *c);
int lyger_http_serve(server *s, int fd);

/* src/http_workers.c */
int lyger_http_run_master(server *proto, int *fds, int n);

/* src/http_listen.c */
void lyger_http_raise_nofile(void);
int lyger_http_resolve_host(const char *host, int port, struct sockaddr_storage *ss, socklen_t *sl, char *err,
                            size_t errlen);
void lyger_http_set_port(struct sockaddr_storage *ss, int port);
int lyger_http_bound_port(int fd);
int lyger_http_make_socket(const struct sockaddr_storage *ss, socklen_t sl, int reuseport, int do_listen,
                           const char *host, int port, char *err, size_t errlen);

#endif
