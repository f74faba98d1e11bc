/* The HTTP/1.1 server. One libuv loop per process; each connection owns a request parser,
 * a timer and its queue of writes. Requests are answered synchronously from the read
 * callback (the handler is PHP, single-threaded), so pipelined responses leave in request
 * order by construction. Workers: the master binds one SO_REUSEPORT listening socket per
 * worker before forking (bind errors surface before anything is served; a replacement
 * worker inherits the dead one's socket and its accept queue) and only supervises. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "http_server.h"
#include "http_static.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#define READ_BUF_SIZE 65536
#define SMALL_FILE_MAX 65536           /* read whole on the loop thread (page cache: microseconds) */
#define FILE_CHUNK 65536               /* bigger files: uv_fs_read in chunks, one in flight */
#define BACKPRESSURE_BYTES (1u << 20)  /* stop reading while this much is unsent */
#define STOP_GRACE_MS 5000             /* in-flight requests get this long after a stop */
#define LINGER_MS 1000                 /* read and discard after an error response, then close */
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

typedef struct write_req {
    uv_write_t req;
    conn *c;
    char *buf;
    size_t len;
    int file_chunk;
} write_req;

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

static server *current;            /* the server running in this process */
static int worker_exit_code;       /* set in a forked worker when it is done */
static int stats_workers = 1;
static char read_buf[READ_BUF_SIZE];
static time_t date_second;
static char date_str[LYGER_HTTP_DATE_LEN + 1];
static time_t rss_second;
static long rss_bytes;

static void conn_close(conn *c);
static void conn_process(conn *c, const char *data, size_t len);
static void conn_resume(conn *c);
static void server_begin_stop(server *s, int reason);
static void stream_next(conn *c);
static void conn_finish(conn *c);

/* ---- small helpers ---------------------------------------------------------------- */

static const char *cached_date(void)
{
    time_t now = time(NULL);
    if (now != date_second) {
        date_second = now;
        lyger_http_format_date(now, date_str);
    }
    return date_str;
}

static long current_rss(void)
{
    time_t now = time(NULL);
    if (now == rss_second && rss_bytes) {
        return rss_bytes;
    }
    rss_second = now;
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, resident = 0;
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &resident) != 2) {
            resident = 0;
        }
        fclose(f);
    }
    rss_bytes = resident * sysconf(_SC_PAGESIZE);
    return rss_bytes;
}

typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

static int buf_reserve(buf *b, size_t extra)
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

static int buf_add(buf *b, const char *s, size_t len)
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

static int buf_adds(buf *b, const char *s)
{
    return buf_add(b, s, strlen(s));
}

static int buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int buf_printf(buf *b, const char *fmt, ...)
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

/* ---- responses -------------------------------------------------------------------- */

const char *lyger_http_status_reason(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

void lyger_http_response_init(lyger_http_response *res)
{
    memset(res, 0, sizeof(*res));
    res->status = 200;
}

void lyger_http_response_free(lyger_http_response *res)
{
    free(res->headers);
    free(res->body);
    memset(res, 0, sizeof(*res));
}

static int name_eq(const char *a, size_t alen, const char *b)
{
    return alen == strlen(b) && strncasecmp(a, b, alen) == 0;
}

static int valid_token(const char *s, size_t len)
{
    if (len == 0) {
        return 0;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char) s[i];
        if (ch <= 32 || ch >= 127 || ch == ':') {
            return 0;
        }
    }
    return 1;
}

int lyger_http_response_add_header(lyger_http_response *res, const char *name, size_t name_len,
                                   const char *value, size_t value_len)
{
    if (!valid_token(name, name_len) || memchr(value, '\r', value_len) || memchr(value, '\n', value_len) ||
        memchr(value, '\0', value_len)) {
        return -1;
    }
    if (name_eq(name, name_len, "content-length") || name_eq(name, name_len, "transfer-encoding") ||
        name_eq(name, name_len, "date")) {
        return 0;
    }
    if (name_eq(name, name_len, "connection")) {
        if (value_len == 5 && strncasecmp(value, "close", 5) == 0) {
            res->close = 1;
        }
        return 0;
    }
    if (name_eq(name, name_len, "content-type")) {
        res->has_content_type = 1;
    }
    if (lyger_http_grow(&res->headers, &res->headers_cap, res->headers_len + name_len + value_len + 4)) {
        return -1;
    }
    char *p = res->headers + res->headers_len;
    memcpy(p, name, name_len);
    p += name_len;
    *p++ = ':';
    *p++ = ' ';
    memcpy(p, value, value_len);
    p += value_len;
    *p++ = '\r';
    *p++ = '\n';
    res->headers_len = (size_t) (p - res->headers);
    return 0;
}

