// fuzz-sources: src/cache_redis_dsn.c
// fuzz-libs:
/* The lyger.cache_redis DSN parser must accept or refuse any bytes without reading
 * out of bounds, and what it accepts must be usable: NUL-terminated fields inside
 * their buffers, a port in range, an absolute socket path, and an error message
 * that never repeats the input (it may hold a password). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cache_redis_dsn.h"

static void check_field(const char *f, size_t size)
{
    if (!memchr(f, '\0', size)) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lyger_redis_dsn dsn;
    char err[256];
    if (lyger_redis_dsn_parse((const char *) data, size, &dsn, err, sizeof err) == 0) {
        check_field(dsn.host, sizeof dsn.host);
        check_field(dsn.path, sizeof dsn.path);
        check_field(dsn.user, sizeof dsn.user);
        check_field(dsn.password, sizeof dsn.password);
        if (dsn.is_unix ? dsn.path[0] != '/' : (dsn.host[0] == '\0' || dsn.port < 1 || dsn.port > 65535)) {
            __builtin_trap();
        }
        if (dsn.db < 0) __builtin_trap();
        char desc[400];
        lyger_redis_dsn_describe(&dsn, desc, sizeof desc);
        /* the description is made of the address alone */
        char want[400];
        if (dsn.is_unix) snprintf(want, sizeof want, "%s", dsn.path);
        else snprintf(want, sizeof want, strchr(dsn.host, ':') ? "[%s]:%d" : "%s:%d", dsn.host, dsn.port);
        if (strcmp(desc, want) != 0) __builtin_trap();
        lyger_redis_dsn_wipe(&dsn);
        if (dsn.password[0] || dsn.has_password) __builtin_trap();
    } else {
        check_field(err, sizeof err);
        if (err[0] == '\0') __builtin_trap();
        /* the message is one of the fixed reasons: never the input itself */
        if (size >= 12 && memmem(err, strlen(err), data, size)) __builtin_trap();
    }
    return 0;
}
