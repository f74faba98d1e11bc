// fuzz-sources: src/db_mysql_dsn.c
/* The mysql:// / mariadb:// DSN parser on arbitrary bytes: never crashes, leaks or
 * reads past the input; a parsed DSN has a charset and a port in range; a refused one
 * has a message. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db_mysql_dsn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* half the inputs get a valid scheme, so the parser goes past it */
    char *dsn = malloc(size + 10);
    if (!dsn) {
        return 0;
    }
    size_t len = 0;
    if (size > 0 && (data[0] & 1)) {
        memcpy(dsn, (data[0] & 2) ? "mysql://" : "mariadb://", (data[0] & 2) ? 8 : 10);
        len = (data[0] & 2) ? 8 : 10;
        data++;
        size--;
    }
    memcpy(dsn + len, data, size);
    len += size;
    lyger_my_dsn d;
    char err[200];
    if (lyger_my_dsn_parse(dsn, len, &d, err, sizeof(err))) {
        if (!d.charset || d.port > 65535) {
            abort();
        }
        lyger_my_dsn_free(&d);
    } else if (strlen(err) == 0) {
        abort();
    }
    free(dsn);
    return 0;
}
