/* The MySQL engine's statement cache (src/db_mysql.c): which query texts of one
 * connection have a server-side prepared statement, and which one. Plain C: the
 * statement is an opaque pointer (a MYSQL_STMT) that the caller prepares and closes.
 *
 * A text is remembered when first seen and prepared when seen again, so a query run
 * once (values written into its text) costs no extra round trip and no statement on
 * the server; from then on it is executed by its statement (COM_STMT_EXECUTE, binary
 * rows). At most LYGER_MY_STMTS texts per connection, the least recently used one out
 * (the caller closes its statement): 32 x the connections of a host's PHP workers
 * stays well under the server's max_prepared_stmt_count (16,382 by default). */
#ifndef LYGER_DB_MYSQL_STMT_H
#define LYGER_DB_MYSQL_STMT_H

#include "db_stmt_texts.h"

#include <stddef.h>
#include <stdint.h>

#define LYGER_MY_STMTS 32 /* texts longer than LYGER_DB_STMT_MAX_SQL are never cached */

typedef struct {
    lyger_db_text text; /* db_stmt_texts.h */
    void *stmt;       /* the prepared statement, or NULL: seen once, not prepared */
    size_t last_json; /* bytes of the JSON its last dbQueryJson wrote into the PHP string
                         (the next one reserves about that much at once) */
} lyger_my_stmt;

typedef struct {
    lyger_my_stmt slot[LYGER_MY_STMTS];
    uint64_t tick;
} lyger_my_stmts;

/* The entry for sql, made most recently used, or NULL. */
lyger_my_stmt *lyger_my_stmts_find(lyger_my_stmts *c, const char *sql, size_t len);
/* Remembers sql, not prepared yet, in a free slot or in place of the least recently
 * used entry, whose statement (or NULL) is stored in *evicted for the caller to close.
 * NULL when out of memory or the text is too long (nothing changed). */
lyger_my_stmt *lyger_my_stmts_add(lyger_my_stmts *c, const char *sql, size_t len, void **evicted);
/* Forgets one entry (its statement, if any, is the caller's to close first). */
void lyger_my_stmts_drop(lyger_my_stmts *c, lyger_my_stmt *s);
/* Forgets every entry, calling close(stmt) for each prepared one. */
void lyger_my_stmts_clear(lyger_my_stmts *c, void (*close)(void *stmt));

#endif
