/* The engines' statement caches' shared part: see db_stmt_texts.h. */
#include "db_stmt_texts.h"

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

static lyger_db_text *slot_at(void *slots, size_t size, int i)
{
    return (lyger_db_text *) ((char *) slots + (size_t) i * size);
}

lyger_db_text *lyger_db_texts_find(void *slots, size_t size, int n, uint64_t *tick, const char *sql, size_t len,
                                   int key)
{
    if (len > LYGER_DB_STMT_MAX_SQL) {
        return NULL;
    }
    uint32_t h = hash_text(sql, len);
    for (int i = 0; i < n; i++) {
        lyger_db_text *t = slot_at(slots, size, i);
        if (t->sql && t->hash == h && t->len == len && t->key == key && memcmp(t->sql, sql, len) == 0) {
            t->last = ++*tick;
            return t;
        }
    }
    return NULL;
}

lyger_db_text *lyger_db_texts_claim(void *slots, size_t size, int n, uint64_t *tick, const char *sql, size_t len,
                                    int key, int *reused)
{
    *reused = 0;
    if (len > LYGER_DB_STMT_MAX_SQL) {
        return NULL;
    }
    char *copy = malloc(len + 1);
    if (!copy) {
        return NULL;
    }
    memcpy(copy, sql, len);
    copy[len] = '\0';
    lyger_db_text *s = NULL;
    for (int i = 0; i < n; i++) {
        lyger_db_text *t = slot_at(slots, size, i);
        if (!t->sql) {
            s = t;
            break;
        }
        if (!s || t->last < s->last) {
            s = t;
        }
    }
    if (s->sql) {
        *reused = 1;
        free(s->sql);
    }
    s->sql = copy;
    s->len = len;
    s->hash = hash_text(sql, len);
    s->key = key;
    s->last = ++*tick;
    return s;
}

void lyger_db_texts_forget(lyger_db_text *t, size_t size)
{
    free(t->sql);
    memset(t, 0, size);
}
