/* Applying a batch (the plan API of cache_store.h): items that src/cache_batch.c
 * parsed are checked against the store and stored all or nothing. */
#include "cache_store_impl.h"

/*
 * Both parsers first check every item and collect it as a pending item pointing at
 * its key and value bytes (in the input, in jansson's tree, or, for bytes that had
 * to be decoded or encoded, in an entry built at once), and plans it (plan_item,
 * a few items behind the parser). Nothing is stored until every item has passed;
 * then the plan decides how each item is applied (plan_finish):
 *   - in place: the key is stored with a value of the same size and nothing in the
 *     batch can disturb that entry; the value is copied over it, as cacheSet does;
 *   - otherwise a new entry is allocated for it before anything is stored.
 * The in-place path is only safe when applying the batch evicts nothing at any
 * step (an item replacing its entry frees the old one first) and no two
 * items share a stored key; when either may happen (the batch alone overflows the
 * budget or the entry cap, or it repeats a key), every item gets a new entry and
 * they are linked in order, exactly as successive cacheSet calls would leave the
 * store. Either way every allocation happens before the first item is stored, so a
 * batch that fails stores nothing. */

typedef struct {
    const char *key, *value;
    size_t key_len, value_len;
    int64_t ttl;
    uint32_t hash;
    lyger_cache_entry *fresh;  /* a new entry holding the item, or NULL: in place */
    lyger_cache_entry *target; /* the stored entry under the same key when planned */
} pending;

struct lyger_cache_plan {
    pending *items;
    size_t n, cap;
    size_t planned;  /* items[0, planned) went through plan_item */
    lyger_cache *cache;
    /* the plan so far (see plan_item) */
    size_t added, removed, new_keys;
    size_t peak;     /* the most memory_used reaches while the items are applied */
    size_t to_build; /* items needing a new entry when the plan is not sequential */
    int repeated; /* a stored key appears twice */
    int sequential;
    int marked;   /* stored entries carry the PLANNED mark */
};
typedef lyger_cache_plan pending_list;

/* Set on an entry's value_len while a batch is being checked: an item claims it. */
#define PLANNED ((uint32_t) VALUE_LIMIT)

/* Finds the stored entry under the item's key and notes what storing it costs:
 * nothing more in place (a same-size value), else the charge of a new entry. */
static inline __attribute__((always_inline)) void plan_item(pending_list *l, pending *p)
{
    lyger_cache *c = l->cache;
    lyger_cache_entry *e = ent(c, *find_slot(c, p->hash, p->key, p->key_len));
    if (e) {
        if (e->value_len & PLANNED) {
            l->repeated = 1; /* left unclaimed: the plan turns sequential */
            return;
        }
        e->value_len |= PLANNED;
        l->marked = 1;
        p->target = e;
        if (!p->fresh && (e->value_len & ~PLANNED) == p->value_len) return; /* in place */
        l->removed += entry_cost(KEY_LEN(e), e->value_len & ~PLANNED);
    } else {
        l->new_keys++;
    }
    if (!p->fresh) l->to_build++;
    size_t cost = entry_cost(p->key_len, p->value_len);
    l->added = l->added > SIZE_MAX - cost ? SIZE_MAX : l->added + cost;
    /* items are planned in order, and an item's old entry goes before its new
     * one comes: memory_used after this item is at most this */
    size_t now = c->memory_used - l->removed;
    now = now > SIZE_MAX - l->added ? SIZE_MAX : now + l->added;
    if (now > l->peak) l->peak = now;
}

/* A batch's stored entries are scattered over the heap, so each lookup would wait
 * for memory twice (bucket, then entry). Items are therefore planned PLAN_LAG
 * items behind the parser: the bucket is prefetched when an item is parsed, the
 * entry it points at half way, and the lookup finds both in cache. */
#define PLAN_LAG 8

static inline void plan_pipeline(pending_list *l)
{
    lyger_cache *c = l->cache;
    size_t n = l->n;
    if (n > PLAN_LAG / 2) __builtin_prefetch(ent(c, c->buckets[l->items[n - 1 - PLAN_LAG / 2].hash & c->mask]));
    if (n - l->planned > PLAN_LAG) plan_item(l, &l->items[l->planned++]);
}