int lyger_http_response_append_body(lyger_http_response *res, const char *data, size_t len)
{
    if (len == 0) {
        return 0;
    }
    if (lyger_http_grow(&res->body, &res->body_cap, res->body_len + len)) {
        return -1;
    }
    memcpy(res->body + res->body_len, data, len);
    res->body_len += len;
    return 0;
}

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
        conn_close(c);
        return;
    }
    if (file_chunk && c->streaming) {
        stream_next(c);
        return;
    }
    if (c->writes == 0) {
        if (c->close_after_write) {
            conn_finish(c);
            return;
        }
        if (c->paused && !c->streaming) {
            conn_resume(c);
        }
    }
}

/* Drops a buffer conn_send could not queue: a file chunk goes back to the connection
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
static void conn_send(conn *c, char *data, size_t len, int file_chunk)
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
            conn_close(c);
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
        conn_close(c);
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
        conn_close(c);
    }
}

static void build_head(buf *b, int status, int minor, int keep_alive, const char *extra, size_t extra_len,
                       const char *content_type, int with_length, size_t length)
{
    buf_printf(b, "HTTP/1.%d %d %s\r\nServer: Lyger\r\nDate: %s\r\n", minor, status,
               lyger_http_status_reason(status), cached_date());
    if (content_type) {
        buf_adds(b, "Content-Type: ");
        buf_adds(b, content_type);
        buf_adds(b, "\r\n");
    }
    if (extra_len) {
        buf_add(b, extra, extra_len);
    }
    if (with_length) {
        buf_printf(b, "Content-Length: %zu\r\n", length);
    }
    if (!keep_alive) {
        buf_adds(b, "Connection: close\r\n\r\n");
    } else if (minor == 0) {
        buf_adds(b, "Connection: keep-alive\r\n\r\n");
    } else {
        buf_adds(b, "\r\n");
    }
}

static void log_access(conn *c, const lyger_http_request *req, int status, size_t bytes)
{
    FILE *f = c->srv->log;
    if (!f) {
        return;
    }
    char when[64];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof(when), "%d/%b/%Y:%H:%M:%S +0000", &tm);
    size_t ua_len = 0, ref_len = 0;
    const char *ua = req && req->method ? lyger_http_request_header(req, "user-agent", 10, &ua_len) : NULL;
    const char *ref = req && req->method ? lyger_http_request_header(req, "referer", 7, &ref_len) : NULL;
    /* Request data is printed with control characters and quotes escaped. */
    fprintf(f, "%s - - [%s] \"", c->rp.req.remote_addr, when);
    if (req && req->method) {
        fprintf(f, "%s ", req->method);
        for (size_t i = 0; i < req->url_len && i < 2048; i++) {
            unsigned char ch = (unsigned char) req->head[req->url_off + i];
            if (ch < 32 || ch >= 127 || ch == '"' || ch == '\\') {
                fprintf(f, "\\x%02x", ch);
            } else {
                fputc(ch, f);
            }
        }
        fprintf(f, " HTTP/%d.%d", req->http_major, req->http_minor);
    } else {
        fputc('-', f);
    }
    fprintf(f, "\" %d %zu \"", status, bytes);
    for (size_t i = 0; ref && i < ref_len && i < 512; i++) {
        unsigned char ch = (unsigned char) ref[i];
        if (ch < 32 || ch >= 127 || ch == '"' || ch == '\\') fprintf(f, "\\x%02x", ch); else fputc(ch, f);
    }
    fputs("\" \"", f);
    for (size_t i = 0; ua && i < ua_len && i < 512; i++) {
        unsigned char ch = (unsigned char) ua[i];
        if (ch < 32 || ch >= 127 || ch == '"' || ch == '\\') fprintf(f, "\\x%02x", ch); else fputc(ch, f);
    }
    fputs("\"\n", f);
    fflush(f);
}

/* An error answered by the server itself: a small JSON body, then the connection closes. */
static void send_error(conn *c, int status, const char *message, int minor)
{
    buf body = {0}, b = {0};
    buf_printf(&body, "{\"error\":\"%s\"}", message);
    build_head(&b, status, minor, 0, NULL, 0, "application/json", 1, body.len);
    buf_add(&b, body.p, body.len);
    free(body.p);
    log_access(c, c->rp.req.method ? &c->rp.req : NULL, status, b.len);
    c->close_after_write = 1;
    if (b.p) {
        conn_send(c, b.p, b.len, 0);
    }
}

/* ---- connection lifecycle --------------------------------------------------------- */

static void conn_free_if_done(conn *c)
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
    conn_free_if_done(c);
}

static void conn_close(conn *c)
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

static void conn_timer(conn *c, enum timer_mode mode, double seconds)
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
        conn_close(c);
        return;
    }
    c->lingering = 1;
    conn_timer(c, T_LINGER, LINGER_MS / 1000.0);
}

