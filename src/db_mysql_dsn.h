/* mysql:// and mariadb:// DSNs, parsed (plain C, no client library: fuzzed alone).
 *   mysql://user:password@host:port/dbname?charset=utf8mb4&socket=/path&ssl-mode=REQUIRED
 * user, password and dbname are percent-decoded; host may be [ipv6]; every part but the
 * host is optional. Options: charset (default utf8mb4), socket (a unix socket path:
 * host is then ignored), ssl-mode (DISABLED, PREFERRED, REQUIRED, VERIFY_CA,
 * VERIFY_IDENTITY; case-insensitive), connect_timeout (seconds). */
#ifndef LYGER_DB_MYSQL_DSN_H
#define LYGER_DB_MYSQL_DSN_H

#include <stddef.h>

typedef enum { MY_SSL_DEFAULT, MY_SSL_DISABLED, MY_SSL_PREFERRED, MY_SSL_REQUIRED, MY_SSL_VERIFY_CA, MY_SSL_VERIFY_IDENTITY } lyger_my_ssl;

typedef struct {
    char *user, *password, *host, *dbname, *charset, *socket; /* malloc'ed; NULL when absent */
    unsigned port;            /* 0: the default */
    long connect_timeout;     /* -1: not given */
    lyger_my_ssl ssl;
} lyger_my_dsn;

/* Parses dsn[0..len). Returns 1, or 0 with a message (never quoting the password)
 * in errbuf. */
int lyger_my_dsn_parse(const char *dsn, size_t len, lyger_my_dsn *out, char *errbuf, size_t errlen);
void lyger_my_dsn_free(lyger_my_dsn *d);

#endif