static void unmark(pending_list *l)
{
    if (!l->marked) return;
    for (size_t i = 0; i < l->planned; i++) {
        if (l->items[i].target) l->items[i].target->value_len &= ~PLANNED;
    }
    l->marked = 0;
}

static inline __attribute__((always_inline)) int pending_add(pending_list *l, const char *key, size_t key_len, const char *value, size_t value_len,
                       int64_t ttl, lyger_cache_entry *fresh)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        pending *d = realloc(l->items, cap * sizeof *d);
        if (!d) return 0;
        l->items = d;
        l->cap = cap;
    }
    pending *p = &l->items[l->n++];
    p->key = key;
    p->key_len = key_len;
    p->value = value;
    p->value_len = value_len;
    p->ttl = ttl;
    p->fresh = fresh;
    p->target = NULL;
    p->hash = fresh ? fresh->hash : hash_bytes(key, key_len, l->cache->kseed);
    __builtin_prefetch(&l->cache->buckets[p->hash & l->cache->mask]);
    plan_pipeline(l);
    return 1;
}

/* Adds an item whose bytes do not outlive the parser's next step: built at once. */
static int pending_add_built(pending_list *l, const char *key, size_t key_len, const char *value,
                             size_t value_len, int64_t ttl)
{
    lyger_cache *c = l->cache;
    lyger_cache_entry *e = lyger_cache_new_entry(c, hash_bytes(key, key_len, c->kseed), key, key_len, value, value_len, 0);
    if (!e) return 0;
    e->expires = expiry_for(c, ttl);
    if (!pending_add(l, e->data, key_len, e->data + key_len, value_len, ttl, e)) {
        free_entry(c, e);
        return 0;
    }
    return 1;
}

static void pending_free(pending_list *l)
{
    unmark(l);
    for (size_t i = 0; i < l->n; i++) free_entry(l->cache, l->items[i].fresh);
    free(l->items);
    l->items = NULL;
    l->n = l->cap = 0;
}


/* The item's new entry, with its expiry (a repair may link it: see write_journal);
 * evict: see lyger_cache_new_entry. */
static lyger_cache_entry *make_entry(lyger_cache *c, const pending *p, int evict)
{
    lyger_cache_entry *e = lyger_cache_new_entry(c, p->hash, p->key, p->key_len, p->value, p->value_len, evict);
    if (e) e->expires = expiry_for(c, p->ttl);
    return e;
}

/* Ends the plan once every item is in: in place where that is safe (see above),
 * else new entries, all allocated now. With stop_on_repeat, a stored key that
 * appears twice ends it with LYGER_CACHE_PLAN_REPEATED_KEY instead. */
static lyger_cache_plan_result plan_finish(pending_list *l, int stop_on_repeat)
{
    lyger_cache *c = l->cache;
    while (l->planned < l->n) plan_item(l, &l->items[l->planned++]);
    if (l->repeated && stop_on_repeat) return LYGER_CACHE_PLAN_REPEATED_KEY;
    /* (the entry count only grows, by new_keys at most) */
    int sequential = l->repeated || l->peak > c->memory_limit
                     || (c->max_entries && l->new_keys > c->max_entries - c->count);
    l->sequential = sequential;
    /* the marks stay on until each item is applied (batch_apply), sparing a pass
     * over the entries; a sequential plan drops them now */
    if (sequential) unmark(l);
    else if (l->to_build == 0) return LYGER_CACHE_PLAN_OK;
    if (sequential) {
        /* every item gets a new entry, linked in order, each evicting what it must
         * (batch_apply). They are made now while the heap (twice the budget) has room,
         * so that a repair can finish the batch from its journal; past that, the rest
         * are made one by one as they are applied. */
        for (size_t i = 0; i < l->n; i++) l->items[i].target = NULL;
        for (size_t i = 0; i < l->n; i++) {
            pending *p = &l->items[i];
            if (!p->fresh && !(p->fresh = make_entry(c, p, 0))) break;
        }
        return LYGER_CACHE_PLAN_OK;
    }
    for (size_t i = 0; i < l->n; i++) {
        pending *p = &l->items[i];
        if (p->fresh || (p->target && (p->target->value_len & ~PLANNED) == p->value_len)) continue;
        p->fresh = make_entry(c, p, 0);
        if (!p->fresh) return LYGER_CACHE_PLAN_NOMEM;
    }
    return LYGER_CACHE_PLAN_OK;
}

