// fuzz-sources: src/http_static.c
// fuzz-libs:
/* Arbitrary request paths against a small document root: whatever the path (NUL bytes,
 * "..", encoded or not, symlinks), a resolved file is inside the root. Also the HTTP date
 * parser (round trip) and the MIME lookup. */
#include <assert.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http_static.h"

static char root[PATH_MAX];
static size_t root_len;

static void setup(void)
{
    char tmpl[] = "/tmp/lyger-fuzz-root-XXXXXX";
    char *dir = mkdtemp(tmpl);
    assert(dir);
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/sub", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof(path), "%s/a.txt", dir);
    FILE *f = fopen(path, "w");
    fputs("a", f);
    fclose(f);
    snprintf(path, sizeof(path), "%s/sub/index.html", dir);
    f = fopen(path, "w");
    fputs("i", f);
    fclose(f);
    snprintf(path, sizeof(path), "%s/escape", dir);
    if (symlink("/etc", path) != 0) {
        /* fine: the containment check is exercised anyway */
    }
    assert(realpath(dir, root));
    root_len = strlen(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!root_len) {
        setup();
    }
    char out[PATH_MAX];
    struct stat st;
    int r = lyger_http_static_resolve(root, root_len, (const char *) data, size, out, sizeof(out), &st);
    if (r == 1) {
        assert(strncmp(out, root, root_len) == 0 && (out[root_len] == '/' || out[root_len] == '\0'));
        assert(S_ISREG(st.st_mode));
    }
    if (memchr(data, '\0', size)) {
        assert(r == -1);
    }
    time_t t;
    if (lyger_http_parse_date((const char *) data, size, &t) == 0 && t >= 0 && t < 253402300800) {
        char buf[LYGER_HTTP_DATE_LEN + 1];
        lyger_http_format_date(t, buf);
        time_t t2;
        assert(lyger_http_parse_date(buf, LYGER_HTTP_DATE_LEN, &t2) == 0 && t2 == t);
    }
    const char *type = lyger_http_mime_type((const char *) data, size);
    assert(type && *type);
    return 0;
}
