/* The MySQL engine's statement cache: see db_mysql_stmt.h. */
#include "db_mysql_stmt.h"

lyger_my_stmt *lyger_my_stmts_find(lyger_my_stmts *c, const char *sql, size_t len)
{
    return (lyger_my_stmt *) lyger_db_texts_find(c->slot, sizeof c->slot[0], LYGER_MY_STMTS, &c->tick, sql, len, 0);
}

lyger_my_stmt *lyger_my_stmts_add(lyger_my_stmts *c, const char *sql, size_t len, void **evicted)
{
    *evicted = NULL;
    int reused;
    lyger_my_stmt *s = (lyger_my_stmt *) lyger_db_texts_claim(c->slot, sizeof c->slot[0], LYGER_MY_STMTS, &c->tick,
                                                              sql, len, 0, &reused);
    if (!s) {
        return NULL;
    }
    if (reused) {
        *evicted = s->stmt;
    }
    s->stmt = NULL;
    s->last_json = 0;
    return s;
}

void lyger_my_stmts_drop(lyger_my_stmts *c, lyger_my_stmt *s)
{
    (void) c;
    lyger_db_texts_forget(&s->text, sizeof *s);
}

void lyger_my_stmts_clear(lyger_my_stmts *c, void (*close)(void *stmt))
{
    for (int i = 0; i < LYGER_MY_STMTS; i++) {
        if (c->slot[i].stmt) {
            close(c->slot[i].stmt);
        }
        lyger_db_texts_forget(&c->slot[i].text, sizeof c->slot[i]);
    }
}