/* Moves the run of entries first..last (adjacent on the LRU list, last the
 * newest of them) to the front, keeping their order. */
static void lru_splice_newest(lyger_cache *c, lyger_cache_entry *first, lyger_cache_entry *last)
{
    if (c->newest == last) return;
    /* last is not the newest, so last->newer is set */
    lyger_cache_entry *after = ent(c, last->newer), *before = ent(c, first->older);
    after->older = first->older;
    if (before) before->newer = last->newer; else c->oldest = after;
    last->newer = 0;
    first->older = ref_of(c, c->newest);
    c->newest->newer = ref_of(c, first);
    c->newest = last;
}

/* The journal of a batch whose every item has its new entry made or is stored in
 * place, for a repair to finish it; NULL when some item's entry is still to be made,
 * or there is no room for the journal. */
static lyger_ref *write_journal(lyger_cache *c, const pending_list *l)
{
    if (l->n > (UINT32_MAX - 2) / 2) return NULL;
    for (size_t i = 0; i < l->n; i++) {
        if (!l->items[i].fresh && !l->items[i].target) return NULL;
    }
    lyger_ref *j = mem_alloc(c, (2 + 2 * l->n) * sizeof *j);
    if (!j) return NULL;
    JOURNAL_ITEMS(j) = (lyger_ref) l->n;
    j[1] = 0;
    for (size_t i = 0; i < l->n; i++) {
        const pending *p = &l->items[i];
        JOURNAL_NEW(j, i) = ref_of(c, p->fresh);
        JOURNAL_OLD(j, i) = p->fresh ? 0 : ref_of(c, p->target); /* (in place) */
    }
    return j;
}

/* Stores every planned item in order; cannot fail. Frees the list.
 *
 * Recency: making entries a, b, c most recently used one after the other leaves
 * them at the front in that order, so when their entries already sit next to each
 * other on the list (b just newer than a, as a batch that rewrites the keys of an
 * earlier batch finds them) the run is moved once, as a block, when it ends: the
 * same list, without relinking every entry. */
static long batch_apply(lyger_cache *c, pending_list *l)
{
    /* A death part-way through leaves part of the batch stored. With the journal, the
     * repair finishes it (cache_repair.c); without it (a sequential plan makes its
     * entries as it goes), it empties the store: either way no process ever sees
     * part of a batch. */
    lyger_ref *journal = write_journal(c, l);
    intend(c, journal ? INTENT_APPLY | ref_of(c, (lyger_cache_entry *) journal) : INTENT_WHOLE);
    lyger_cache_entry *run_first = NULL, *run_last = NULL;
    for (size_t i = 0; i < l->n; i++) {
        pending *p = &l->items[i];
        if (i + PLAN_LAG < l->n) {
            lyger_cache_entry *ahead = l->items[i + PLAN_LAG].target;
            if (ahead) {
                __builtin_prefetch(ahead, 1);
                __builtin_prefetch((char *) ahead + 64, 1);
                __builtin_prefetch((char *) ahead + 128, 1);
            }
        }
        if (p->target) p->target->value_len &= ~PLANNED; /* no other item claims it */
        if (p->fresh || !p->target) {
            if (run_first) lru_splice_newest(c, run_first, run_last);
            run_first = run_last = NULL;
            lyger_cache_entry *e = p->fresh;
            /* (no target and no entry: a sequential plan, see plan_finish; the
             * heap holds twice the budget, so the entry is only
             * missing when the item cannot fit beside this batch's own built
             * entries: it counts as stored and at once evicted) */
            if (!e) e = make_entry(c, p, 1);
            if (e) {
                lyger_cache_insert_entry(c, e);
            } else {
                c->figures[c->ns].evictions++;
            }
            p->fresh = NULL;
            /* (linked entries leave the journal: a later eviction may free them) */
            if (journal) JOURNAL_NEW(journal, i) = 0;
        } else {
            lyger_cache_entry *e = p->target;
            overwrite_value(c, e, p->value, p->value_len, p->ttl);
            if (journal) JOURNAL_OLD(journal, i) = 0; /* (whole now) */
            if (run_first && ent(c, e->older) == run_last) {
                run_last = e;
            } else {
                if (run_first) lru_splice_newest(c, run_first, run_last);
                run_first = run_last = e;
            }
        }
    }
    if (run_first) lru_splice_newest(c, run_first, run_last);
    intend(c, 0); /* (a death in the free below leaves a block nobody owns: a repair frees it) */
    mem_free(c, journal);
    long n = (long) l->n;
    /* every mark is cleared and every new entry linked: nothing left to free but
     * the list itself */
    free(l->items);
    l->items = NULL;
    l->n = l->cap = 0;
    l->marked = 0;
    return n;
}