/* The final response is written: after an error, linger; otherwise close. */
static void conn_finish(conn *c)
{
    if (c->rp.error_status && !c->lingering) {
        conn_linger(c);
    } else {
        conn_close(c);
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
            send_error(c, 408, "request not received in time", 1);
            if (c->writes == 0) {
                conn_close(c);
            }
        } else if (c->writes == 0 && !c->streaming) {
            conn_close(c);
        } else {
            /* A response is still leaving: the client reads slowly. Give it another period. */
            conn_timer(c, T_READ, c->srv->cfg->read_timeout);
        }
        break;
    default:
        conn_close(c);
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

/* ---- static files ----------------------------------------------------------------- */

static void on_file_read(uv_fs_t *req)
{
    conn *c = req->data;
    ssize_t n = req->result;
    uv_fs_req_cleanup(req);
    c->fs_busy = 0;
    if (c->closing || n <= 0) {
        uv_fs_t cr;
        uv_fs_close(NULL, &cr, c->fd, NULL);
        uv_fs_req_cleanup(&cr);
        c->fd = -1;
        if (c->closing) {
            conn_free_if_done(c);
            return;
        }
        c->streaming = 0;
        conn_close(c); /* the file shrank or failed under us: the length we promised is wrong */
        return;
    }
    c->file_off += n;
    c->file_left -= n;
    char *chunk = c->file_buf;
    c->file_buf = NULL;
    conn_send(c, chunk, (size_t) n, 1);
}

static void stream_next(conn *c)
{
    if (c->file_left <= 0) {
        uv_fs_t cr;
        uv_fs_close(NULL, &cr, c->fd, NULL);
        uv_fs_req_cleanup(&cr);
        c->fd = -1;
        c->streaming = 0;
        if (c->close_after_write) {
            conn_close(c);
            return;
        }
        conn_timer(c, T_IDLE, c->srv->cfg->keepalive_timeout);
        conn_resume(c);
        return;
    }
    if (!c->file_buf && !(c->file_buf = malloc(FILE_CHUNK))) {
        conn_close(c);
        return;
    }
    size_t want = c->file_left < FILE_CHUNK ? (size_t) c->file_left : FILE_CHUNK;
    uv_buf_t b = uv_buf_init(c->file_buf, (unsigned) want);
    c->fs.data = c;
    if (uv_fs_read(&c->srv->loop, &c->fs, c->fd, &b, 1, c->file_off, on_file_read) != 0) {
        conn_close(c);
        return;
    }
    c->fs_busy = 1;
}

static int serve_static(conn *c, const lyger_http_request *req, int keep_alive, int head_only)
{
    server *s = c->srv;
    char path[PATH_MAX];
    struct stat st;
    int r = lyger_http_static_resolve(s->root, s->root_len, req->path, req->path_len, path, sizeof(path), &st);
    if (r < 0) {
        send_error(c, 400, "invalid path", req->http_minor);
        return 1;
    }
    if (r == 0) {
        return 0;
    }
    int minor = req->http_minor;
    char lm[LYGER_HTTP_DATE_LEN + 1];
    lyger_http_format_date(st.st_mtime, lm);
    size_t ims_len;
    const char *ims = lyger_http_request_header(req, "if-modified-since", 17, &ims_len);
    time_t since;
    buf b = {0};
    char extra[128];
    int extra_len = snprintf(extra, sizeof(extra), "Last-Modified: %s\r\n", lm);
    if (ims && lyger_http_parse_date(ims, ims_len, &since) == 0 && st.st_mtime <= since) {
        build_head(&b, 304, minor, keep_alive, extra, (size_t) extra_len, NULL, 0, 0);
        log_access(c, req, 304, b.len);
        conn_send(c, b.p, b.len, 0);
        return 1;
    }
    const char *type = lyger_http_mime_type(path, strlen(path));
    size_t size = (size_t) st.st_size;
    if (head_only || size == 0) {
        build_head(&b, 200, minor, keep_alive, extra, (size_t) extra_len, type, 1, size);
        log_access(c, req, 200, b.len);
        conn_send(c, b.p, b.len, 0);
        return 1;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return 0;
    }
    build_head(&b, 200, minor, keep_alive, extra, (size_t) extra_len, type, 1, size);
    log_access(c, req, 200, b.len + size);
    if (size <= SMALL_FILE_MAX) {
        if (buf_reserve(&b, size) == 0) {
            ssize_t n = pread(fd, b.p + b.len, size, 0);
            if (n == (ssize_t) size) {
                b.len += size;
                close(fd);
                conn_send(c, b.p, b.len, 0);
                return 1;
            }
        }
        close(fd);
        free(b.p);
        send_error(c, 500, "could not read the file", minor);
        return 1;
    }
    conn_send(c, b.p, b.len, 0);
    if (c->closing) {
        close(fd);
        return 1;
    }
    c->fd = fd;
    c->file_off = 0;
    c->file_left = (int64_t) size;
    c->streaming = 1;
    c->paused = 1;
    stream_next(c);
    return 1;
}

/* ---- requests --------------------------------------------------------------------- */

static void serve_health(conn *c, const lyger_http_request *req, int keep_alive, int head_only)
{
    server *s = c->srv;
    buf body = {0}, b = {0};
    double uptime = (double) (uv_now(&s->loop) - s->start_ms) / 1000.0;
    buf_printf(&body,
               "{\"status\":\"ok\",\"uptime_seconds\":%.3f,\"requests\":%llu,\"connections\":%llu,"
               "\"memory_rss_bytes\":%ld,\"pid\":%d,\"worker\":%d,\"workers\":%d}",
               uptime, (unsigned long long) s->requests, (unsigned long long) s->nconns, current_rss(),
               (int) getpid(), s->worker_index, stats_workers);
    build_head(&b, 200, req->http_minor, keep_alive, "Cache-Control: no-store\r\n", 25, "application/json", 1,
               body.len);
    if (!head_only) {
        buf_add(&b, body.p, body.len);
    }
    free(body.p);
    log_access(c, req, 200, b.len);
    conn_send(c, b.p, b.len, 0);
}

static void serve_app(conn *c, const lyger_http_request *req, int keep_alive, int head_only)
{
    server *s = c->srv;
    lyger_http_response res;
    lyger_http_response_init(&res);
    c->in_dispatch = 1;
    int action = s->cfg->handler(s->cfg->ud, req, &res);
    c->in_dispatch = 0;
    if (c->closing) { /* cannot happen from the handler, but never write to a closed handle */
        lyger_http_response_free(&res);
        return;
    }
    if (res.status < 100 || res.status > 999) {
        res.status = 500;
    }
    if (res.close || action != LYGER_HTTP_CONTINUE || s->stopping) {
        keep_alive = 0;
    }
    int no_body = res.status < 200 || res.status == 204 || res.status == 304;
    buf b = {0};
    build_head(&b, res.status, req->http_minor, keep_alive, res.headers, res.headers_len,
               res.has_content_type || no_body || (res.body_len == 0 && res.status != 200)
                   ? NULL
                   : "text/html; charset=utf-8",
               !no_body, res.body_len);
    if (!head_only && !no_body) {
        buf_add(&b, res.body, res.body_len);
    }
    log_access(c, req, res.status, b.len);
    lyger_http_response_free(&res);
    if (!keep_alive) {
        c->close_after_write = 1;
    }
    if (b.p) {
        conn_send(c, b.p, b.len, 0);
    } else {
        conn_close(c);
    }
    if (action == LYGER_HTTP_FATAL) {
        s->fatal = 1;
        server_begin_stop(s, 255);
    } else if (action == LYGER_HTTP_STOP) {
        server_begin_stop(s, EXIT_STOP_ALL);
    }
}

static void handle_request(conn *c)
{
    server *s = c->srv;
    const lyger_http_request *req = &c->rp.req;
    s->requests++;
    int keep_alive = req->keep_alive && !req->upgrade && !s->stopping;
    if (s->cfg->max_requests > 0 && s->requests >= (uint64_t) s->cfg->max_requests) {
        keep_alive = 0;
    }
    if (!keep_alive) {
        c->close_after_write = 1;
    }
    int head_only = req->method_id == HTTP_HEAD;
    int get_like = req->method_id == HTTP_GET || head_only;
    if (get_like && req->path_len == 7 && memcmp(req->path, "/health", 7) == 0) {
        serve_health(c, req, keep_alive, head_only);
    } else if (!(s->root_len && get_like && serve_static(c, req, keep_alive, head_only))) {
        serve_app(c, req, keep_alive, head_only);
    }
    if (s->cfg->max_requests > 0 && s->requests >= (uint64_t) s->cfg->max_requests && !s->stopping) {
        server_begin_stop(s, EXIT_RECYCLE);
    }
}

static void stash(conn *c, const char *data, size_t len)
{
    if (len == 0) {
        return;
    }
    char *p = malloc(len);
    if (!p) {
        conn_close(c);
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
            conn_timer(c, T_READ, s->cfg->read_timeout);
        }
        if (st == LYGER_HTTP_ERROR) {
            s->requests++;
            send_error(c, c->rp.error_status, c->rp.error_reason ? c->rp.error_reason : "bad request",
                       c->rp.parser.http_minor == 0 && c->rp.parser.http_major == 1 ? 0 : 1);
            return;
        }
        if (st == LYGER_HTTP_NEED_MORE) {
            if (c->rp.req.expect_continue == 1 && c->rp.headers_done) {
                c->rp.req.expect_continue = 2; /* sent */
                char *cont = malloc(25);
                if (cont) {
                    memcpy(cont, "HTTP/1.1 100 Continue\r\n\r\n", 25);
                    conn_send(c, cont, 25, 0);
                }
            }
            return;
        }
        handle_request(c);
        lyger_http_reqparser_reset(&c->rp);
        if (!c->closing && !c->close_after_write) {
            conn_timer(c, T_IDLE, s->cfg->keepalive_timeout);
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
            conn_close(c);
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
        conn_close(c);
    }
}

static void conn_resume(conn *c)
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
            conn_close(c);
            return;
        }
    }
    if (!c->paused && !c->reading && !c->close_after_write) {
        if (uv_read_start((uv_stream_t *) &c->tcp, on_alloc, on_read) == 0) {
            c->reading = 1;
        }
    }
    if (c->srv->stopping && c->writes == 0 && !c->rp.started && !c->streaming) {
        conn_close(c);
    }
}

