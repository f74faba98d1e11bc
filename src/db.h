/* The database layer's interface to the extension: DSN routing to an engine
 * (src/db_pg.c, db_sqlite.c, db_mysql.c behind src/db_driver.h), one connection
 * per DSN per process, the result-handle table and the per-request cleanup.
 * Plain C, no Zend headers: everything here outlives requests and is malloc'ed. */
#ifndef LYGER_DB_H
#define LYGER_DB_H

#include <stddef.h>
#include <stdint.h>

#include "json_writer.h"

typedef struct lyger_db lyger_db;
typedef struct lyger_db_result lyger_db_result;

/* A failure, ready to become a DatabaseException: message (malloc'ed, never holds
 * the DSN's password) and SQLSTATE ("" when none). */
typedef struct {
    char *message;
    char sqlstate[6];
} lyger_db_error;

/* One query parameter. text is always set for non-NULL values (NUL-terminated,
 * the text form PostgreSQL takes: bool as t/f); engines that bind typed values use
 * kind with i / d. */
typedef enum { LYGER_DB_NULL, LYGER_DB_BOOL, LYGER_DB_INT, LYGER_DB_FLOAT, LYGER_DB_TEXT } lyger_db_param_kind;
typedef struct {
    lyger_db_param_kind kind;
    int64_t i; /* BOOL (0/1) and INT */
    double d;  /* FLOAT */
    const char *text;
    size_t len;
} lyger_db_param;

/* Settings a connection is opened with (lyger.db_connect_timeout, lyger.db_busy_timeout,
 * lyger.db_pg_statement_cache, lyger.db_mysql_statement_cache). */
typedef struct {
    long connect_timeout; /* seconds, when the DSN names none; 0 = none */
    long busy_timeout_ms; /* SQLite: how long a statement waits for another writer's lock */
    int pg_statement_cache; /* PostgreSQL: prepare query texts run again (db_pg_stmt.h) */
    int mysql_statement_cache; /* MySQL: prepare query texts run again (db_mysql_stmt.h) */
    int pg_binary;          /* PostgreSQL: binary results of prepared statements: LYGER_PG_BINARY_* */
    lyger_jbuf *json_out;   /* dbQueryJson: an empty buffer an engine may write the
                               result's whole JSON into as the rows arrive, instead of keeping
                               them (it then has a length > 0); NULL: keep the rows */
} lyger_db_options;

/* lyger.db_pg_binary */
#define LYGER_PG_BINARY_OFF 0  /* every result in text format */
#define LYGER_PG_BINARY_AUTO 1 /* where it is faster (db_pg_binary.h: GAINS, none SLOWER) */
#define LYGER_PG_BINARY_ALL 2  /* wherever every column has a decoder */

typedef struct {
    size_t connections;   /* open connections owned by this process */
    size_t open_results;  /* live result handles */
    size_t result_bytes;  /* bytes those results hold */
    uint64_t queries;     /* statements run by this process */
    uint64_t reconnects;  /* connections reset after being found broken */
} lyger_db_stats;

/* The largest number of handles the table can hold, whatever lyger.db_max_results says. */
#define LYGER_DB_MAX_RESULTS_CAP ((1L << 24) - 2)

lyger_db *lyger_db_new(void);
/* Closes this process's connections (never a forked parent's) and frees results. */
void lyger_db_free(lyger_db *db);

void lyger_db_error_clear(lyger_db_error *err);

/* Whether the DSN is of a kind this build speaks. When not, fills err with a message
 * naming the accepted forms (never echoing more of the DSN than its scheme). */
int lyger_db_dsn_check(const char *dsn, size_t len, lyger_db_error *err);
/* Where the file name of an SQLite DSN starts when it is a relative path (which the
 * binding resolves against PHP's working directory, per thread in ZTS, before the
 * DSN names a connection); -1 for every other DSN, ":memory:" and absolute paths. */
long lyger_db_sqlite_relative_path(const char *dsn, size_t len);

/* Runs `query` with its parameters on the DSN's connection, connecting or
 * reconnecting as needed (with opts). Returns a result (the caller owns it: lyger_db_result_release), or NULL
 * with err filled. */
lyger_db_result *lyger_db_exec(lyger_db *db, const char *dsn, size_t dsn_len, const lyger_db_options *opts,
                               const char *query, size_t query_len, int nparams,
                               const lyger_db_param *params, lyger_db_error *err);

/* What a result is: its JSON (a close upper size estimate first, so the buffer is
 * sized once), the rows a command changed, and its release. */
size_t lyger_db_result_estimate(const lyger_db_result *res);
int lyger_db_result_json(lyger_jbuf *b, const lyger_db_result *res);
int64_t lyger_db_result_affected(const lyger_db_result *res);
void lyger_db_result_release(lyger_db_result *res);

/* Stores res behind a new handle (>= 1). Returns 0 when max_results handles are
 * already open (res is then still the caller's). */
int64_t lyger_db_result_put(lyger_db *db, lyger_db_result *res, long max_results);
/* The live result behind handle, or NULL (never issued, freed, earlier request). */
lyger_db_result *lyger_db_result_get(lyger_db *db, int64_t handle);
/* Frees the result behind handle; returns 0 when it was not live. */
int lyger_db_result_free(lyger_db *db, int64_t handle);

/* Request end: frees every open result, rolls back connections left inside a
 * transaction (closing those that cannot be rolled back). */
void lyger_db_request_end(lyger_db *db);

void lyger_db_get_stats(lyger_db *db, lyger_db_stats *stats);

/* Per engine compiled in: name, client library, and its figures in this process.
 * Returns 0 past the last engine. */
typedef struct {
    const char *name;
    const char *library;
    size_t connections;
    uint64_t queries;
    uint64_t reconnects;
    uint64_t statements_cached;
    uint64_t results_streamed;
} lyger_db_engine_info;
int lyger_db_engine_info_at(lyger_db *db, int i, lyger_db_engine_info *out);

#endif