/* Whether two items with keys not yet stored share a key (an open-addressing set
 * of indexes; keys already stored were checked by the plan). 1: yes or no memory. */
static int new_keys_repeat(const pending *items, size_t n, size_t new_keys)
{
    if (new_keys < 2) return 0;
    size_t size = 16;
    while (size < new_keys * 2) size *= 2;
    size_t *set = malloc(size * sizeof *set);
    if (!set) return 1;
    memset(set, 0xff, size * sizeof *set);
    int dup = 0;
    for (size_t i = 0; i < n && !dup; i++) {
        const pending *p = &items[i];
        if (p->target) continue;
        size_t j = p->hash & (size - 1);
        while (set[j] != SIZE_MAX) {
            const pending *q = &items[set[j]];
            if (q->hash == p->hash && q->key_len == p->key_len && memcmp(q->key, p->key, p->key_len) == 0) {
                dup = 1;
                break;
            }
            j = (j + 1) & (size - 1);
        }
        set[j] = i;
    }
    free(set);
    return dup;
}

/* ---- the plan API (cache_store.h) */

lyger_cache_plan *lyger_cache_plan_new(lyger_cache *c)
{
    lyger_cache_plan *l = calloc(1, sizeof *l);
    if (l) l->cache = c;
    /* until it is applied, a batch only marks stored entries and makes unlinked ones:
     * a repair after the holder's death clears the marks and frees those
     * (cache_repair.c) */
    intend(c, INTENT_PLAN);
    return l;
}

int lyger_cache_plan_add(lyger_cache_plan *l, const char *key, size_t key_len, const char *value,
                         size_t value_len, int64_t ttl)
{
    return pending_add(l, key, key_len, value, value_len, ttl, NULL);
}

int lyger_cache_plan_add_copy(lyger_cache_plan *l, const char *key, size_t key_len, const char *value,
                              size_t value_len, int64_t ttl)
{
    return pending_add_built(l, key, key_len, value, value_len, ttl);
}

size_t lyger_cache_plan_count(const lyger_cache_plan *l)
{
    return l->n;
}

lyger_cache_plan_result lyger_cache_plan_finish(lyger_cache_plan *l, int unique_keys)
{
    lyger_cache_plan_result r = plan_finish(l, unique_keys);
    /* (a sequential plan dropped every target: all keys count as new) */
    if (r == LYGER_CACHE_PLAN_OK && unique_keys
        && new_keys_repeat(l->items, l->n, l->sequential ? l->n : l->new_keys)) {
        r = LYGER_CACHE_PLAN_REPEATED_KEY;
    }
    return r;
}

long lyger_cache_plan_apply(lyger_cache_plan *l)
{
    long n = batch_apply(l->cache, l);
    free(l);
    return n;
}

void lyger_cache_plan_free(lyger_cache_plan *l)
{
    if (!l) return;
    pending_free(l);
    free(l);
}
