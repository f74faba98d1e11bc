/* Static files for the HTTP server: safe path resolution under a document root, MIME
 * types, HTTP dates. Plain C, no Zend headers (fuzz/http_static_fuzz.c). */
#ifndef LYGER_HTTP_STATIC_H
#define LYGER_HTTP_STATIC_H

#include <stddef.h>
#include <time.h>
#include <sys/stat.h>

#define LYGER_HTTP_DATE_LEN 29 /* "Sun, 06 Nov 1994 08:49:37 GMT" */

/* Resolves a decoded request path under root_real (a realpath() result without a trailing
 * slash). Returns 1 and fills out/st for a regular file inside the root (a directory
 * yields its index.html), 0 when there is no such file (the router answers instead), -1
 * for a path that must be refused (NUL byte, a ".." segment, a backslash). Symlinks are
 * followed only while the target stays inside the root. */
int lyger_http_static_resolve(const char *root_real, size_t root_len, const char *path, size_t path_len,
                              char *out, size_t out_size, struct stat *st);

/* The Content-Type for a file name (by extension, case-insensitive). */
const char *lyger_http_mime_type(const char *name, size_t len);

/* IMF-fixdate of t into out (LYGER_HTTP_DATE_LEN chars + NUL). */
void lyger_http_format_date(time_t t, char out[LYGER_HTTP_DATE_LEN + 1]);

/* Parses an IMF-fixdate; returns 0 and sets *t, or -1 when malformed. */
int lyger_http_parse_date(const char *s, size_t len, time_t *t);

#endif
