/* lyger.cache_redis DSN parsing (see cache_redis_dsn.h). Every field is checked
 * against its buffer before it is copied; nothing here allocates. */
#include "cache_redis_dsn.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int fail(char *err, size_t size, const char *fmt, ...)
{
    if (size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, size, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Percent-decodes [s, s + n) into out (size bytes with the NUL); -1 when malformed
 * or too long. A decoded NUL is refused (AUTH takes it, but nothing else would). */
static int decode(const char *s, size_t n, char *out, size_t size)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char) s[i];
        if (c == '%') {
            if (n - i < 3) return -1;
            int hi = hex_value((unsigned char) s[i + 1]), lo = hex_value((unsigned char) s[i + 2]);
            if (hi < 0 || lo < 0) return -1;
            c = (unsigned char) (hi * 16 + lo);
            if (c == 0) return -1;
            i += 2;
        }
        if (o + 1 >= size) return -1;
        out[o++] = (char) c;
    }
    out[o] = '\0';
    return 0;
}

/* A decimal number in [min, max] taking all of [s, s + n). */
static int number(const char *s, size_t n, long min, long max, long *out)
{
    if (n == 0 || n > 10) return -1;
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    if (v < min || v > max) return -1;
    *out = v;
    return 0;
}

static const char *find(const char *s, const char *end, char c)
{
    return memchr(s, c, (size_t) (end - s));
}

static int parse_credentials(const char *s, const char *end, lyger_redis_dsn *out, char *err, size_t size)
{
    const char *colon = find(s, end, ':');
    if (!colon) {
        return fail(err, size, "credentials must be written [user]:password@ (the colon is missing)");
    }
    if (decode(s, (size_t) (colon - s), out->user, sizeof out->user) < 0) {
        return fail(err, size, "the user is malformed or too long");
    }
    if (decode(colon + 1, (size_t) (end - colon - 1), out->password, sizeof out->password) < 0) {
        return fail(err, size, "the password is malformed or too long (percent-encode '@', '/' and '%%')");
    }
    out->has_password = 1;
    return 0;
}

static int is_host_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
           || c == '_';
}

static int parse_tcp(const char *s, const char *end, lyger_redis_dsn *out, char *err, size_t size)
{
    const char *slash = find(s, end, '/');
    const char *auth_end = end;
    if (slash) auth_end = slash;
    /* the last '@' before the path ends the credentials (a raw '@' in a password
     * would otherwise split it) */
    const char *at = NULL;
    for (const char *p = s; p < auth_end; p++) {
        if (*p == '@') at = p;
    }
    if (at) {
        if (parse_credentials(s, at, out, err, size) < 0) return -1;
        s = at + 1;
    }
    const char *host_end = slash ? slash : end;
    const char *port_at = NULL;
    if (s < host_end && *s == '[') {
        const char *close = find(s, host_end, ']');
        if (!close) return fail(err, size, "the IPv6 host has no closing ']'");
        for (const char *p = s + 1; p < close; p++) {
            if (!(hex_value((unsigned char) *p) >= 0 || *p == ':' || *p == '.')) {
                return fail(err, size, "the IPv6 host holds an invalid character");
            }
        }
        if (close == s + 1) return fail(err, size, "the host is empty");
        if ((size_t) (close - s - 1) >= sizeof out->host) return fail(err, size, "the host is too long");
        memcpy(out->host, s + 1, (size_t) (close - s - 1));
        out->host[close - s - 1] = '\0';
        if (close + 1 < host_end) {
            if (close[1] != ':') return fail(err, size, "unexpected text after the IPv6 host");
            port_at = close + 1;
        }
    } else {
        port_at = find(s, host_end, ':');
        const char *name_end = port_at ? port_at : host_end;
        if (name_end == s) return fail(err, size, "the host is empty");
        if ((size_t) (name_end - s) >= sizeof out->host) return fail(err, size, "the host is too long");
        for (const char *p = s; p < name_end; p++) {
            if (!is_host_char((unsigned char) *p)) return fail(err, size, "the host holds an invalid character");
        }
        memcpy(out->host, s, (size_t) (name_end - s));
        out->host[name_end - s] = '\0';
    }
    long v;
    if (port_at) {
        if (number(port_at + 1, (size_t) (host_end - port_at - 1), 1, 65535, &v) < 0) {
            return fail(err, size, "the port must be a number from 1 to 65535");
        }
        out->port = (int) v;
    }
    if (slash && slash + 1 < end) {
        if (number(slash + 1, (size_t) (end - slash - 1), 0, INT_MAX, &v) < 0) {
            return fail(err, size, "the database must be a number from 0 to %d", INT_MAX);
        }
        out->db = (int) v;
    }
    return 0;
}