static void free_unaccepted(uv_handle_t *h)
{
    free(h->data);
}

static void on_connection(uv_stream_t *listener, int status)
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
        if (ss.ss_family == AF_INET) {
            struct sockaddr_in *a = (struct sockaddr_in *) &ss;
            uv_ip4_name(a, c->rp.req.remote_addr, sizeof(c->rp.req.remote_addr));
            c->rp.req.remote_port = ntohs(a->sin_port);
        } else if (ss.ss_family == AF_INET6) {
            struct sockaddr_in6 *a = (struct sockaddr_in6 *) &ss;
            uv_ip6_name(a, c->rp.req.remote_addr, sizeof(c->rp.req.remote_addr));
            c->rp.req.remote_port = ntohs(a->sin6_port);
        }
    }
    conn_timer(c, T_READ, s->cfg->read_timeout);
    if (uv_read_start((uv_stream_t *) &c->tcp, on_alloc, on_read) == 0) {
        c->reading = 1;
    } else {
        conn_close(c);
    }
}

/* ---- stopping --------------------------------------------------------------------- */

static void on_grace(uv_timer_t *t)
{
    server *s = t->data;
    for (conn *c = s->conns; c; c = c->next) {
        conn_close(c);
    }
    if (s->grace_open) {
        s->grace_open = 0;
        uv_close((uv_handle_t *) &s->grace, NULL);
    }
}

