/* The seam between src/db.c (DSN routing, connection and handle tables, per-request
 * cleanup) and the engines (src/db_pg.c, db_sqlite.c, db_mysql.c). Plain C.
 *
 * An engine sees one connection at a time and never the table: db.c owns the DSN,
 * the password scrubbing (every error an engine fills is scrubbed by db.c before it
 * leaves), the process that opened each connection (fork safety) and the handles.
 * A result is engine-defined: it starts with a lyger_db_result header naming its
 * engine, so db.c can free it, size it and have it written as JSON. */
#ifndef LYGER_DB_DRIVER_H
#define LYGER_DB_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "json_writer.h"

typedef struct lyger_db_driver lyger_db_driver;

struct lyger_db_result {
    const lyger_db_driver *drv;
};

/* Figures an engine keeps for systemInfo()['db']['engines'][name]. */
typedef struct {
    uint64_t queries;
    uint64_t reconnects;
    uint64_t statements_cached; /* prepared-statement cache hits, where the engine has one */
    uint64_t results_streamed;  /* dbQueryJson results written as their rows arrived */
} lyger_db_engine_stats;

struct lyger_db_driver {
    const char *name;    /* "pgsql", "mysql", "sqlite": the key in systemInfo() */
    const char *library; /* the client library and its version, for systemInfo() */

    /* Opens a connection for the checked DSN (NUL-terminated), or NULL with err filled
     * (SQLSTATE 08006 when nothing could be reached). */
    void *(*connect)(const char *dsn, size_t len, const lyger_db_options *opts, lyger_db_error *err);
    /* The DSN's password as the engine decodes it (malloc'ed, for scrubbing), or NULL. */
    char *(*password)(const char *dsn, size_t len);
    /* Before a statement on a reused connection: 0 = usable; 1 = it was found dead
     * and reopened (err filled when that lost an open transaction: the caller must
     * fail this call); -1 = dead and cannot be reopened (err filled; caller drops it). */
    int (*revive)(void *conn, lyger_db_engine_stats *st, lyger_db_error *err);
    /* Runs the query with its parameters; a result, or NULL with err filled. */
    lyger_db_result *(*query)(void *conn, const char *sql, size_t sql_len, int nparams,
                              const lyger_db_param *params, lyger_db_engine_stats *st, lyger_db_error *err);
    /* Optional: query, for a caller that wants only the result's JSON, which the engine
     * may write into `out` (lyger_db_options.json_out) as the rows arrive: on success `out`
     * then holds all of it, else it is left empty (length 0) and result_json writes it. */
    lyger_db_result *(*query_json)(void *conn, const char *sql, size_t sql_len, int nparams,
                                   const lyger_db_param *params, lyger_db_engine_stats *st, lyger_db_error *err,
                                   lyger_jbuf *out);
    /* Request end: 0 when the connection is idle (rolled back if it was inside a
     * transaction), -1 when it cannot be brought back to idle (it is then closed). */
    int (*request_end)(void *conn);
    /* Closes; foreign = opened by the parent of this forked process: must not touch
     * anything the parent still uses (its socket, its file locks). */
    void (*close)(void *conn, int foreign);

    /* Results */
    size_t (*result_estimate)(const lyger_db_result *res); /* JSON size, close upper bound */
    int (*result_json)(lyger_jbuf *b, const lyger_db_result *res);
    int64_t (*result_affected)(const lyger_db_result *res);
    size_t (*result_bytes)(const lyger_db_result *res);
    void (*result_free)(lyger_db_result *res);
};

/* Error helpers shared by the engines (db.c). */
void lyger_db_set_error(lyger_db_error *err, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "prefix: text" without the text's trailing newlines/spaces ("unknown error" if empty). */
void lyger_db_set_error_text(lyger_db_error *err, const char *sqlstate, const char *prefix, const char *text);

/* SQLSTATE for a connection that could not be made or was lost (as PDO does). */
#define LYGER_SQLSTATE_CONNECTION_FAILURE "08006"

extern const lyger_db_driver lyger_db_driver_pg;
#ifdef LYGER_HAVE_MYSQL
extern const lyger_db_driver lyger_db_driver_mysql;
#endif
#ifdef LYGER_HAVE_SQLITE
extern const lyger_db_driver lyger_db_driver_sqlite;
#endif

#endif
