/* The MySQL engine's statement cache: see db_mysql_stmt.h. */
#include "db_mysql_stmt.h"

#include <stdlib.h>
#include <string.h>

static uint32_t hash_text(const char *s, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h = (h ^ (unsigned char) s[i]) * 16777619u;
    }
    return h;
}

lyger_my_stmt *lyger_my_stmts_find(lyger_my_stmts *c, const char *sql, size_t len)
{
    if (len > LYGER_MY_STMT_MAX_SQL) {
        return NULL;
    }
    uint32_t h = hash_text(sql, len);
    for (int i = 0; i < LYGER_MY_STMTS; i++) {
        lyger_my_stmt *s = &c->slot[i];
        if (s->sql && s->hash == h && s->len == len && memcmp(s->sql, sql, len) == 0) {
            s->last = ++c->tick;
            return s;
        }
    }
    return NULL;
}

lyger_my_stmt *lyger_my_stmts_add(lyger_my_stmts *c, const char *sql, size_t len, void **evicted)
{
    *evicted = NULL;
    if (len > LYGER_MY_STMT_MAX_SQL) {
        return NULL;
    }
    char *copy = malloc(len + 1);
    if (!copy) {
        return NULL;
    }
    memcpy(copy, sql, len);
    copy[len] = '\0';
    lyger_my_stmt *s = NULL;
    for (int i = 0; i < LYGER_MY_STMTS; i++) {
        lyger_my_stmt *t = &c->slot[i];
        if (!t->sql) {
            s = t;
            break;
        }
        if (!s || t->last < s->last) {
            s = t;
        }
    }
    if (s->sql) {
        *evicted = s->stmt;
        free(s->sql);
    }
    s->sql = copy;
    s->len = len;
    s->hash = hash_text(sql, len);
    s->stmt = NULL;
    s->last = ++c->tick;
    return s;
}

void lyger_my_stmts_drop(lyger_my_stmts *c, lyger_my_stmt *s)
{
    (void) c;
    free(s->sql);
    memset(s, 0, sizeof *s);
}

void lyger_my_stmts_clear(lyger_my_stmts *c, void (*close)(void *stmt))
{
    for (int i = 0; i < LYGER_MY_STMTS; i++) {
        if (c->slot[i].stmt) {
            close(c->slot[i].stmt);
        }
        free(c->slot[i].sql);
        memset(&c->slot[i], 0, sizeof c->slot[i]);
    }
}