static void server_begin_stop(server *s, int reason)
{
    if (s->stopping) {
        return;
    }
    s->stopping = 1;
    s->stop_reason = reason;
    if (s->listener_open) {
        s->listener_open = 0;
        uv_close((uv_handle_t *) &s->listener, NULL);
    }
    if (s->signals_open) {
        s->signals_open = 0;
        uv_close((uv_handle_t *) &s->sigint, NULL);
        uv_close((uv_handle_t *) &s->sigterm, NULL);
    }
    /* Idle connections close now; one with a request in flight finishes it (with
     * Connection: close) or is cut after STOP_GRACE_MS. */
    for (conn *c = s->conns; c; c = c->next) {
        if (c->in_dispatch) {
            continue;
        }
        if (c->writes == 0 && !c->rp.started && !c->streaming) {
            conn_close(c);
        } else {
            c->close_after_write = c->close_after_write || !c->rp.started;
        }
    }
    if (s->nconns > 0) {
        uv_timer_init(&s->loop, &s->grace);
        s->grace.data = s;
        s->grace_open = 1;
        uv_timer_start(&s->grace, on_grace, STOP_GRACE_MS, 0);
    }
}

static void on_signal(uv_signal_t *h, int signum)
{
    (void) signum;
    server_begin_stop(h->data, 0);
}

int lyger_http_server_worker_exit_code(void)
{
    return worker_exit_code;
}

int lyger_http_server_stop(void)
{
    if (!current) {
        return 0;
    }
    server_begin_stop(current, EXIT_STOP_ALL);
    return 1;
}

int lyger_http_server_running(void)
{
    return current != NULL;
}

void lyger_http_server_stats(lyger_http_stats *out)
{
    memset(out, 0, sizeof(*out));
    out->worker_index = -1;
    if (!current) {
        return;
    }
    out->running = 1;
    out->requests = current->requests;
    out->connections = current->nconns;
    out->uptime_seconds = (double) (uv_now(&current->loop) - current->start_ms) / 1000.0;
    out->workers = stats_workers;
    out->worker_index = current->worker_index;
    out->port = current->port;
    snprintf(out->host, sizeof(out->host), "%s", current->cfg->host);
}

/* ---- sockets ---------------------------------------------------------------------- */

