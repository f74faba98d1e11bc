/* The MySQL engine's prepared statements (see db_mysql_impl.h): parameters bound by
 * type, rows fetched in the binary protocol and written as JSON with exactly the text
 * the text protocol gives (src/db_mysql.c), so a cached statement changes nothing a
 * caller sees but the time.
 *
 * Integer columns are fetched as 64-bit integers and written as their digits (signed or
 * unsigned as the column is; ZEROFILL columns keep the text form, whose leading zeros
 * the text protocol sends). DATE, DATETIME, TIMESTAMP and TIME are fetched as MYSQL_TIME
 * and written as the server writes them (YYYY-MM-DD, HH:MM:SS with hours past 99 and a
 * sign for TIME, as many fractional digits as the column declares). Every other column
 * is fetched as a string: Connector/C converts binary FLOAT/DOUBLE with the server's own
 * routine (the same shortest digits and layout), DECIMAL arrives as its digits and
 * strings as their bytes, so they go through the same writers as text rows. DOUBLE
 * columns without fixed decimals are fetched as doubles first: a value whose shortest
 * round-trip text has at most 15 significant digits and lies in [1e-4, 1e15) is written
 * by fast_double() (the server writes those in plain fixed notation); any other value of
 * the column is converted by Connector/C as above (mysql_stmt_fetch_column).
 * Rows are read one at a time from the socket (no copy of the whole result in the
 * client); a value longer than its column's buffer is fetched again, whole, with
 * mysql_stmt_fetch_column into a buffer grown to its length. */
#include "db_mysql_impl.h"

#include <math.h>
#include <mysqld_error.h>
#include <stdlib.h>
#include <string.h>

#define DOUBLE_CAP 64 /* the text buffer of a DOUBLE column (Connector/C's conversion) */

/* How a column is fetched */
enum { H_SIGNED, H_UNSIGNED, H_TIME, H_DOUBLE, H_TEXT };

typedef struct {
    unsigned n;
    MYSQL_BIND *bind;
    int64_t *ival;
    double *dval;
    MYSQL_TIME *tval;
    unsigned *decimals;
    unsigned long *len;
    my_bool *isnull;
    char **buf;
    unsigned char *how;
    unsigned char *owned; /* buf[c] is its own malloc (grown), not part of arena */
    lyger_my_kind *kind;
    char *arena;
    void *block;
} my_cols;

/* Parameters ---------------------------------------------------------------- */

int lyger_my_params_finite(int nparams, const lyger_db_param *params)
{
    for (int i = 0; i < nparams; i++) {
        double d = params[i].d;
        if (params[i].kind == LYGER_DB_FLOAT && (d != d || d > 1.7976931348623157e308 || d < -1.7976931348623157e308)) {
            return 0;
        }
    }
    return 1;
}

/* int and bool as BIGINT (bool 1/0, as the text protocol writes them), float as DOUBLE,
 * strings as strings in the connection's character set, null as NULL. */
static int bind_params(MYSQL_STMT *s, int nparams, const lyger_db_param *params, lyger_db_error *err)
{
    if (nparams == 0) {
        return 1;
    }
    MYSQL_BIND stack[16];
    MYSQL_BIND *b = nparams <= 16 ? stack : calloc((size_t) nparams, sizeof *b);
    if (!b) {
        lyger_db_set_error(err, "", "out of memory");
        return 0;
    }
    memset(b, 0, (size_t) nparams * sizeof *b);
    for (int i = 0; i < nparams; i++) {
        const lyger_db_param *v = &params[i];
        switch (v->kind) {
            case LYGER_DB_NULL: b[i].buffer_type = MYSQL_TYPE_NULL; break;
            case LYGER_DB_BOOL:
            case LYGER_DB_INT: b[i].buffer_type = MYSQL_TYPE_LONGLONG; b[i].buffer = (void *) &v->i; break;
            case LYGER_DB_FLOAT: b[i].buffer_type = MYSQL_TYPE_DOUBLE; b[i].buffer = (void *) &v->d; break;
            default:
                b[i].buffer_type = MYSQL_TYPE_STRING;
                b[i].buffer = (void *) v->text;
                b[i].buffer_length = (unsigned long) v->len;
                break;
        }
    }
    int ok = mysql_stmt_bind_param(s, b) == 0;
    if (b != stack) {
        free(b);
    }
    if (!ok) {
        lyger_my_set_error(err, mysql_stmt_errno(s), mysql_stmt_sqlstate(s), mysql_stmt_error(s), "");
    }
    return ok;
}

