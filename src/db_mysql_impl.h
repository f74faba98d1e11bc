/* What the MySQL engine's two files share: src/db_mysql.c (connections, the text
 * protocol, the statement cache's use) and src/db_mysql_bin.c (prepared statements:
 * typed parameters, binary rows written as JSON). Internal to the engine. */
#ifndef LYGER_DB_MYSQL_IMPL_H
#define LYGER_DB_MYSQL_IMPL_H

#include "db_driver.h"

#include <mysql.h>

typedef struct {
    lyger_db_result base;
    char *json; /* NULL: no rows ("[]") */
    size_t len;
    int64_t affected;
} lyger_my_result;

/* How a column's values are written: K_RAW as they are (integers, YEAR, MySQL's JSON),
 * K_NUM as a number when they read as one (DECIMAL, FLOAT, DOUBLE), K_HEX as
 * "\\x<hex>" (binary strings, BIT), K_STRING as a JSON string. */
typedef enum { K_STRING, K_RAW, K_NUM, K_HEX } lyger_my_kind;
lyger_my_kind lyger_my_kind_of(const MYSQL_FIELD *f);

/* The '{"name":' / ',"name":' text written before each column's value: one malloc'ed
 * block (returned; free it) that prefix[c] / plen[c] point into, or NULL. */
char *lyger_my_prefixes(const MYSQL_FIELD *fields, unsigned ncols, char **prefix, size_t *plen);

/* Fills err from a MySQL error (number, SQLSTATE, message): "prefix" + message +
 * " (MySQL error N)", 08006 when the connection was lost. */
void lyger_my_set_error(lyger_db_error *err, unsigned no, const char *state, const char *msg, const char *prefix);

/* A result holding json (taken) and affected, or NULL with err filled. */
lyger_db_result *lyger_my_result_new(char *json, size_t len, int64_t affected, lyger_db_error *err);

/* Whether every float parameter is finite (MySQL has no NaN or Infinity). */
int lyger_my_params_finite(int nparams, const lyger_db_param *params);

/* Runs a prepared statement with the parameters bound by type (nparams must be its
 * parameter count), its rows read in the binary protocol and written as JSON exactly
 * as the text protocol's rows are: into out when given (the caller's query_json buffer,
 * which then holds all of it; the result holds none), else into the result. Returns
 * the result, or NULL: with *stale = 1 when the statement could not run as prepared and
 * nothing ran, nothing written either (the server lost it, 1243, or must prepare it
 * again, 1615): the caller closes it and runs the text instead; else with err filled
 * (the statement's error: never to be run again). */
lyger_db_result *lyger_my_stmt_run(MYSQL_STMT *s, int nparams, const lyger_db_param *params, lyger_jbuf *out,
                                   int *stale, lyger_db_error *err);

#endif