static void raise_nofile(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max && rl.rlim_cur < 65536) {
        rl.rlim_cur = rl.rlim_max > 65536 ? 65536 : rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

static int resolve_host(const char *host, int port, struct sockaddr_storage *ss, socklen_t *sl, char *err,
                        size_t errlen)
{
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    char portstr[16];
    snprintf(portstr, sizeof(portstr), "%d", port);
    const char *h = host;
    char tmp[256];
    size_t hl = strlen(host);
    if (hl > 2 && host[0] == '[' && host[hl - 1] == ']' && hl - 2 < sizeof(tmp)) {
        memcpy(tmp, host + 1, hl - 2);
        tmp[hl - 2] = '\0';
        h = tmp;
    }
    int rc = getaddrinfo(h, portstr, &hints, &res);
    if (rc != 0 || !res) {
        snprintf(err, errlen, "cannot resolve host '%s': %s", host, rc ? gai_strerror(rc) : "no address");
        if (res) {
            freeaddrinfo(res);
        }
        return -1;
    }
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    *sl = res->ai_addrlen;
    freeaddrinfo(res);
    return 0;
}

static void set_port(struct sockaddr_storage *ss, int port)
{
    if (ss->ss_family == AF_INET) {
        ((struct sockaddr_in *) ss)->sin_port = htons((uint16_t) port);
    } else {
        ((struct sockaddr_in6 *) ss)->sin6_port = htons((uint16_t) port);
    }
}

static int bound_port(int fd)
{
    struct sockaddr_storage ss;
    socklen_t sl = sizeof(ss);
    if (getsockname(fd, (struct sockaddr *) &ss, &sl) != 0) {
        return -1;
    }
    return ss.ss_family == AF_INET ? ntohs(((struct sockaddr_in *) &ss)->sin_port)
                                   : ntohs(((struct sockaddr_in6 *) &ss)->sin6_port);
}

static int make_socket(const struct sockaddr_storage *ss, socklen_t sl, int reuseport, int do_listen,
                       const char *host, int port, char *err, size_t errlen)
{
    int fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        snprintf(err, errlen, "cannot create a socket: %s", strerror(errno));
        return -1;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (reuseport && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) != 0) {
        snprintf(err, errlen, "SO_REUSEPORT is not available: %s", strerror(errno));
        close(fd);
        return -1;
    }
    if (bind(fd, (const struct sockaddr *) ss, sl) != 0) {
        int e = errno;
        if (e == EADDRINUSE) {
            snprintf(err, errlen, "cannot listen on %s:%d: the address is already in use", host, port);
        } else {
            snprintf(err, errlen, "cannot listen on %s:%d: %s", host, port, strerror(e));
        }
        close(fd);
        return -1;
    }
    if (do_listen && listen(fd, 4096) != 0) {
        snprintf(err, errlen, "cannot listen on %s:%d: %s", host, port, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

/* ---- serving one process ------------------------------------------------------------ */

static int serve(server *s, int fd)
{
    struct sigaction old_int, old_term, old_pipe, ign;
    sigaction(SIGINT, NULL, &old_int);
    sigaction(SIGTERM, NULL, &old_term);
    memset(&ign, 0, sizeof(ign));
    ign.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ign, &old_pipe);

    uv_loop_init(&s->loop);
    s->start_ms = uv_now(&s->loop);
    uv_tcp_init(&s->loop, &s->listener);
    s->listener.data = s;
    int rc = uv_tcp_open(&s->listener, fd);
    if (rc == 0) {
        rc = uv_listen((uv_stream_t *) &s->listener, 4096, on_connection);
    }
    s->listener_open = 1;
    uv_signal_init(&s->loop, &s->sigint);
    uv_signal_init(&s->loop, &s->sigterm);
    s->sigint.data = s->sigterm.data = s;
    uv_signal_start(&s->sigint, on_signal, SIGINT);
    uv_signal_start(&s->sigterm, on_signal, SIGTERM);
    s->signals_open = 1;
    current = s;
    if (rc != 0) {
        server_begin_stop(s, 1);
    }
    uv_run(&s->loop, UV_RUN_DEFAULT);
    current = NULL;
    if (uv_loop_close(&s->loop) == UV_EBUSY) {
        uv_run(&s->loop, UV_RUN_DEFAULT);
        uv_loop_close(&s->loop);
    }
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGPIPE, &old_pipe, NULL);
    return rc;
}

static void banner(const lyger_http_config *cfg, int port, int workers)
{
    if (cfg->quiet) {
        return;
    }
    int v6 = strchr(cfg->host, ':') != NULL && cfg->host[0] != '[';
    const char *shown = cfg->host;
    if (strcmp(shown, "0.0.0.0") == 0) {
        shown = "127.0.0.1";
    }
    fprintf(stderr,
            "Lyger server (libuv) listening on http://%s%s%s:%d/ (workers: %d, pid %d)\n"
            "  %s; Ctrl-C or SIGTERM stops it.\n",
            v6 ? "[" : "", shown, v6 ? "]" : "", port, workers, (int) getpid(),
            strcmp(cfg->host, "0.0.0.0") == 0 || strcmp(cfg->host, "::") == 0
                ? "listening on all interfaces"
                : "to listen on all interfaces pass ['host' => '0.0.0.0']");
    fflush(stderr);
}

static int open_log(const lyger_http_config *cfg, server *s, char *err, size_t errlen)
{
    if (!cfg->access_log) {
        return 0;
    }
    if (strcmp(cfg->access_log, "-") == 0 || strcmp(cfg->access_log, "php://stderr") == 0) {
        s->log = stderr;
        return 0;
    }
    if (strcmp(cfg->access_log, "php://stdout") == 0) {
        s->log = stdout;
        return 0;
    }
    s->log = fopen(cfg->access_log, "ae");
    if (!s->log) {
        snprintf(err, errlen, "cannot open access_log '%s': %s", cfg->access_log, strerror(errno));
        return -1;
    }
    s->own_log = 1;
    return 0;
}

static void close_log(server *s)
{
    if (s->own_log && s->log) {
        fclose(s->log);
    }
    s->log = NULL;
}

/* ---- master ------------------------------------------------------------------------- */

/* In a forked worker: serves, then returns the exit status the master expects. */
static int worker_main(server *proto, int fd, int index, const sigset_t *oldmask)
{
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    server *s = calloc(1, sizeof(*s));
    if (!s) {
        return 1;
    }
    memcpy(s, proto, sizeof(*s));
    s->worker_index = index;
    s->conns = NULL;
    s->nconns = 0;
    signal(SIGCHLD, SIG_DFL);
    sigprocmask(SIG_SETMASK, oldmask, NULL);
    serve(s, fd);
    if (s->log) {
        fflush(s->log);
    }
    int code = s->fatal ? 255 : s->stop_reason;
    free(s);
    return code;
}

/* The master's view of its workers (one slot per listening socket). */
typedef struct {
    server *proto;
    int *fds;
    int n;
    pid_t *pids;
    uint64_t *born; /* ms, for telling a crash loop from a worker that ran */
    sigset_t oldmask;
} master;

static void master_signal_all(master *m, int sig)
{
    for (int i = 0; i < m->n; i++) {
        if (m->pids[i] > 0) kill(m->pids[i], sig);
    }
}

/* Forks worker i. In the child: keeps only its own socket, runs the worker and
 * returns 1 (worker_exit_code holds its status). In the master: returns 0, and the
 * slot holds the pid (0 when fork failed). */
static int master_spawn(master *m, int i, uint64_t now)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = m->fds[i];
        for (int k = 0; k < m->n; k++) {
            if (k != i) close(m->fds[k]);
            m->fds[k] = -1;
        }
        free(m->pids);
        free(m->born);
        m->pids = NULL;
        m->born = NULL;
        worker_exit_code = worker_main(m->proto, fd, i, &m->oldmask);
        return 1;
    }
    m->pids[i] = pid > 0 ? pid : 0;
    m->born[i] = now;
    return 0;
}

