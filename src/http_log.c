/* The access log: one line per answered request in the combined log format (request data
 * with control characters and quotes escaped), to a file opened at startup, stderr or stdout. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "http_server_impl.h"

#include <errno.h>
#include <time.h>

int lyger_http_open_log(const lyger_http_config *cfg, server *s, char *err, size_t errlen)
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

void lyger_http_close_log(server *s)
{
    if (s->own_log && s->log) {
        fclose(s->log);
    }
    s->log = NULL;
}

void lyger_http_log_access(conn *c, const lyger_http_request *req, int status, size_t bytes)
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

