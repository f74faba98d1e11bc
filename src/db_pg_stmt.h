/* The PostgreSQL engine's statement cache (src/db_pg.c): which query texts of one
 * connection are prepared on the server, under which name. Plain C, no libpq.
 *
 * A text is remembered when first seen and prepared when seen again (so a query run
 * once, with values written into its text, costs no extra round trip), then executed
 * by name: the server skips parsing and planning. At most LYGER_PG_STMTS texts per
 * connection; the least recently used one goes (and the caller deallocates it on the
 * server when it was prepared). */
#ifndef LYGER_DB_PG_STMT_H
#define LYGER_DB_PG_STMT_H

#include "db_stmt_texts.h"

#include <stddef.h>
#include <stdint.h>

#define LYGER_PG_STMTS 64 /* texts longer than LYGER_DB_STMT_MAX_SQL are never cached */
#define LYGER_PG_RESULT_UNKNOWN (-2)
#define LYGER_PG_RESULT_TEXT (-1)

typedef struct {
    lyger_db_text text; /* the text and the parameter count (db_stmt_texts.h) */
    int prepared;     /* 1: exists on the server as name */
    int result_needs; /* its result columns, learnt from its first run by name:
                         LYGER_PG_RESULT_UNKNOWN, LYGER_PG_RESULT_TEXT (a type without a
                         binary decoder, or no columns), else the settings the binary
                         decoders need (db_pg_binary.h) */
    int last_rows;    /* rows its last run by name returned (binary pays from
                         LYGER_PG_BINARY_MIN_ROWS on) */
    size_t last_json; /* bytes of the JSON its last streamed run wrote (the next one
                         reserves that much at once) */
    char name[64];    /* "lyger_<tag>_<n>" (NAMEDATALEN is 64) */
} lyger_pg_stmt;

typedef struct {
    lyger_pg_stmt slot[LYGER_PG_STMTS];
    uint64_t tick;
    uint64_t next_id;
    /* unique to this connection (pid and random bits): behind a pooler that hands
     * server sessions from client to client, a name never reaches a statement that
     * another client prepared (it would then be "does not exist", 26000, and run
     * unprepared, never another text) */
    char tag[32];
} lyger_pg_stmts;

/* Makes an empty cache with a fresh tag. */
void lyger_pg_stmts_init(lyger_pg_stmts *c);

/* The entry for (sql, nparams), made most recently used, or NULL. */
lyger_pg_stmt *lyger_pg_stmts_find(lyger_pg_stmts *c, const char *sql, size_t len, int nparams);
/* Remembers (sql, nparams), not prepared yet, in a free slot or in place of the least
 * recently used entry. When that entry was prepared its name is copied to evicted
 * (else evicted[0] is '\0') for the caller to deallocate. NULL when out of memory or
 * the text is too long (nothing changed). */
lyger_pg_stmt *lyger_pg_stmts_add(lyger_pg_stmts *c, const char *sql, size_t len, int nparams,
                                  char evicted[64]);
/* Forgets one entry (a failed prepare, a statement the server no longer has). */
void lyger_pg_stmts_drop(lyger_pg_stmts *c, lyger_pg_stmt *s);
/* Forgets everything (a new session: the server has none of them); the tag stays. */
void lyger_pg_stmts_clear(lyger_pg_stmts *c);

#endif