/* Columns ------------------------------------------------------------------- */

static void cols_free(my_cols *k)
{
    for (unsigned c = 0; c < k->n; c++) {
        if (k->owned[c]) {
            free(k->buf[c]);
        }
    }
    free(k->arena);
    free(k->block);
}

/* A text buffer big enough for most values of the column: its display width, within
 * 32 bytes .. 1 KiB (longer values are fetched again into a grown buffer). */
static unsigned long first_cap(const MYSQL_FIELD *f)
{
    unsigned long cap = f->length + 1;
    return cap < 32 ? 32 : cap > 1024 ? 1024 : cap;
}

static int cols_bind(my_cols *k, MYSQL_STMT *s, const MYSQL_FIELD *fields, unsigned n)
{
    memset(k, 0, sizeof *k);
    size_t each = sizeof(MYSQL_BIND) + sizeof(int64_t) + sizeof(double) + sizeof(MYSQL_TIME) + sizeof(unsigned long) + sizeof(char *)
                  + sizeof(unsigned) + sizeof(lyger_my_kind) + sizeof(my_bool) + 2;
    char *p = k->block = calloc(n, each);
    if (!p) {
        return 0;
    }
    k->bind = (MYSQL_BIND *) p; p += n * sizeof(MYSQL_BIND);
    k->ival = (int64_t *) p; p += n * sizeof(int64_t);
    k->dval = (double *) p; p += n * sizeof(double);
    k->tval = (MYSQL_TIME *) p; p += n * sizeof(MYSQL_TIME);
    k->len = (unsigned long *) p; p += n * sizeof(unsigned long);
    k->buf = (char **) p; p += n * sizeof(char *);
    k->decimals = (unsigned *) p; p += n * sizeof(unsigned);
    k->kind = (lyger_my_kind *) p; p += n * sizeof(lyger_my_kind);
    k->isnull = (my_bool *) p; p += n * sizeof(my_bool);
    k->how = (unsigned char *) p; p += n;
    k->owned = (unsigned char *) p;
    k->n = n;
    size_t arena = 0;
    for (unsigned c = 0; c < n; c++) {
        const MYSQL_FIELD *f = &fields[c];
        k->kind[c] = lyger_my_kind_of(f);
        switch (f->type) {
            case MYSQL_TYPE_TINY: case MYSQL_TYPE_SHORT: case MYSQL_TYPE_INT24: case MYSQL_TYPE_LONG:
            case MYSQL_TYPE_LONGLONG:
                k->how[c] = (f->flags & ZEROFILL_FLAG) ? H_TEXT : (f->flags & UNSIGNED_FLAG) ? H_UNSIGNED : H_SIGNED;
                break;
            case MYSQL_TYPE_DATE: case MYSQL_TYPE_DATETIME: case MYSQL_TYPE_TIMESTAMP: case MYSQL_TYPE_TIME:
                k->how[c] = f->decimals <= 6 ? H_TIME : H_TEXT; /* else: let Connector/C decide */
                k->decimals[c] = f->decimals;
                break;
            case MYSQL_TYPE_DOUBLE: /* NOT_FIXED_DEC (31): the shortest round-trip text */
                k->how[c] = f->decimals >= 31 ? H_DOUBLE : H_TEXT;
                break;
            default:
                k->how[c] = H_TEXT;
                break;
        }
        if (k->how[c] == H_TEXT) {
            arena += first_cap(f);
        } else if (k->how[c] == H_DOUBLE) {
            arena += DOUBLE_CAP;
        }
    }
    if (arena && !(k->arena = malloc(arena))) {
        free(k->block);
        return 0;
    }
    char *a = k->arena;
    for (unsigned c = 0; c < n; c++) {
        MYSQL_BIND *b = &k->bind[c];
        b->length = &k->len[c];
        b->is_null = &k->isnull[c];
        if (k->how[c] == H_TEXT || k->how[c] == H_DOUBLE) {
            k->buf[c] = a;
            a += k->how[c] == H_TEXT ? first_cap(&fields[c]) : DOUBLE_CAP;
        }
        if (k->how[c] == H_TEXT) {
            b->buffer_type = MYSQL_TYPE_STRING;
            b->buffer = k->buf[c];
            b->buffer_length = first_cap(&fields[c]);
        } else if (k->how[c] == H_DOUBLE) {
            b->buffer_type = MYSQL_TYPE_DOUBLE;
            b->buffer = &k->dval[c];
            b->buffer_length = sizeof(double);
        } else if (k->how[c] == H_TIME) {
            b->buffer_type = fields[c].type;
            b->buffer = &k->tval[c];
            b->buffer_length = sizeof(MYSQL_TIME);
        } else {
            b->buffer_type = MYSQL_TYPE_LONGLONG;
            b->buffer = &k->ival[c];
            b->is_unsigned = k->how[c] == H_UNSIGNED;
        }
    }
    return mysql_stmt_bind_result(s, k->bind) == 0;
}

