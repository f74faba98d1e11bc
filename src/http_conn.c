/* Connections: accept, read, parse, write, keep-alive and pipelining, timeouts, lingering
 * after an error, back-pressure. Each connection owns a request parser, a timer and its
 * queue of writes. Requests are answered synchronously from the read callback (the handler
 * is PHP, single-threaded), so pipelined responses leave in request order by construction;
 * what a parsed request gets is decided by lyger_http_handle_request() (src/http_server.c). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "http_server_impl.h"

#include <netinet/in.h>
#include <arpa/inet.h>

#define READ_BUF_SIZE 65536
#define BACKPRESSURE_BYTES (1u << 20)  /* stop reading while this much is unsent */
#define LINGER_MS 1000                 /* read and discard after an error response, then close */

typedef struct write_req {
    uv_write_t req;
    conn *c;
    char *buf;
    size_t len;
    int file_chunk;
} write_req;

static char read_buf[READ_BUF_SIZE];

static void conn_process(conn *c, const char *data, size_t len);
static void conn_finish(conn *c);

/* ---- writing ---------------------------------------------------------------------- */

static void on_write(uv_write_t *req, int status)
{
    write_req *w = (write_req *) req;
    conn *c = w->c;
    c->writes--;
    c->unsent -= w->len;
    int file_chunk = w->file_chunk;
    if (file_chunk) {
        free(c->file_buf);
        c->file_buf = w->buf; /* reuse for the next chunk */
    } else {
        free(w->buf);
    }
    free(w);
    if (c->closing) {
        return;
    }
    if (status < 0) {
        lyger_http_conn_close(c);
        return;
    }
    if (file_chunk && c->streaming) {
        lyger_http_stream_next(c);
        return;
    }
    if (c->writes == 0) {
        if (c->close_after_write) {
            conn_finish(c);
            return;
        }
        if (c->paused && !c->streaming) {
            lyger_http_conn_resume(c);
        }
    }
}

/* Drops a buffer lyger_http_conn_send could not queue: a file chunk goes back to the connection
 * (freed with it), anything else is freed. */
static void release(conn *c, char *data, int file_chunk)
{
    if (file_chunk) {
        free(c->file_buf);
        c->file_buf = data;
    } else {
        free(data);
    }
}

/* Takes ownership of data (malloc'd). */
void lyger_http_conn_send(conn *c, char *data, size_t len, int file_chunk)
{
    if (c->closing) {
        release(c, data, file_chunk);
        return;
    }
    size_t off = 0;
    if (c->writes == 0) {
        uv_buf_t b = uv_buf_init(data, (unsigned) len);
        int n = uv_try_write((uv_stream_t *) &c->tcp, &b, 1);
        if (n > 0) {
            off = (size_t) n;
        } else if (n < 0 && n != UV_EAGAIN) {
            release(c, data, file_chunk);
            lyger_http_conn_close(c);
            return;
        }
        if (off == len && !file_chunk) {
            free(data);
            return;
        }
    }
    write_req *w = malloc(sizeof(*w));
    if (!w) {
        release(c, data, file_chunk);
        lyger_http_conn_close(c);
        return;
    }
    w->c = c;
    w->buf = data;
    w->len = len - off;
    w->file_chunk = file_chunk;
    uv_buf_t b = uv_buf_init(data + off, (unsigned) (len - off));
    c->writes++;
    c->unsent += w->len;
    if (uv_write(&w->req, (uv_stream_t *) &c->tcp, &b, 1, on_write) != 0) {
        c->writes--;
        c->unsent -= w->len;
        release(c, data, file_chunk);
        free(w);
        lyger_http_conn_close(c);
    }
}

/* An error answered by the server itself: a small JSON body, then the connection closes. */
void lyger_http_send_error(conn *c, int status, const char *message, int minor)
{
    buf body = {0}, b = {0};
    buf_printf(&body, "{\"error\":\"%s\"}", message);
    lyger_http_build_head(&b, status, minor, 0, NULL, 0, "application/json", 1, body.len);
    buf_add(&b, body.p, body.len);
    free(body.p);
    lyger_http_log_access(c, c->rp.req.method ? &c->rp.req : NULL, status, b.len);
    c->close_after_write = 1;
    if (b.p) {
        lyger_http_conn_send(c, b.p, b.len, 0);
    }
}

/* ---- connection lifecycle --------------------------------------------------------- */

void lyger_http_conn_free_if_done(conn *c)
{
    if (c->handles > 0 || c->fs_busy) {
        return;
    }
    server *s = c->srv;
    if (c->prev) {
        c->prev->next = c->next;
    } else if (s->conns == c) {
        s->conns = c->next;
    }
    if (c->next) {
        c->next->prev = c->prev;
    }
    s->nconns--;
    lyger_http_reqparser_free(&c->rp);
    free(c->pending);
    free(c->file_buf);
    free(c);
    if (s->stopping && s->nconns == 0 && s->grace_open) {
        s->grace_open = 0;
        uv_close((uv_handle_t *) &s->grace, NULL);
    }
}