static int run_master(server *proto, int *fds, int n)
{
    master mm = {.proto = proto, .fds = fds, .n = n};
    master *m = &mm;
    m->pids = calloc((size_t) n, sizeof(pid_t));
    m->born = calloc((size_t) n, sizeof(uint64_t));
    if (!m->pids || !m->born) {
        free(m->pids);
        free(m->born);
        return -1;
    }
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigprocmask(SIG_BLOCK, &set, &m->oldmask);
    int stopping = 0, alive = 0, quick_deaths = 0;
    uint64_t deadline = 0;
    for (int i = 0; i < n; i++) {
        if (master_spawn(m, i, uv_hrtime() / 1000000)) {
            return 1;
        }
        alive += m->pids[i] > 0;
    }
    while (alive > 0) {
        siginfo_t info;
        struct timespec ts = {0, 200 * 1000000};
        int sig = sigtimedwait(&set, &info, &ts);
        uint64_t now = uv_hrtime() / 1000000;
        if ((sig == SIGINT || sig == SIGTERM) && !stopping) {
            stopping = 1;
            deadline = now + STOP_GRACE_MS + 2000;
            master_signal_all(m, SIGTERM);
        }
        for (int i = 0; i < n; i++) {
            int st;
            if (m->pids[i] <= 0 || waitpid(m->pids[i], &st, WNOHANG) != m->pids[i]) {
                continue;
            }
            pid_t dead = m->pids[i];
            m->pids[i] = 0;
            alive--;
            int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
            if (code == EXIT_STOP_ALL && !stopping) {
                stopping = 1;
                deadline = now + STOP_GRACE_MS + 2000;
                master_signal_all(m, SIGTERM);
            }
            if (stopping) {
                continue;
            }
            if (code != EXIT_RECYCLE) {
                fprintf(stderr, "Lyger server: worker %d (pid %d) %s %d; starting a new one\n", i,
                        (int) dead, WIFEXITED(st) ? "exited with status" : "was killed by signal",
                        WIFEXITED(st) ? code : WTERMSIG(st));
                if (now - m->born[i] < 1000 && ++quick_deaths > 20) {
                    fprintf(stderr, "Lyger server: workers keep dying at start; stopping\n");
                    stopping = 1;
                    deadline = now + STOP_GRACE_MS + 2000;
                    master_signal_all(m, SIGTERM);
                    continue;
                }
                if (now - m->born[i] < 1000) {
                    usleep(100000);
                }
            }
            if (master_spawn(m, i, now)) {
                return 1;
            }
            alive += m->pids[i] > 0;
        }
        if (stopping && now > deadline) {
            master_signal_all(m, SIGKILL);
            deadline = now + 100000;
        }
    }
    /* Drain signals that arrived while stopping, then restore the caller's mask. */
    siginfo_t info;
    struct timespec zero = {0, 0};
    while (sigtimedwait(&set, &info, &zero) > 0) {
    }
    sigprocmask(SIG_SETMASK, &m->oldmask, NULL);
    free(m->pids);
    free(m->born);
    return 0;
}

