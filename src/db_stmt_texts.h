/* What the engines' statement caches (db_pg_stmt.c, db_mysql_stmt.c) share: a fixed array
 * of slots, each beginning with a lyger_db_text, keyed by a query text and an engine's own
 * int (PostgreSQL: the parameter count; MySQL: 0), with a recency tick per slot; a new text
 * takes a free slot or the least recently used one. Plain C. */
#ifndef LYGER_DB_STMT_TEXTS_H
#define LYGER_DB_STMT_TEXTS_H

#include <stddef.h>
#include <stdint.h>

#define LYGER_DB_STMT_MAX_SQL 8192 /* longer texts are never cached */

typedef struct {
    char *sql;        /* NULL: a free slot */
    size_t len;
    uint32_t hash;
    int key;
    uint64_t last;    /* recency tick */
} lyger_db_text;

/* slots: n slots of size bytes each (an engine's struct, lyger_db_text first); tick: the
 * cache's recency counter. */

/* The slot of (sql, key), made most recently used, or NULL. */
lyger_db_text *lyger_db_texts_find(void *slots, size_t size, int n, uint64_t *tick, const char *sql, size_t len,
                                   int key);
/* The slot (sql, key) now holds, most recently used: a free one, else the least recently
 * used, whose text is freed; *reused says which, the engine's part of the slot is left as
 * it was for the caller to release and set. NULL when out of memory or the text is too
 * long (nothing changed). */
lyger_db_text *lyger_db_texts_claim(void *slots, size_t size, int n, uint64_t *tick, const char *sql, size_t len,
                                    int key, int *reused);
/* Frees a slot's text and zeroes the whole slot (size bytes). */
void lyger_db_texts_forget(lyger_db_text *t, size_t size);

#endif
