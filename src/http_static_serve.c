/* Static files under document_root, answered on a connection: 304 on If-Modified-Since, small
 * files read whole on the loop thread, bigger ones streamed with uv_fs_read one chunk at a
 * time (the next read starts when the previous chunk is written). Path resolution, MIME types
 * and dates are in src/http_static.c. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "http_server_impl.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define SMALL_FILE_MAX 65536           /* read whole on the loop thread (page cache: microseconds) */
#define FILE_CHUNK 65536               /* bigger files: uv_fs_read in chunks, one in flight */

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
            lyger_http_conn_free_if_done(c);
            return;
        }
        c->streaming = 0;
        /* the file shrank or failed under us: the length we promised is wrong */
        lyger_http_conn_close(c);
        return;
    }
    c->file_off += n;
    c->file_left -= n;
    char *chunk = c->file_buf;
    c->file_buf = NULL;
    lyger_http_conn_send(c, chunk, (size_t) n, 1);
}

void lyger_http_stream_next(conn *c)
{
    if (c->file_left <= 0) {
        uv_fs_t cr;
        uv_fs_close(NULL, &cr, c->fd, NULL);
        uv_fs_req_cleanup(&cr);
        c->fd = -1;
        c->streaming = 0;
        if (c->close_after_write) {
            lyger_http_conn_close(c);
            return;
        }
        lyger_http_conn_timer(c, T_IDLE, c->srv->cfg->keepalive_timeout);
        lyger_http_conn_resume(c);
        return;
    }
    if (!c->file_buf && !(c->file_buf = malloc(FILE_CHUNK))) {
        lyger_http_conn_close(c);
        return;
    }
    size_t want = c->file_left < FILE_CHUNK ? (size_t) c->file_left : FILE_CHUNK;
    uv_buf_t b = uv_buf_init(c->file_buf, (unsigned) want);
    c->fs.data = c;
    if (uv_fs_read(&c->srv->loop, &c->fs, c->fd, &b, 1, c->file_off, on_file_read) != 0) {
        lyger_http_conn_close(c);
        return;
    }
    c->fs_busy = 1;
}

int lyger_http_serve_static(conn *c, const lyger_http_request *req, int keep_alive, int head_only)
{
    server *s = c->srv;
    char path[PATH_MAX];
    struct stat st;
    int r = lyger_http_static_resolve(s->root, s->root_len, req->path, req->path_len, path, sizeof(path), &st);
    if (r < 0) {
        lyger_http_send_error(c, 400, "invalid path", req->http_minor);
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
        lyger_http_build_head(&b, 304, minor, keep_alive, extra, (size_t) extra_len, NULL, 0, 0);
        lyger_http_log_access(c, req, 304, b.len);
        lyger_http_conn_send(c, b.p, b.len, 0);
        return 1;
    }
    const char *type = lyger_http_mime_type(path, strlen(path));
    size_t size = (size_t) st.st_size;
    if (head_only || size == 0) {
        lyger_http_build_head(&b, 200, minor, keep_alive, extra, (size_t) extra_len, type, 1, size);
        lyger_http_log_access(c, req, 200, b.len);
        lyger_http_conn_send(c, b.p, b.len, 0);
        return 1;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return 0;
    }
    lyger_http_build_head(&b, 200, minor, keep_alive, extra, (size_t) extra_len, type, 1, size);
    lyger_http_log_access(c, req, 200, b.len + size);
    if (size <= SMALL_FILE_MAX) {
        if (buf_reserve(&b, size) == 0) {
            ssize_t n = pread(fd, b.p + b.len, size, 0);
            if (n == (ssize_t) size) {
                b.len += size;
                close(fd);
                lyger_http_conn_send(c, b.p, b.len, 0);
                return 1;
            }
        }
        close(fd);
        free(b.p);
        lyger_http_send_error(c, 500, "could not read the file", minor);
        return 1;
    }
    lyger_http_conn_send(c, b.p, b.len, 0);
    if (c->closing) {
        close(fd);
        return 1;
    }
    c->fd = fd;
    c->file_off = 0;
    c->file_left = (int64_t) size;
    c->streaming = 1;
    c->paused = 1;
    lyger_http_stream_next(c);
    return 1;
}