int lyger_http_server_run(const lyger_http_config *cfg, char *err, size_t errlen)
{
    if (current) {
        snprintf(err, errlen, "a server is already running in this process");
        return -1;
    }
    raise_nofile();
    if (cfg->max_header_size > 80 * 1024) {
        http_parser_set_max_header_size((uint32_t) (cfg->max_header_size + 1024));
    }
    server proto;
    memset(&proto, 0, sizeof(proto));
    proto.cfg = cfg;
    proto.worker_index = -1;
    if (cfg->document_root) {
        if (!realpath(cfg->document_root, proto.root)) {
            snprintf(err, errlen, "document_root '%s' cannot be used: %s", cfg->document_root, strerror(errno));
            return -1;
        }
        struct stat st;
        if (stat(proto.root, &st) != 0 || !S_ISDIR(st.st_mode)) {
            snprintf(err, errlen, "document_root '%s' is not a directory", cfg->document_root);
            return -1;
        }
        proto.root_len = strlen(proto.root);
        if (proto.root_len == 1) {
            proto.root_len = 1; /* "/" itself */
        }
    }
    struct sockaddr_storage ss;
    socklen_t sl;
    if (resolve_host(cfg->host, cfg->port, &ss, &sl, err, errlen)) {
        return -1;
    }
    int multi = cfg->workers > 1 || cfg->max_requests > 0;
    if (!multi) {
        int fd = make_socket(&ss, sl, 0, 1, cfg->host, cfg->port, err, errlen);
        if (fd < 0) {
            return -1;
        }
        proto.port = bound_port(fd);
        if (cfg->on_start && cfg->on_start(cfg->ud, cfg->host, proto.port) != 0) {
            close(fd);
            return -2;
        }
        if (open_log(cfg, &proto, err, errlen)) {
            close(fd);
            return -1;
        }
        stats_workers = 1;
        banner(cfg, proto.port, 1);
        server *s = malloc(sizeof(*s));
        if (!s) {
            close(fd);
            close_log(&proto);
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        memcpy(s, &proto, sizeof(*s));
        serve(s, fd);
        close_log(s);
        free(s);
        return 0;
    }
    /* Probe without SO_REUSEPORT: a port held by anyone (even another SO_REUSEPORT group
     * of this user) is reported as in use instead of being silently shared. */
    int probe = make_socket(&ss, sl, 0, 0, cfg->host, cfg->port, err, errlen);
    if (probe < 0) {
        return -1;
    }
    int port = bound_port(probe);
    close(probe);
    set_port(&ss, port);
    int n = cfg->workers;
    int *fds = calloc((size_t) n, sizeof(int));
    if (!fds) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (int i = 0; i < n; i++) {
        fds[i] = make_socket(&ss, sl, 1, 1, cfg->host, port, err, errlen);
        if (fds[i] < 0) {
            for (int k = 0; k < i; k++) close(fds[k]);
            free(fds);
            return -1;
        }
    }
    proto.port = port;
    int rc = 0;
    if (cfg->on_start && cfg->on_start(cfg->ud, cfg->host, port) != 0) {
        rc = -2;
    } else if (open_log(cfg, &proto, err, errlen)) {
        rc = -1;
    } else {
        stats_workers = n;
        banner(cfg, port, n);
        int m = run_master(&proto, fds, n);
        if (m < 0) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
        } else if (m == 1) {
            rc = 1; /* a worker process, done serving */
        }
        close_log(&proto);
    }
    for (int i = 0; i < n; i++) {
        if (fds[i] >= 0) close(fds[i]);
    }
    free(fds);
    return rc;
}
