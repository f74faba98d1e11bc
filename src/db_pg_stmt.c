/* The PostgreSQL engine's statement cache: see db_pg_stmt.h. */
#include "db_pg_stmt.h"

#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

lyger_pg_stmt *lyger_pg_stmts_find(lyger_pg_stmts *c, const char *sql, size_t len, int nparams)
{
    return (lyger_pg_stmt *) lyger_db_texts_find(c->slot, sizeof c->slot[0], LYGER_PG_STMTS, &c->tick, sql, len,
                                                 nparams);
}

void lyger_pg_stmts_init(lyger_pg_stmts *c)
{
    memset(c, 0, sizeof *c);
    uint64_t r = 0;
    if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t) sizeof r) {
        struct timespec t;
        clock_gettime(CLOCK_REALTIME, &t);
        r = (uint64_t) t.tv_nsec * 2654435761u ^ (uint64_t) t.tv_sec ^ (uint64_t) (uintptr_t) c;
    }
    snprintf(c->tag, sizeof c->tag, "%x_%llx", (unsigned) getpid(), (unsigned long long) r);
}

lyger_pg_stmt *lyger_pg_stmts_add(lyger_pg_stmts *c, const char *sql, size_t len, int nparams, char evicted[64])
{
    evicted[0] = '\0';
    int reused;
    lyger_pg_stmt *s = (lyger_pg_stmt *) lyger_db_texts_claim(c->slot, sizeof c->slot[0], LYGER_PG_STMTS, &c->tick,
                                                              sql, len, nparams, &reused);
    if (!s) {
        return NULL;
    }
    if (reused && s->prepared) {
        memcpy(evicted, s->name, sizeof s->name);
    }
    s->prepared = 0;
    s->result_needs = LYGER_PG_RESULT_UNKNOWN;
    s->last_rows = 0;
    s->last_json = 0;
    snprintf(s->name, sizeof s->name, "lyger_%s_%llu", c->tag, (unsigned long long) ++c->next_id);
    return s;
}

void lyger_pg_stmts_drop(lyger_pg_stmts *c, lyger_pg_stmt *s)
{
    (void) c;
    lyger_db_texts_forget(&s->text, sizeof *s);
}

void lyger_pg_stmts_clear(lyger_pg_stmts *c)
{
    for (int i = 0; i < LYGER_PG_STMTS; i++) {
        lyger_db_texts_forget(&c->slot[i].text, sizeof c->slot[i]);
    }
}