/* After MYSQL_DATA_TRUNCATED: each value longer than its buffer is fetched again, whole,
 * into the column's buffer grown to fit (kept for the rows after: *grown = 1 says the
 * buffers must be bound again, once the row is written, since binding forgets the
 * current row that mysql_stmt_fetch_column reads). */
static int cols_refetch(my_cols *k, MYSQL_STMT *s, int *grown)
{
    for (unsigned c = 0; c < k->n; c++) {
        MYSQL_BIND *b = &k->bind[c];
        if (k->how[c] != H_TEXT || k->isnull[c] || k->len[c] <= b->buffer_length) {
            continue;
        }
        unsigned long cap = k->len[c] + k->len[c] / 2 + 1;
        char *nb = k->owned[c] ? realloc(k->buf[c], cap) : malloc(cap);
        if (!nb) {
            return 0;
        }
        k->buf[c] = b->buffer = nb;
        k->owned[c] = 1;
        b->buffer_length = cap;
        if (mysql_stmt_fetch_column(s, b, c, 0) != 0) {
            return 0;
        }
        *grown = 1;
    }
    return 1;
}

/* Rows ---------------------------------------------------------------------- */

static int write_uint64(lyger_jbuf *b, uint64_t u)
{
    char tmp[24], *e = tmp + sizeof tmp, *p = e;
    do {
        *--p = (char) ('0' + u % 10);
        u /= 10;
    } while (u);
    return lyger_json_write_raw(b, p, (size_t) (e - p));
}

static char *put_digits(char *p, unsigned long v, int width)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char) ('0' + v % 10);
        v /= 10;
    } while (v);
    while (n < width) {
        tmp[n++] = '0';
    }
    while (n) {
        *p++ = tmp[--n];
    }
    return p;
}

/* "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS[.f]" or "[-]HH:MM:SS[.f]" as a JSON string, with
 * the column's number of fractional digits (as the server's text). */
static int write_time(lyger_jbuf *b, const MYSQL_TIME *t, enum enum_field_types type, unsigned decimals)
{
    char out[64], *p = out;
    *p++ = '"';
    if (type != MYSQL_TYPE_TIME) {
        p = put_digits(p, t->year, 4);
        *p++ = '-';
        p = put_digits(p, t->month, 2);
        *p++ = '-';
        p = put_digits(p, t->day, 2);
        if (type != MYSQL_TYPE_DATE) {
            *p++ = ' ';
        }
    }
    if (type != MYSQL_TYPE_DATE) {
        if (type == MYSQL_TYPE_TIME && t->neg) {
            *p++ = '-';
        }
        p = put_digits(p, type == MYSQL_TYPE_TIME ? (unsigned long) t->day * 24 + t->hour : t->hour, 2);
        *p++ = ':';
        p = put_digits(p, t->minute, 2);
        *p++ = ':';
        p = put_digits(p, t->second, 2);
        if (decimals > 0) {
            unsigned long frac = t->second_part % 1000000;
            for (unsigned d = decimals; d < 6; d++) {
                frac /= 10;
            }
            *p++ = '.';
            p = put_digits(p, frac, (int) decimals);
        }
    }
    *p++ = '"';
    return lyger_json_write_raw(b, out, (size_t) (p - out));
}

