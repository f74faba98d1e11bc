/* The PostgreSQL engine's statement cache: see db_pg_stmt.h. */
#include "db_pg_stmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

static uint32_t hash_text(const char *s, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h = (h ^ (unsigned char) s[i]) * 16777619u;
    }
    return h;
}

lyger_pg_stmt *lyger_pg_stmts_find(lyger_pg_stmts *c, const char *sql, size_t len, int nparams)
{
    if (len > LYGER_PG_STMT_MAX_SQL) {
        return NULL;
    }
    uint32_t h = hash_text(sql, len);
    for (int i = 0; i < LYGER_PG_STMTS; i++) {
        lyger_pg_stmt *s = &c->slot[i];
        if (s->sql && s->hash == h && s->len == len && s->nparams == nparams && memcmp(s->sql, sql, len) == 0) {
            s->last = ++c->tick;
            return s;
        }
    }
    return NULL;
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
    if (len > LYGER_PG_STMT_MAX_SQL) {
        return NULL;
    }
    char *copy = malloc(len + 1);
    if (!copy) {
        return NULL;
    }
    memcpy(copy, sql, len);
    copy[len] = '\0';
    lyger_pg_stmt *s = NULL;
    for (int i = 0; i < LYGER_PG_STMTS; i++) {
        lyger_pg_stmt *t = &c->slot[i];
        if (!t->sql) {
            s = t;
            break;
        }
        if (!s || t->last < s->last) {
            s = t;
        }
    }
    if (s->sql) {
        if (s->prepared) {
            memcpy(evicted, s->name, sizeof s->name);
        }
        free(s->sql);
    }
    s->sql = copy;
    s->len = len;
    s->hash = hash_text(sql, len);
    s->nparams = nparams;
    s->prepared = 0;
    s->result_needs = LYGER_PG_RESULT_UNKNOWN;
    s->last_rows = 0;
    s->last = ++c->tick;
    snprintf(s->name, sizeof s->name, "lyger_%s_%llu", c->tag, (unsigned long long) ++c->next_id);
    return s;
}

void lyger_pg_stmts_drop(lyger_pg_stmts *c, lyger_pg_stmt *s)
{
    (void) c;
    free(s->sql);
    memset(s, 0, sizeof *s);
}

void lyger_pg_stmts_clear(lyger_pg_stmts *c)
{
    for (int i = 0; i < LYGER_PG_STMTS; i++) {
        free(c->slot[i].sql);
        memset(&c->slot[i], 0, sizeof c->slot[i]);
    }
}
