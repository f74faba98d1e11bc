/* The HTTP/1.1 server. One libuv loop per process (or one per worker process, supervised by
 * a master: src/http_workers.c). This file: starting (document root, sockets, one process
 * or the master), running one process's loop, the route of a parsed request (/health, a
 * static file, the application's handler), stopping gracefully, and the figures. The
 * connections themselves are in src/http_conn.c. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "http_server_impl.h"

#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static server *current;            /* the server running in this process */
static int stats_workers = 1;
static time_t rss_second;
static long rss_bytes;

static void server_begin_stop(server *s, int reason);

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
    lyger_http_build_head(&b, 200, req->http_minor, keep_alive, "Cache-Control: no-store\r\n", 25,
                          "application/json", 1, body.len);
    if (!head_only) {
        buf_add(&b, body.p, body.len);
    }
    free(body.p);
    lyger_http_log_access(c, req, 200, b.len);
    lyger_http_conn_send(c, b.p, b.len, 0);
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
    lyger_http_build_head(&b, res.status, req->http_minor, keep_alive, res.headers, res.headers_len,
                          res.has_content_type || no_body || (res.body_len == 0 && res.status != 200)
                              ? NULL
                              : "text/html; charset=utf-8",
                          !no_body, res.body_len);
    if (!head_only && !no_body) {
        buf_add(&b, res.body, res.body_len);
    }
    lyger_http_log_access(c, req, res.status, b.len);
    lyger_http_response_free(&res);
    if (!keep_alive) {
        c->close_after_write = 1;
    }
    if (b.p) {
        lyger_http_conn_send(c, b.p, b.len, 0);
    } else {
        lyger_http_conn_close(c);
    }
    if (action == LYGER_HTTP_FATAL) {
        s->fatal = 1;
        server_begin_stop(s, 255);
    } else if (action == LYGER_HTTP_STOP) {
        server_begin_stop(s, EXIT_STOP_ALL);
    }
}

void lyger_http_handle_request(conn *c)
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
    } else if (!(s->root_len && get_like && lyger_http_serve_static(c, req, keep_alive, head_only))) {
        serve_app(c, req, keep_alive, head_only);
    }
    if (s->cfg->max_requests > 0 && s->requests >= (uint64_t) s->cfg->max_requests && !s->stopping) {
        server_begin_stop(s, EXIT_RECYCLE);
    }
}

/* ---- stopping --------------------------------------------------------------------- */

static void on_grace(uv_timer_t *t)
{
    server *s = t->data;
    for (conn *c = s->conns; c; c = c->next) {
        lyger_http_conn_close(c);
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
            lyger_http_conn_close(c);
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

/* ---- serving one process ------------------------------------------------------------ */

int lyger_http_serve(server *s, int fd)
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
        rc = uv_listen((uv_stream_t *) &s->listener, 4096, lyger_http_on_connection);
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

int lyger_http_server_run(const lyger_http_config *cfg, char *err, size_t errlen)
{
    if (current) {
        snprintf(err, errlen, "a server is already running in this process");
        return -1;
    }
    lyger_http_raise_nofile();
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
    if (lyger_http_resolve_host(cfg->host, cfg->port, &ss, &sl, err, errlen)) {
        return -1;
    }
    int multi = cfg->workers > 1 || cfg->max_requests > 0;
    if (!multi) {
        int fd = lyger_http_make_socket(&ss, sl, 0, 1, cfg->host, cfg->port, err, errlen);
        if (fd < 0) {
            return -1;
        }
        proto.port = lyger_http_bound_port(fd);
        if (cfg->on_start && cfg->on_start(cfg->ud, cfg->host, proto.port) != 0) {
            close(fd);
            return -2;
        }
        if (lyger_http_open_log(cfg, &proto, err, errlen)) {
            close(fd);
            return -1;
        }
        stats_workers = 1;
        banner(cfg, proto.port, 1);
        server *s = malloc(sizeof(*s));
        if (!s) {
            close(fd);
            lyger_http_close_log(&proto);
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        memcpy(s, &proto, sizeof(*s));
        lyger_http_serve(s, fd);
        lyger_http_close_log(s);
        free(s);
        return 0;
    }
    /* Probe without SO_REUSEPORT: a port held by anyone (even another SO_REUSEPORT group
     * of this user) is reported as in use instead of being silently shared. */
    int probe = lyger_http_make_socket(&ss, sl, 0, 0, cfg->host, cfg->port, err, errlen);
    if (probe < 0) {
        return -1;
    }
    int port = lyger_http_bound_port(probe);
    close(probe);
    lyger_http_set_port(&ss, port);
    int n = cfg->workers;
    int *fds = calloc((size_t) n, sizeof(int));
    if (!fds) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (int i = 0; i < n; i++) {
        fds[i] = lyger_http_make_socket(&ss, sl, 1, 1, cfg->host, port, err, errlen);
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
    } else if (lyger_http_open_log(cfg, &proto, err, errlen)) {
        rc = -1;
    } else {
        stats_workers = n;
        banner(cfg, port, n);
        int m = lyger_http_run_master(&proto, fds, n);
        if (m < 0) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
        } else if (m == 1) {
            rc = 1; /* a worker process, done serving */
        }
        lyger_http_close_log(&proto);
    }
    for (int i = 0; i < n; i++) {
        if (fds[i] >= 0) close(fds[i]);
    }
    free(fds);
    return rc;
}