static const double pow10_exact[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                      1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* The shortest decimal that reads back as d, in fixed notation, when it has at most 15
 * significant digits and 1e-4 <= |d| < 1e15 (there the server's text is exactly this);
 * 0 for any other value. The fewest decimals `dec` with n = round(|d| * 10^dec) and
 * n / 10^dec == |d|: n < 10^15 and 10^dec (dec <= 22) are exact doubles, so the
 * division is correctly rounded, i.e. it is what reading the text "n e-dec" gives; and
 * with at most 15 digits no other text of as many decimals reads back as d. */
static size_t fast_double(double d, char *out)
{
    double a = fabs(d);
    if (!(a >= 1e-4 && a < 1e15)) {
        return 0;
    }
    for (int dec = 0; dec <= 22; dec++) {
        double scaled = a * pow10_exact[dec];
        if (scaled >= 1e15) {
            return 0;
        }
        double n = nearbyint(scaled);
        if (n / pow10_exact[dec] != a) {
            continue;
        }
        uint64_t v = (uint64_t) n, scale = 1;
        for (int i = 0; i < dec; i++) {
            scale *= 10;
        }
        char *p = out;
        if (d < 0) {
            *p++ = '-';
        }
        p = put_digits(p, (unsigned long) (v / scale), 1);
        if (dec > 0) {
            *p++ = '.';
            p = put_digits(p, (unsigned long) (v % scale), dec);
        }
        return (size_t) (p - out);
    }
    return 0;
}

/* A DOUBLE: fast_double's text, else Connector/C's conversion of this row's value. */
static int write_double(lyger_jbuf *b, my_cols *k, MYSQL_STMT *s, unsigned c)
{
    char out[48];
    size_t n = fast_double(k->dval[c], out);
    if (n) {
        return lyger_json_write_raw(b, out, n);
    }
    unsigned long len = 0;
    MYSQL_BIND t = {0};
    t.buffer_type = MYSQL_TYPE_STRING;
    t.buffer = k->buf[c];
    t.buffer_length = DOUBLE_CAP;
    t.length = &len;
    if (mysql_stmt_fetch_column(s, &t, c, 0) != 0 || len > t.buffer_length) {
        return 0; /* (a double's text is at most ~25 bytes) */
    }
    return lyger_json_is_number(k->buf[c], len) ? lyger_json_write_raw(b, k->buf[c], len)
                                                : lyger_json_write_string(b, k->buf[c], len);
}

static int write_value(lyger_jbuf *b, const my_cols *k, unsigned c)
{
    if (k->isnull[c]) {
        return lyger_json_write_raw(b, "null", 4);
    }
    if (k->how[c] == H_SIGNED) {
        return lyger_json_write_int64(b, k->ival[c]);
    }
    if (k->how[c] == H_UNSIGNED) {
        return write_uint64(b, (uint64_t) k->ival[c]);
    }
    if (k->how[c] == H_TIME) {
        return write_time(b, &k->tval[c], k->bind[c].buffer_type, k->decimals[c]);
    }
    const char *v = k->buf[c];
    size_t n = k->len[c];
    switch (k->kind[c]) {
        case K_RAW: return lyger_json_write_raw(b, v, n);
        case K_NUM: return lyger_json_is_number(v, n) ? lyger_json_write_raw(b, v, n) : lyger_json_write_string(b, v, n);
        case K_HEX: return lyger_json_write_hex(b, v, n);
        default: return lyger_json_write_string(b, v, n);
    }
}

/* Fetches every row into b; returns the row count, -1 on a fetch error (err filled),
 * -2 out of memory. */
static int64_t write_rows(lyger_jbuf *b, MYSQL_STMT *s, my_cols *k, char **prefix, size_t *plen, lyger_db_error *err)
{
    int64_t rows = 0;
    int rc;
    while ((rc = mysql_stmt_fetch(s)) == 0 || rc == MYSQL_DATA_TRUNCATED) {
        int grown = 0;
        if (rc == MYSQL_DATA_TRUNCATED && !cols_refetch(k, s, &grown)) {
            return -2;
        }
        if (!lyger_json_write_raw(b, rows ? "," : "[", 1)) {
            return -2;
        }
        rows++;
        for (unsigned c = 0; c < k->n; c++) {
            if (!lyger_json_write_raw(b, prefix[c], plen[c])) {
                return -2;
            }
            int ok = k->how[c] == H_DOUBLE && !k->isnull[c] ? write_double(b, k, s, c) : write_value(b, k, c);
            if (!ok) {
                return -2;
            }
        }
        if (!lyger_json_write_raw(b, "}", 1) || (grown && mysql_stmt_bind_result(s, k->bind) != 0)) {
            return -2;
        }
    }
    if (rc != MYSQL_NO_DATA) {
        lyger_my_set_error(err, mysql_stmt_errno(s), mysql_stmt_sqlstate(s), mysql_stmt_error(s), "");
        return -1;
    }
    if (rows && !lyger_json_write_raw(b, "]", 1)) {
        return -2;
    }
    return rows;
}

/* The rows of an executed statement as a result (NULL with err filled), their JSON
 * written into out when given (see lyger_my_stmt_run), else kept in the result. */
static lyger_db_result *fetch_result(MYSQL_STMT *s, unsigned ncols, lyger_jbuf *out, lyger_db_error *err)
{
    const MYSQL_FIELD *fields = mariadb_stmt_fetch_fields(s);
    char *stack_prefix[32];
    size_t stack_plen[32];
    char **prefix = ncols <= 32 ? stack_prefix : malloc(ncols * sizeof *prefix);
    size_t *plen = ncols <= 32 ? stack_plen : malloc(ncols * sizeof *plen);
    char *names = NULL;
    my_cols k = {0};
    int bound = 0;
    int64_t rows = -2;
    lyger_jbuf own;
    lyger_jbuf_init_malloc(&own);
    lyger_jbuf *b = out ? out : &own;
    if (fields && prefix && plen && (names = lyger_my_prefixes(fields, ncols, prefix, plen))
        && (bound = cols_bind(&k, s, fields, ncols))) {
        rows = write_rows(b, s, &k, prefix, plen, err);
    }
    if (bound) {
        cols_free(&k);
    }
    free(names);
    if (prefix != stack_prefix) {
        free(prefix);
    }
    if (plen != stack_plen) {
        free(plen);
    }
    if (rows < 0) {
        free(own.start);
        if (rows == -2) {
            lyger_db_set_error(err, "53200", "out of memory writing the result");
        }
        return NULL;
    }
    if (rows == 0 || out) {
        free(own.start);
        return lyger_my_result_new(NULL, 0, rows, err);
    }
    return lyger_my_result_new(own.start, lyger_jbuf_len(&own), rows, err);
}

lyger_db_result *lyger_my_stmt_run(MYSQL_STMT *s, int nparams, const lyger_db_param *params, lyger_jbuf *out,
                                   int *stale, lyger_db_error *err)
{
    *stale = 0;
    if (!bind_params(s, nparams, params, err)) {
        return NULL;
    }
    /* The result's columns are taken from this execution's answer, never from an
     * earlier one: with no columns known, Connector/C rebuilds them (names and all)
     * from the metadata the server sends. Otherwise a table changed under the
     * statement would keep its old names when the count is the same, and fail with
     * CR_NEW_STMT_METADATA (after the statement ran) when it is not. */
    s->field_count = 0;
    if (mysql_stmt_execute(s) != 0) {
        unsigned no = mysql_stmt_errno(s);
        if (no == ER_NEED_REPREPARE || no == ER_UNKNOWN_STMT_HANDLER) {
            *stale = 1; /* raised before the statement ran */
            return NULL;
        }
        lyger_my_set_error(err, no, mysql_stmt_sqlstate(s), mysql_stmt_error(s), "");
        return NULL;
    }
    unsigned ncols = mysql_stmt_field_count(s);
    lyger_db_result *r = ncols ? fetch_result(s, ncols, out, err)
                               : lyger_my_result_new(NULL, 0, (int64_t) mysql_stmt_affected_rows(s), err);
    /* whatever is left (rows after an error, the results after a CALL's first) is read
     * and dropped, leaving the connection ready for the next statement */
    mysql_stmt_free_result(s);
    while (mysql_stmt_more_results(s) && mysql_stmt_next_result(s) == 0) {
        mysql_stmt_free_result(s);
    }
    return r;
}
