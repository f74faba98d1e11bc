/* Static files: the containment check is on the resolved path (realpath), so neither
 * "..", encoded traversal (already decoded by the caller) nor a symlink can leave the root. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "http_static.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const days[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static int has_dotdot_segment(const char *p, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && p[j] != '/') {
            j++;
        }
        if (j - i == 2 && p[i] == '.' && p[i + 1] == '.') {
            return 1;
        }
        i = j + 1;
    }
    return 0;
}

static int inside_root(const char *resolved, const char *root, size_t root_len)
{
    if (root_len == 1 && root[0] == '/') {
        return 1;
    }
    return strncmp(resolved, root, root_len) == 0 && (resolved[root_len] == '/' || resolved[root_len] == '\0');
}

static int resolve_file(const char *candidate, const char *root, size_t root_len, char *out, size_t out_size,
                        struct stat *st)
{
    char resolved[PATH_MAX];
    /* Most requests of a front controller name no file: one stat() says so (as nginx's
     * try_files does), where realpath() would walk and readlink() every component. A path
     * stat() cannot reach realpath() cannot resolve either, so nothing else changes. */
    if (stat(candidate, st) != 0) {
        return 0;
    }
    if (!realpath(candidate, resolved) || !inside_root(resolved, root, root_len)) {
        return 0;
    }
    if (stat(resolved, st) != 0) {
        return 0;
    }
    size_t len = strlen(resolved);
    if (len + 1 > out_size) {
        return 0;
    }
    memcpy(out, resolved, len + 1);
    return 1;
}

int lyger_http_static_resolve(const char *root_real, size_t root_len, const char *path, size_t path_len,
                              char *out, size_t out_size, struct stat *st)
{
    if (memchr(path, '\0', path_len) || memchr(path, '\\', path_len) || has_dotdot_segment(path, path_len)) {
        return -1;
    }
    if (path_len == 0 || path[0] != '/') {
        return 0;
    }
    char candidate[PATH_MAX];
    if (root_len + path_len + sizeof("/index.html") > sizeof(candidate)) {
        return 0;
    }
    memcpy(candidate, root_real, root_len);
    memcpy(candidate + root_len, path, path_len);
    candidate[root_len + path_len] = '\0';
    if (!resolve_file(candidate, root_real, root_len, out, out_size, st)) {
        return 0;
    }
    if (S_ISDIR(st->st_mode)) {
        size_t len = strlen(out);
        if (len + sizeof("/index.html") > sizeof(candidate)) {
            return 0;
        }
        memcpy(candidate, out, len);
        memcpy(candidate + len, "/index.html", sizeof("/index.html"));
        if (!resolve_file(candidate, root_real, root_len, out, out_size, st)) {
            return 0;
        }
    }
    /* PHP scripts are the application's, never files to send: their source would leak
     * (nginx in front of php-fpm hands *.php to PHP the same way). */
    size_t len = strlen(out);
    if (len >= 4 && strcasecmp(out + len - 4, ".php") == 0) {
        return 0;
    }
    return S_ISREG(st->st_mode) ? 1 : 0;
}

static const struct {
    const char *ext;
    const char *type;
} mime_types[] = {
    {"html", "text/html; charset=utf-8"}, {"htm", "text/html; charset=utf-8"},
    {"css", "text/css; charset=utf-8"}, {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"}, {"json", "application/json"},
    {"map", "application/json"}, {"txt", "text/plain; charset=utf-8"},
    {"csv", "text/csv; charset=utf-8"}, {"md", "text/markdown; charset=utf-8"},
    {"xml", "application/xml"}, {"svg", "image/svg+xml"}, {"png", "image/png"},
    {"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"}, {"gif", "image/gif"},
    {"webp", "image/webp"}, {"avif", "image/avif"}, {"ico", "image/x-icon"},
    {"bmp", "image/bmp"}, {"woff", "font/woff"}, {"woff2", "font/woff2"},
    {"ttf", "font/ttf"}, {"otf", "font/otf"}, {"eot", "application/vnd.ms-fontobject"},
    {"pdf", "application/pdf"}, {"zip", "application/zip"}, {"gz", "application/gzip"},
    {"tar", "application/x-tar"}, {"wasm", "application/wasm"}, {"mp3", "audio/mpeg"},
    {"ogg", "audio/ogg"}, {"wav", "audio/wav"}, {"mp4", "video/mp4"}, {"webm", "video/webm"},
    {"txt", "text/plain; charset=utf-8"}, {"webmanifest", "application/manifest+json"},
};

const char *lyger_http_mime_type(const char *name, size_t len)
{
    size_t i = len;
    while (i > 0 && name[i - 1] != '.' && name[i - 1] != '/') {
        i--;
    }
    if (i == 0 || name[i - 1] != '.') {
        return "application/octet-stream";
    }
    const char *ext = name + i;
    size_t ext_len = len - i;
    for (size_t k = 0; k < sizeof(mime_types) / sizeof(mime_types[0]); k++) {
        if (strlen(mime_types[k].ext) == ext_len && strncasecmp(mime_types[k].ext, ext, ext_len) == 0) {
            return mime_types[k].type;
        }
    }
    return "application/octet-stream";
}

void lyger_http_format_date(time_t t, char out[LYGER_HTTP_DATE_LEN + 1])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(out, LYGER_HTTP_DATE_LEN + 1, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday % 7],
             tm.tm_mday, months[tm.tm_mon % 12], (tm.tm_year + 1900) % 10000, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int lyger_http_parse_date(const char *s, size_t len, time_t *t)
{
    /* "Sun, 06 Nov 1994 08:49:37 GMT" */
    if (len != LYGER_HTTP_DATE_LEN || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' ||
        s[16] != ' ' || s[19] != ':' || s[22] != ':' || s[25] != ' ' || memcmp(s + 26, "GMT", 3) != 0) {
        return -1;
    }
    int mday, year, hour, min, sec, mon = -1;
    if (digits(s + 5, 2, &mday) || digits(s + 12, 4, &year) || digits(s + 17, 2, &hour) ||
        digits(s + 20, 2, &min) || digits(s + 23, 2, &sec)) {
        return -1;
    }
    for (int i = 0; i < 12; i++) {
        if (memcmp(s + 8, months[i], 3) == 0) {
            mon = i;
        }
    }
    if (mon < 0 || mday < 1 || mday > 31 || hour > 23 || min > 59 || sec > 60 || year < 1970) {
        return -1;
    }
    struct tm tm = {0};
    tm.tm_year = year - 1900;
    tm.tm_mon = mon;
    tm.tm_mday = mday;
    tm.tm_hour = hour;
    tm.tm_min = min;
    tm.tm_sec = sec;
    *t = timegm(&tm);
    return 0;
}
