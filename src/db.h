/* libpq connections (one per DSN per process) and the result-handle table.
 * Plain C, no Zend headers: everything here outlives requests and is malloc'ed. */
#ifndef LYGER_DB_H
#define LYGER_DB_H

#include <stddef.h>
#include <stdint.h>
#include <libpq-fe.h>

typedef struct lyger_db lyger_db;

/* A failure, ready to become a DatabaseException: message (malloc'ed, never holds
 * the DSN's password) and SQLSTATE ("" when none). */
typedef struct {
    char *message;
    char sqlstate[6];
} lyger_db_error;

typedef struct {
    size_t connections;   /* open connections owned by this process */
    size_t open_results;  /* live result handles */
    size_t result_bytes;  /* bytes those results hold (PQresultMemorySize) */
    uint64_t queries;     /* statements run by this process */
    uint64_t reconnects;  /* connections reset after being found broken */
} lyger_db_stats;

/* The largest number of handles the table can hold, whatever lyger.db_max_results says. */
#define LYGER_DB_MAX_RESULTS_CAP ((1L << 24) - 2)

lyger_db *lyger_db_new(void);
/* Closes this process's connections (never a forked parent's socket) and frees results. */
void lyger_db_free(lyger_db *db);

void lyger_db_error_clear(lyger_db_error *err);

/* Whether the DSN is a PostgreSQL URL or a libpq keyword/value string. When not,
 * fills err with a message naming the supported forms. */
int lyger_db_dsn_check(const char *dsn, size_t len, lyger_db_error *err);

/* Runs `query` with text-format parameters (values[i] NULL = SQL NULL) on the
 * DSN's connection, connecting or reconnecting as needed (connect_timeout
 * default_timeout seconds when the DSN names none). Returns a result whose status
 * is PGRES_TUPLES_OK, PGRES_COMMAND_OK or PGRES_EMPTY_QUERY (the caller owns it),
 * or NULL with err filled. */
PGresult *lyger_db_exec(lyger_db *db, const char *dsn, size_t dsn_len, long default_timeout,
                        const char *query, int nparams, const char *const *values,
                        lyger_db_error *err);

/* Stores res behind a new handle (>= 1). Returns 0 when max_results handles are
 * already open (res is then still the caller's). */
int64_t lyger_db_result_put(lyger_db *db, PGresult *res, long max_results);
/* The live result behind handle, or NULL (never issued, freed, earlier request). */
PGresult *lyger_db_result_get(lyger_db *db, int64_t handle);
/* Frees the result behind handle; returns 0 when it was not live. */
int lyger_db_result_free(lyger_db *db, int64_t handle);

/* Request end: frees every open result, rolls back connections left inside a
 * transaction (closing those that cannot be rolled back). */
void lyger_db_request_end(lyger_db *db);

void lyger_db_get_stats(lyger_db *db, lyger_db_stats *stats);

#endif
