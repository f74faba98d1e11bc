/* PGresult -> JSON, written straight into one growable buffer (no tree).
 * Plain C (no Zend headers): the caller supplies the buffer's grow function, so
 * the extension can write into a zend_string and hand it to PHP without a copy.
 *
 * Typing follows PostgreSQL's json_agg: int2/int4/int8/oid -> numbers;
 * float4/float8/numeric -> numbers, except NaN/Infinity/-Infinity -> strings;
 * bool -> true/false; json/jsonb -> embedded as is; NULL -> null; every other
 * type -> its text output as a JSON string. Column order is kept; duplicate
 * column names stay separate keys (as json_agg does). Columns that came in binary
 * format (PQfformat 1) are written by src/db_pg_binary.c as the same JSON. */
#ifndef LYGER_JSON_WRITER_H
#define LYGER_JSON_WRITER_H

#include <stddef.h>
#include <stdint.h>
#include <libpq-fe.h>

typedef struct lyger_jbuf lyger_jbuf;

/* Makes room for at least `need` more bytes after b->pos (may move the buffer:
 * it updates start/pos/end). Returns 0 when memory cannot be had. */
typedef int (*lyger_jbuf_grow_fn)(lyger_jbuf *b, size_t need);

struct lyger_jbuf {
    char *start; /* first byte of the output */
    char *pos;   /* next byte to write */
    char *end;   /* one past the capacity */
    lyger_jbuf_grow_fn grow;
    void *ctx;   /* the grow function's own state */
};

/* A malloc-backed buffer (for C callers, fuzzers, benchmarks): start empty, free with free(b->start). */
void lyger_jbuf_init_malloc(lyger_jbuf *b);
/* A large buffer is written once, front to back, into memory just mapped: this asks
 * the kernel for transparent huge pages on [p, p + n) (from LYGER_JBUF_HUGE_MIN bytes,
 * the whole pages inside only; a hint, without effect where THP is off). */
#define LYGER_JBUF_HUGE_MIN ((size_t) 4 << 20)
void lyger_jbuf_want_huge_pages(char *p, size_t n);
int lyger_jbuf_grow_malloc(lyger_jbuf *b, size_t need);

static inline size_t lyger_jbuf_len(const lyger_jbuf *b) { return (size_t) (b->pos - b->start); }

/* Makes room for `need` more bytes at b->pos (grows the buffer when short), for callers
 * that write in place and then move b->pos. Returns 0 on allocation failure. */
static inline int lyger_jbuf_reserve(lyger_jbuf *b, size_t need)
{
    return (size_t) (b->end - b->pos) >= need || b->grow(b, need);
}

/* Reserves about the size of the JSON a statement's last run wrote (plus 1/16) before
 * this run writes its own, so a large one is sized once: a PHP string past 2 MB that
 * grows by halves is mapped, copied and faulted in again at every size. A hint only:
 * this run may write less, so a refusal (memory_limit) is no failure. */
static inline void lyger_jbuf_reserve_like(lyger_jbuf *b, size_t last_len)
{
    if (last_len) (void) lyger_jbuf_reserve(b, last_len + last_len / 16);
}

/* Bytes `s[0..n)` take once escaped as the inside of a JSON string (no quotes).
 * Each invalid UTF-8 byte counts as U+FFFD (3 bytes): see lyger_json_escape. */
size_t lyger_json_escaped_len(const char *s, size_t n);

/* Writes s[0..n) escaped as the inside of a JSON string to out, which has room for
 * lyger_json_escaped_len(s, n) bytes (6 * n always suffices). '"', '\\' and control
 * characters are escaped (\n \r \t \b \f short forms, else \u00XX); valid UTF-8 is
 * copied as is; each byte of an invalid UTF-8 sequence becomes U+FFFD (EF BF BD, as
 * json_encode with JSON_INVALID_UTF8_SUBSTITUTE), so the output is always valid JSON. Returns the position after the last byte written. */
char *lyger_json_escape(char *out, const char *s, size_t n);

/* Whether s[0..n) is a JSON number as RFC 8259 spells it
 * (-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?). */
int lyger_json_is_number(const char *s, size_t n);

/* Appends a JSON string (quotes included). Returns 0 on allocation failure. */
int lyger_json_write_string(lyger_jbuf *b, const char *s, size_t n);

/* Appends n bytes as they are (JSON the caller made). Returns 0 on allocation failure. */
int lyger_json_write_raw(lyger_jbuf *b, const char *s, size_t n);

/* Appends a 64-bit integer as a JSON number (exact). Returns 0 on allocation failure. */
int lyger_json_write_int64(lyger_jbuf *b, int64_t v);

/* Appends a double as json_encode writes it with serialize_precision -1: the
 * shortest text that reads back as the same double (1.0 as 1),
 * exponent form as 1.0e+25 / 1.5e-7; NaN/Infinity/-Infinity as JSON strings (as the
 * PostgreSQL writer does for float columns). Returns 0 on allocation failure. */
int lyger_json_write_double(lyger_jbuf *b, double d);

/* The extension hands in PHP's own formatter (the one json_encode calls, with the
 * request's serialize_precision), so finite doubles are written exactly as json_encode
 * writes them and faster than the portable search above; buf has 64 bytes, the
 * function returns the length written. NULL: the portable code. */
typedef size_t (*lyger_json_double_fmt)(double d, char *buf);
void lyger_json_set_double_format(lyger_json_double_fmt fmt);

/* Appends bytes as the JSON string "\\x<lowercase hex>" (PostgreSQL's bytea hex
 * output: the encoding every engine uses for binary columns). */
int lyger_json_write_hex(lyger_jbuf *b, const void *data, size_t n);

/* A close upper estimate of the JSON size of `res` (exact except for escapes,
 * plus a small margin), so the caller can size the buffer once. */
size_t lyger_json_result_estimate(const PGresult *res);

/* Appends the result as a JSON array of row objects ("[]" when it has no rows or
 * no columns, e.g. a command result). Returns 0 on allocation failure. */
int lyger_json_write_result(lyger_jbuf *b, const PGresult *res);

/* The same array written from a result that comes in pieces (single-row mode): each
 * piece's rows appended in turn, then the closing bracket ("[]" when no piece had
 * rows). Every piece must have the columns, in the formats, of the first one with
 * rows. Write and finish return 0 on allocation failure; new returns NULL. */
typedef struct lyger_json_rows lyger_json_rows;
lyger_json_rows *lyger_json_rows_new(void);
int lyger_json_rows_write(lyger_jbuf *b, lyger_json_rows *w, const PGresult *res);
int lyger_json_rows_finish(lyger_jbuf *b, const lyger_json_rows *w);
void lyger_json_rows_free(lyger_json_rows *w);

#endif