/* unix:/path[?db=N[&password=P]] */
static int parse_unix(const char *s, const char *end, lyger_redis_dsn *out, char *err, size_t size)
{
    const char *q = find(s, end, '?');
    const char *path_end = q ? q : end;
    if (path_end == s || *s != '/') return fail(err, size, "the socket path must be absolute");
    if ((size_t) (path_end - s) >= sizeof out->path) {
        return fail(err, size, "the socket path is too long (at most %zu bytes)", sizeof out->path - 1);
    }
    memcpy(out->path, s, (size_t) (path_end - s));
    out->path[path_end - s] = '\0';
    out->is_unix = 1;
    const char *p = q ? q + 1 : end;
    while (p < end) {
        const char *amp = find(p, end, '&');
        const char *part_end = amp ? amp : end;
        const char *eq = find(p, part_end, '=');
        if (!eq) return fail(err, size, "a query parameter has no '='");
        size_t name_len = (size_t) (eq - p);
        long v;
        if (name_len == 2 && memcmp(p, "db", 2) == 0) {
            if (number(eq + 1, (size_t) (part_end - eq - 1), 0, INT_MAX, &v) < 0) {
                return fail(err, size, "the database must be a number from 0 to %d", INT_MAX);
            }
            out->db = (int) v;
        } else if (name_len == 8 && memcmp(p, "password", 8) == 0) {
            if (decode(eq + 1, (size_t) (part_end - eq - 1), out->password, sizeof out->password) < 0) {
                return fail(err, size, "the password is malformed or too long");
            }
            out->has_password = 1;
        } else if (name_len == 4 && memcmp(p, "user", 4) == 0) {
            if (decode(eq + 1, (size_t) (part_end - eq - 1), out->user, sizeof out->user) < 0) {
                return fail(err, size, "the user is malformed or too long");
            }
        } else {
            return fail(err, size, "unknown query parameter (db, user and password are known)");
        }
        p = amp ? amp + 1 : end;
    }
    if (out->user[0] && !out->has_password) return fail(err, size, "a user needs a password");
    return 0;
}

int lyger_redis_dsn_parse(const char *s, size_t len, lyger_redis_dsn *out, char *err, size_t err_size)
{
    memset(out, 0, sizeof *out);
    out->port = 6379;
    if (err_size) err[0] = '\0';
    if (len == 0) return fail(err, err_size, "the DSN is empty");
    if (memchr(s, '\0', len)) return fail(err, err_size, "the DSN holds a NUL byte");
    const char *end = s + len;
    int rc;
    if (len >= 8 && memcmp(s, "redis://", 8) == 0) {
        rc = parse_tcp(s + 8, end, out, err, err_size);
    } else if (len >= 7 && memcmp(s, "unix://", 7) == 0) {
        rc = parse_unix(s + 7, end, out, err, err_size);
    } else if (len >= 5 && memcmp(s, "unix:", 5) == 0) {
        rc = parse_unix(s + 5, end, out, err, err_size);
    } else {
        rc = fail(err, err_size, "the DSN must start with redis:// or unix:");
    }
    if (rc < 0) lyger_redis_dsn_wipe(out);
    return rc;
}

void lyger_redis_dsn_describe(const lyger_redis_dsn *dsn, char *buf, size_t size)
{
    if (dsn->is_unix) {
        snprintf(buf, size, "%s", dsn->path);
    } else if (strchr(dsn->host, ':')) {
        snprintf(buf, size, "[%s]:%d", dsn->host, dsn->port);
    } else {
        snprintf(buf, size, "%s:%d", dsn->host, dsn->port);
    }
}

void lyger_redis_dsn_wipe(lyger_redis_dsn *dsn)
{
    volatile char *p = (volatile char *) dsn->password;
    for (size_t i = 0; i < sizeof dsn->password; i++) p[i] = 0;
    p = (volatile char *) dsn->user;
    for (size_t i = 0; i < sizeof dsn->user; i++) p[i] = 0;
    dsn->has_password = 0;
}
