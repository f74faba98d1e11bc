/* The DSN of the Redis tier (lyger.cache_redis), parsed without any I/O so it can be
 * fuzzed on its own. Plain C, no Zend headers, no hiredis.
 *
 *   redis://[[user]:password@]host[:port][/db]     TCP; host may be [IPv6]
 *   unix:/path/to/socket[?db=N[&password=P]]         a unix socket (also unix:///path)
 *
 * user and password may be percent-encoded (%40 for '@', %2F for '/').
 * Error messages never quote the DSN itself: it may hold a password. */
#ifndef LYGER_CACHE_REDIS_DSN_H
#define LYGER_CACHE_REDIS_DSN_H

#include <stddef.h>

#define LYGER_REDIS_HOST_MAX 256
#define LYGER_REDIS_PATH_MAX 108  /* sun_path */
#define LYGER_REDIS_SECRET_MAX 512

typedef struct {
    int is_unix;
    char host[LYGER_REDIS_HOST_MAX];     /* TCP: the host (brackets of IPv6 removed) */
    int port;                            /* TCP: 1..65535, default 6379 */
    char path[LYGER_REDIS_PATH_MAX];     /* unix: the socket path */
    int db;                              /* 0..INT_MAX, default 0 */
    int has_password;                    /* AUTH is sent when set */
    char user[LYGER_REDIS_SECRET_MAX];   /* "" unless given (Redis 6 ACL user) */
    char password[LYGER_REDIS_SECRET_MAX];
} lyger_redis_dsn;

/* 0 and *out filled, or -1 with err (a NUL-terminated reason without the DSN). The
 * input is (pointer, length); NUL bytes inside it are refused. */
int lyger_redis_dsn_parse(const char *s, size_t len, lyger_redis_dsn *out, char *err, size_t err_size);

/* "host:port", "[v6]:port" or the socket path, for messages (never the password). */
void lyger_redis_dsn_describe(const lyger_redis_dsn *dsn, char *buf, size_t size);

/* Overwrites the secrets (before freeing a copy). */
void lyger_redis_dsn_wipe(lyger_redis_dsn *dsn);

#endif
