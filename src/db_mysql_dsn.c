/* mysql:// and mariadb:// DSN parsing (see db_mysql_dsn.h). */
#include "db_mysql_dsn.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* s[0..n) percent-decoded into a new string; NULL on a bad escape, a NUL byte or no memory. */
static char *decode(const char *s, size_t n)
{
    char *out = malloc(n + 1), *o = out;
    if (!out) {
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%') {
            if (i + 2 >= n || hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0) {
                free(out);
                return NULL;
            }
            char c = (char) (hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            if (c == '\0') {
                free(out);
                return NULL;
            }
            *o++ = c;
            i += 2;
        } else {
            *o++ = s[i];
        }
    }
    *o = '\0';
    return out;
}

void lyger_my_dsn_free(lyger_my_dsn *d)
{
    free(d->user);
    free(d->password);
    free(d->host);
    free(d->dbname);
    free(d->charset);
    free(d->socket);
    memset(d, 0, sizeof(*d));
}

static int fail(lyger_my_dsn *d, char *errbuf, size_t errlen, const char *msg)
{
    lyger_my_dsn_free(d);
    snprintf(errbuf, errlen, "%s", msg);
    return 0;
}

int lyger_my_dsn_parse(const char *dsn, size_t len, lyger_my_dsn *d, char *errbuf, size_t errlen)
{
    memset(d, 0, sizeof(*d));
    d->connect_timeout = -1;
    const char *end = dsn + len, *p;
    if (len >= 8 && memcmp(dsn, "mysql://", 8) == 0) {
        p = dsn + 8;
    } else if (len >= 10 && memcmp(dsn, "mariadb://", 10) == 0) {
        p = dsn + 10;
    } else {
        return fail(d, errbuf, errlen, "not a mysql:// or mariadb:// DSN");
    }
    const char *auth_end = p;
    while (auth_end < end && *auth_end != '/' && *auth_end != '?') {
        auth_end++;
    }
    /* user:password@ (the last '@' before the path: a password may hold '@' only escaped, but be lenient) */
    const char *at = NULL;
    for (const char *q = p; q < auth_end; q++) {
        if (*q == '@') {
            at = q;
        }
    }
    if (at) {
        const char *colon = memchr(p, ':', (size_t) (at - p));
        const char *uend = colon ? colon : at;
        if (uend > p && !(d->user = decode(p, (size_t) (uend - p)))) {
            return fail(d, errbuf, errlen, "malformed MySQL DSN: bad percent-escape in the user name");
        }
        if (colon && !(d->password = decode(colon + 1, (size_t) (at - colon - 1)))) {
            return fail(d, errbuf, errlen, "malformed MySQL DSN: bad percent-escape in the password");
        }
        p = at + 1;
    }
    /* host[:port] or [v6][:port] */
    const char *hend = auth_end, *port = NULL;
    if (p < auth_end && *p == '[') {
        const char *rb = memchr(p, ']', (size_t) (auth_end - p));
        if (!rb) {
            return fail(d, errbuf, errlen, "malformed MySQL DSN: unterminated [IPv6] host");
        }
        d->host = decode(p + 1, (size_t) (rb - p - 1));
        if (rb + 1 < auth_end) {
            if (rb[1] != ':') {
                return fail(d, errbuf, errlen, "malformed MySQL DSN: junk after the [IPv6] host");
            }
            port = rb + 2;
        }
    } else {
        const char *colon = p < auth_end ? memchr(p, ':', (size_t) (auth_end - p)) : NULL;
        if (colon) {
            hend = colon;
            port = colon + 1;
        }
        if (hend > p) {
            d->host = decode(p, (size_t) (hend - p));
            if (!d->host) {
                return fail(d, errbuf, errlen, "malformed MySQL DSN: bad percent-escape in the host");
            }
        }
    }
    if (port) {
        unsigned long v = 0;
        const char *q = port;
        if (q == auth_end) {
            return fail(d, errbuf, errlen, "malformed MySQL DSN: empty port");
        }
        for (; q < auth_end; q++) {
            if (!isdigit((unsigned char) *q) || (v = v * 10 + (unsigned long) (*q - '0')) > 65535) {
                return fail(d, errbuf, errlen, "malformed MySQL DSN: the port must be a number from 1 to 65535");
            }
        }
        if (v == 0) {
            return fail(d, errbuf, errlen, "malformed MySQL DSN: the port must be a number from 1 to 65535");
        }
        d->port = (unsigned) v;
    }
    p = auth_end;
    if (p < end && *p == '/') {
        p++;
        const char *dend = p;
        while (dend < end && *dend != '?') {
            dend++;
        }
        if (dend > p && !(d->dbname = decode(p, (size_t) (dend - p)))) {
            return fail(d, errbuf, errlen, "malformed MySQL DSN: bad percent-escape in the database name");
        }
        p = dend;
    }
    if (p < end && *p == '?') {
        p++;
        while (p < end) {
            const char *amp = p;
            while (amp < end && *amp != '&') {
                amp++;
            }
            const char *eq = memchr(p, '=', (size_t) (amp - p));
            if (!eq) {
                return fail(d, errbuf, errlen, "malformed MySQL DSN: an option without '=' (use ?name=value&...)");
            }
            size_t klen = (size_t) (eq - p);
            char *val = decode(eq + 1, (size_t) (amp - eq - 1));
            if (!val) {
                return fail(d, errbuf, errlen, "malformed MySQL DSN: bad percent-escape in an option");
            }
            if (klen == 7 && memcmp(p, "charset", 7) == 0) {
                free(d->charset);
                d->charset = val;
            } else if (klen == 6 && memcmp(p, "socket", 6) == 0) {
                free(d->socket);
                d->socket = val;
            } else if ((klen == 8 && memcmp(p, "ssl-mode", 8) == 0) || (klen == 8 && memcmp(p, "ssl_mode", 8) == 0)) {
                static const char *const modes[] = {"DISABLED", "PREFERRED", "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"};
                int found = 0;
                for (int i = 0; i < 5; i++) {
                    if (strcasecmp(val, modes[i]) == 0) {
                        d->ssl = (lyger_my_ssl) (i + 1);
                        found = 1;
                    }
                }
                free(val);
                if (!found) {
                    return fail(d, errbuf, errlen, "malformed MySQL DSN: ssl-mode must be DISABLED, PREFERRED, "
                                "REQUIRED, VERIFY_CA or VERIFY_IDENTITY");
                }
            } else if (klen == 15 && memcmp(p, "connect_timeout", 15) == 0) {
                char *e = NULL;
                long t = strtol(val, &e, 10);
                int bad = !val[0] || *e || t < 0 || t > 86400;
                free(val);
                if (bad) {
                    return fail(d, errbuf, errlen, "malformed MySQL DSN: connect_timeout must be seconds (0-86400)");
                }
                d->connect_timeout = t;
            } else {
                free(val);
                char msg[160];
                snprintf(msg, sizeof(msg), "malformed MySQL DSN: unknown option \"%.*s\" (known: charset, socket, "
                         "ssl-mode, connect_timeout)", (int) (klen > 32 ? 32 : klen), p);
                return fail(d, errbuf, errlen, msg);
            }
            p = amp < end ? amp + 1 : amp;
        }
    }
    if (!d->charset && !(d->charset = strdup("utf8mb4"))) {
        return fail(d, errbuf, errlen, "out of memory");
    }
    return 1;
}