static void on_conn_handle_closed(uv_handle_t *h)
{
    conn *c = h->data;
    c->handles--;
    lyger_http_conn_free_if_done(c);
}

void lyger_http_conn_close(conn *c)
{
    if (c->closing) {
        return;
    }
    c->closing = 1;
    if (c->streaming) {
        c->streaming = 0;
        if (!c->fs_busy && c->fd >= 0) {
            uv_fs_t req;
            uv_fs_close(NULL, &req, c->fd, NULL);
            uv_fs_req_cleanup(&req);
            c->fd = -1;
        }
    }
    uv_close((uv_handle_t *) &c->tcp, on_conn_handle_closed);
    uv_close((uv_handle_t *) &c->timer, on_conn_handle_closed);
}

static void on_shutdown(uv_shutdown_t *req, int status)
{
    (void) status;
    free(req);
}

static void on_timer(uv_timer_t *t);

void lyger_http_conn_timer(conn *c, enum timer_mode mode, double seconds)
{
    c->tmode = mode;
    uint64_t ms = (uint64_t) (seconds * 1000.0);
    uv_timer_start(&c->timer, on_timer, ms ? ms : 1, 0);
}

static void conn_linger(conn *c)
{
    /* Error answered: half-close and discard what the client still sends, so the kernel
     * does not reset the connection before the client has read our answer. */
    uv_shutdown_t *sr = malloc(sizeof(*sr));
    if (!sr || uv_shutdown(sr, (uv_stream_t *) &c->tcp, on_shutdown) != 0) {
        free(sr);
        lyger_http_conn_close(c);
        return;
    }
    c->lingering = 1;
    lyger_http_conn_timer(c, T_LINGER, LINGER_MS / 1000.0);
}

/* The final response is written: after an error, linger; otherwise close. */
static void conn_finish(conn *c)
{
    if (c->rp.error_status && !c->lingering) {
        conn_linger(c);
    } else {
        lyger_http_conn_close(c);
    }
}

static void on_timer(uv_timer_t *t)
{
    conn *c = t->data;
    if (c->closing) {
        return;
    }
    switch (c->tmode) {
    case T_READ:
        if (c->rp.started && c->writes == 0 && !c->streaming) {
            lyger_http_send_error(c, 408, "request not received in time", 1);
            if (c->writes == 0) {
                lyger_http_conn_close(c);
            }
        } else if (c->writes == 0 && !c->streaming) {
            lyger_http_conn_close(c);
        } else {
            /* A response is still leaving: the client reads slowly. Give it another period. */
            lyger_http_conn_timer(c, T_READ, c->srv->cfg->read_timeout);
        }
        break;
    default:
        lyger_http_conn_close(c);
        break;
    }
}

static void after_response(conn *c)
{
    if (c->closing || c->close_after_write) {
        return;
    }
    if (c->unsent > BACKPRESSURE_BYTES) {
        c->paused = 1;
    }
}

/* ---- reading ---------------------------------------------------------------------- */

static void stash(conn *c, const char *data, size_t len)
{
    if (len == 0) {
        return;
    }
    char *p = malloc(len);
    if (!p) {
        lyger_http_conn_close(c);
        return;
    }
    memcpy(p, data, len);
    free(c->pending);
    c->pending = p;
    c->pending_len = len;
}

static void conn_process(conn *c, const char *data, size_t len)
{
    server *s = c->srv;
    while (len > 0 && !c->closing) {
        if (c->close_after_write || c->lingering) {
            return; /* nothing after a final response is read */
        }
        if (c->paused) {
            stash(c, data, len);
            if (c->reading) {
                uv_read_stop((uv_stream_t *) &c->tcp);
                c->reading = 0;
            }
            return;
        }
        int was_started = c->rp.started;
        size_t used = 0;
        int st = lyger_http_reqparser_feed(&c->rp, data, len, &used);
        data += used;
        len -= used;
        if (!was_started && c->rp.started) {
            lyger_http_conn_timer(c, T_READ, s->cfg->read_timeout);
        }
        if (st == LYGER_HTTP_ERROR) {
            s->requests++;
            lyger_http_send_error(c, c->rp.error_status,
                                  c->rp.error_reason ? c->rp.error_reason : "bad request",
                                  c->rp.parser.http_minor == 0 && c->rp.parser.http_major == 1 ? 0 : 1);
            return;
        }
        if (st == LYGER_HTTP_NEED_MORE) {
            if (c->rp.req.expect_continue == 1 && c->rp.headers_done) {
                c->rp.req.expect_continue = 2; /* sent */
                char *cont = malloc(25);
                if (cont) {
                    memcpy(cont, "HTTP/1.1 100 Continue\r\n\r\n", 25);
                    lyger_http_conn_send(c, cont, 25, 0);
                }
            }
            return;
        }
        lyger_http_handle_request(c);
        lyger_http_reqparser_reset(&c->rp);
        if (!c->closing && !c->close_after_write) {
            lyger_http_conn_timer(c, T_IDLE, s->cfg->keepalive_timeout);
            after_response(c);
        }
    }
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *b)
{
    (void) h;
    (void) suggested;
    *b = uv_buf_init(read_buf, sizeof(read_buf));
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *b)
{
    conn *c = stream->data;
    if (c->closing) {
        return;
    }
    if (nread < 0) {
        /* EOF or error: answers already queued still go out, then close. */
        if (c->writes > 0 && nread == UV_EOF) {
            c->close_after_write = 1;
            uv_read_stop(stream);
            c->reading = 0;
        } else {
            lyger_http_conn_close(c);
        }
        return;
    }
    if (c->lingering) {
        return;
    }
    conn_process(c, b->base, (size_t) nread);
    if (!c->closing && c->close_after_write && c->writes == 0 && !c->streaming) {
        conn_finish(c);
    }
    if (!c->closing && c->srv->stopping && c->writes == 0 && !c->rp.started && !c->streaming && !c->lingering) {
        lyger_http_conn_close(c);
    }
}

void lyger_http_conn_resume(conn *c)
{
    c->paused = 0;
    if (c->pending) {
        char *p = c->pending;
        size_t len = c->pending_len;
        c->pending = NULL;
        c->pending_len = 0;
        conn_process(c, p, len);
        free(p);
        if (c->closing) {
            return;
        }
        if (c->close_after_write && c->writes == 0) {
            lyger_http_conn_close(c);
            return;
        }
    }
    if (!c->paused && !c->reading && !c->close_after_write) {
        if (uv_read_start((uv_stream_t *) &c->tcp, on_alloc, on_read) == 0) {
            c->reading = 1;
        }
    }
    if (c->srv->stopping && c->writes == 0 && !c->rp.started && !c->streaming) {
        lyger_http_conn_close(c);
    }
}

static void free_unaccepted(uv_handle_t *h)
{
    free(h->data);
}

/* An address's text into out; returns its port. */
static int addr_name(const struct sockaddr_storage *ss, char *out, size_t size)
{
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *a = (const struct sockaddr_in *) ss;
        uv_ip4_name(a, out, size);
        return ntohs(a->sin_port);
    }
    if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *) ss;
        uv_ip6_name(a, out, size);
        return ntohs(a->sin6_port);
    }
    return 0;
}

void lyger_http_on_connection(uv_stream_t *listener, int status)
{
    server *s = listener->data;
    if (status < 0 || s->stopping) {
        return;
    }
    conn *c = calloc(1, sizeof(*c));
    if (!c) {
        return;
    }
    c->srv = s;
    c->fd = -1;
    uv_tcp_init(&s->loop, &c->tcp);
    c->tcp.data = c;
    c->handles = 1;
    if (uv_accept(listener, (uv_stream_t *) &c->tcp) != 0) {
        uv_close((uv_handle_t *) &c->tcp, free_unaccepted);
        return;
    }
    uv_timer_init(&s->loop, &c->timer);
    c->timer.data = c;
    c->handles = 2;
    c->next = s->conns;
    if (s->conns) {
        s->conns->prev = c;
    }
    s->conns = c;
    s->nconns++;
    uv_tcp_nodelay(&c->tcp, 1);
    lyger_http_reqparser_init(&c->rp, s->cfg->max_header_size, s->cfg->max_body_size);
    struct sockaddr_storage ss;
    int sl = sizeof(ss);
    if (uv_tcp_getpeername(&c->tcp, (struct sockaddr *) &ss, &sl) == 0) {
        c->rp.req.remote_port = addr_name(&ss, c->rp.req.remote_addr, sizeof(c->rp.req.remote_addr));
    }
    sl = sizeof(ss);
    if (uv_tcp_getsockname(&c->tcp, (struct sockaddr *) &ss, &sl) == 0) {
        c->rp.req.local_port = addr_name(&ss, c->rp.req.local_addr, sizeof(c->rp.req.local_addr));
    }
    lyger_http_conn_timer(c, T_READ, s->cfg->read_timeout);
    if (uv_read_start((uv_stream_t *) &c->tcp, on_alloc, on_read) == 0) {
        c->reading = 1;
    } else {
        lyger_http_conn_close(c);
    }
}
