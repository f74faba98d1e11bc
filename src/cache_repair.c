/* The store's consistency walk, and the repair of a shared store whose lock holder
 * died (see cache_store.h). Plain C.
 *
 * A holder killed at any instruction (SIGKILL from php-fpm's request_terminate_timeout,
 * a hard timeout's _exit) leaves the robust mutex in EOWNERDEAD. The next locker walks
 * what the dead holder left, following no reference it has not first found inside a
 * block in use, since the holder may have stopped half way through relinking
 * anything. The heap's free lists are remade from the blocks' tags; then the store is
 * walked: every entry on the LRU list and in its bucket, the counts and charges
 * summed. When that fails (a death while an entry was being linked or unlinked, or
 * the table growing), the chains and counts are made again from the LRU list
 * (salvage()) and the walk is run again. Then the blocks in use that the store does
 * not own (entries made but not linked yet, a batch's new entries) are freed, and
 * what the segment's intent word names is undone:
 *   INTENT_VALUE  a value was being copied over in place: the entry may be torn, so
 *                 it is dropped (a later get misses);
 *   INTENT_PLAN   a batch was being checked: its marks on stored entries are cleared
 *                 (nothing of it was stored yet);
 *   INTENT_CLEAR  a namespace was being cleared: what is left of it is removed;
 *   INTENT_APPLY  a batch was being linked: it is finished from the journal it wrote
 *                 first (its new entries linked, the entries it was overwriting in
 *                 place dropped);
 *   INTENT_WHOLE  a batch with no journal (its new entries could not all be made
 *                 before it was linked, so it made them as it went): no walk can tell
 *                 which of its items were stored, so the store is emptied.
 * So the operation that was under way is either whole (a new entry is written before
 * it is linked) or not applied, and its key may read as a miss. When the walk still
 * fails after the relinking, the store is emptied too (the figures carry on): never
 * worse than the state it found. */
#include "cache_store_impl.h"

/* ---- the walk, bounds-checked: a reference is followed only once it points at an
 * entry lying whole inside a block in use */

typedef struct {
    const lyger_cache *c;
    int bad;
    int marks;    /* a batch's marks on value lengths are expected (INTENT_PLAN, _APPLY) */
} walk;

static const lyger_cache_entry *at_ref(walk *w, lyger_ref r)
{
    if (!r) return NULL;
    const lyger_cache *c = w->c;
    const lyger_cache_entry *e = ent(c, r);
    size_t room = lyger_shm_block_room(c->shm, (const char *) e - c->pre);
    size_t head = c->pre + sizeof *e;
    if (room < head) {
        w->bad = 1;
        return NULL;
    }
    size_t value_len = w->marks ? e->value_len & ~(uint32_t) VALUE_LIMIT : e->value_len;
    if (value_len >= VALUE_LIMIT || room - head < (size_t) KEY_LEN(e) + value_len) {
        w->bad = 1;
        return NULL;
    }
    return e;
}

/* An absolute entry pointer the store keeps (newest, oldest). */
static const lyger_cache_entry *at_ptr(walk *w, const lyger_cache_entry *p)
{
    if (!p) return NULL;
    uintptr_t off = (uintptr_t) p - (uintptr_t) w->c->shm;
    if ((uintptr_t) p < (uintptr_t) w->c->shm || (off & 7) || (off >> 3) > UINT32_MAX) {
        w->bad = 1;
        return NULL;
    }
    return at_ref(w, (lyger_ref) (off >> 3));
}

/* 1 when e is on its bucket's chain (at most limit links are followed). */
static int chained(walk *w, const lyger_cache_entry *e, size_t limit)
{
    const lyger_cache_entry *f = at_ref(w, w->c->buckets[e->hash & w->c->mask]);
    while (f && f != e && limit--) f = at_ref(w, f->chain);
    return f == e;
}

/* The table's own blocks: the store's struct and its bucket array. */
static int table_sane(const lyger_cache *c)
{
    size_t n = c->mask + 1;
    if (c->ns_count > LYGER_CACHE_NAMESPACES || n < INITIAL_BUCKETS || (n & c->mask)) return 0;
    size_t room = lyger_shm_block_room(c->shm, c->buckets);
    if (room / sizeof *c->buckets < n) return 0;
    /* (apart from the struct, which a salvage must not overwrite when it clears them) */
    const char *b = (const char *) c->buckets, *s = (const char *) c;
    return b + n * sizeof *c->buckets <= s - 8 || b >= s + sizeof *c;
}

static int walk_lru(walk *w, size_t *ttl, size_t *used, size_t *ns_count, size_t *ns_used)
{
    const lyger_cache *c = w->c;
    size_t count = 0;
    const lyger_cache_entry *newer = NULL;
    for (const lyger_cache_entry *e = at_ptr(w, c->newest); e; e = at_ref(w, e->older)) {
        if (at_ref(w, e->newer) != newer || ++count > c->count) return -1;
        if (NS_OF(e) >= (c->ns_count ? c->ns_count : 1)) return -10;
        if (e->hash != hash_bytes(e->data, KEY_LEN(e), ns_seed(c, NS_OF(e)))) return -3;
        if (!chained(w, e, c->count)) return -4; /* not reachable from its bucket */
        if (e->expires) (*ttl)++;
        size_t cost = entry_cost(KEY_LEN(e), e->value_len);
        *used += cost;
        ns_count[NS_OF(e)]++;
        ns_used[NS_OF(e)] += cost;
        newer = e;
    }
    if (w->bad) return -2; /* a reference outside every block, or a batch mark left on */
    if (newer != at_ptr(w, c->oldest) || count != c->count) return -5;
    return 0;
}

static int walk_buckets(walk *w)
{
    const lyger_cache *c = w->c;
    size_t chain_links = 0;
    for (size_t i = 0; i <= c->mask; i++) {
        for (const lyger_cache_entry *e = at_ref(w, c->buckets[i]); e; e = at_ref(w, e->chain)) {
            if (++chain_links > c->count || (e->hash & c->mask) != i) return -6;
        }
    }
    return w->bad || chain_links != c->count ? -6 : 0;
}

/* lyger_cache_check, also giving the blocks the store owns and the heap's count of
 * blocks in use (equal when nothing is lost). */
static int check(lyger_cache *c, size_t *owned, size_t *in_use)
{
    if (lyger_shm_block_room(c->shm, (const char *) c) < sizeof *c) return -13;
    if (!table_sane(c)) return -14;
    walk w = {c, 0, 0};
    size_t ttl = 0, used = 0;
    size_t ns_count[LYGER_CACHE_NAMESPACES] = {0}, ns_used[LYGER_CACHE_NAMESPACES] = {0};
    int rc = walk_lru(&w, &ttl, &used, ns_count, ns_used);
    if (rc == 0) rc = walk_buckets(&w);
    if (rc != 0) return rc;
    if (ttl != c->ttl_count) return -7;
    if (used != c->memory_used || used > c->memory_limit) return -8;
    if (c->max_entries && c->count > c->max_entries) return -9;
    for (unsigned i = 0; i < LYGER_CACHE_NAMESPACES; i++) {
        if (ns_count[i] != c->figures[i].entries || ns_used[i] != c->figures[i].memory_used) return -11;
    }
    if (lyger_shm_check_counted(c->shm, in_use) != 0) return -12; /* the heap under it */
    *owned = c->count + 2;
    return 0;
}

int lyger_cache_check(lyger_cache *c)
{
    size_t owned, in_use;
    int rc = check(c, &owned, &in_use);
    if (rc == 0 && owned != in_use) return -15; /* a block in use that nothing owns */
    return rc;
}

/* ---- the repair */

/* At most how many entries the heap can hold: a bound for walks that cannot trust
 * the store's count. */
static size_t most_entries(const lyger_cache *c)
{
    uintptr_t lo, hi;
    lyger_shm_bounds(c->shm, &lo, &hi);
    return (hi - lo) / (sizeof(lyger_cache_entry) + 8);
}

/* Clears a batch's marks (INTENT_PLAN, INTENT_APPLY) on the entries of the LRU list
 * (as far as it can be walked: the walk that follows judges the rest). */
static void unmark(lyger_cache *c)
{
    walk w = {c, 0, 1};
    size_t limit = most_entries(c);
    lyger_cache_entry *e = (lyger_cache_entry *) at_ptr(&w, c->newest);
    for (; e && limit--; e = (lyger_cache_entry *) at_ref(&w, e->older)) {
        e->value_len &= ~(uint32_t) VALUE_LIMIT;
    }
}

/* Frees the blocks in use that the store (which passed the walk) does not own: 1
 * when every block it owns is one the heap holds in use, and nothing else is. */
static int free_lost(lyger_cache *c)
{
    lyger_shm_keep(c->shm, c);
    lyger_shm_keep(c->shm, c->buckets);
    for (lyger_cache_entry *e = c->newest; e; e = ent(c, e->older)) lyger_shm_keep(c->shm, (char *) e - c->pre);
    if (lyger_shm_free_unkept(c->shm) != c->count + 2) return 0;
    size_t in_use;
    return lyger_shm_check_counted(c->shm, &in_use) == 0 && in_use == c->count + 2;
}

/* The entry under e's key (in e's namespace) on the chains being rebuilt, if any. */
static const lyger_cache_entry *linked_twin(const lyger_cache *c, const lyger_cache_entry *e)
{
    for (const lyger_cache_entry *f = ent(c, c->buckets[e->hash & c->mask]); f; f = ent(c, f->chain)) {
        if (f->hash == e->hash && f->key_len == e->key_len && memcmp(f->data, e->data, KEY_LEN(e)) == 0) return f;
    }
    return NULL;
}

/* Relinks the store from its recency list, newest to oldest: the one structure whose
 * every half-made change still walks (an entry is written whole before it is linked,
 * and each link is one aligned word). A death part-way through linking or unlinking
 * an entry, or relinking the chains (the table growing), leaves the chains, the
 * list's back links or the counts wrong; they are made again from the list, and its
 * entries counted. An entry on a chain but not yet on the list is lost (its set was
 * not applied; the sweep frees it). The walk stops at the first reference it cannot
 * follow or entry that fails its hash, and at a key already seen. */
static void salvage(lyger_cache *c)
{
    size_t limit = most_entries(c);
    memset(c->buckets, 0, (c->mask + 1) * sizeof *c->buckets);
    c->count = c->ttl_count = c->memory_used = 0;
    for (unsigned i = 0; i < LYGER_CACHE_NAMESPACES; i++) c->figures[i].entries = c->figures[i].memory_used = 0;
    walk w = {c, 0, 1};
    lyger_cache_entry *newer = NULL, *e = (lyger_cache_entry *) at_ptr(&w, c->newest);
    c->newest = NULL;
    while (e && !w.bad && limit--) {
        lyger_cache_entry *next = (lyger_cache_entry *) at_ref(&w, e->older);
        e->value_len &= ~(uint32_t) VALUE_LIMIT; /* (a batch's mark) */
        if (NS_OF(e) >= (c->ns_count ? c->ns_count : 1)
            || e->hash != hash_bytes(e->data, KEY_LEN(e), ns_seed(c, NS_OF(e)))) {
            break;
        }
        const lyger_cache_entry *twin = linked_twin(c, e);
        if (twin == e) break; /* (the list runs in a circle) */
        if (!twin) {
            e->newer = ref_of(c, newer);
            if (newer) newer->older = ref_of(c, e); else c->newest = e;
            lyger_ref *slot = &c->buckets[e->hash & c->mask];
            e->chain = *slot;
            *slot = ref_of(c, e);
            size_t cost = entry_cost(KEY_LEN(e), e->value_len);
            c->count++;
            if (e->expires) c->ttl_count++;
            c->memory_used += cost;
            c->figures[NS_OF(e)].entries++;
            c->figures[NS_OF(e)].memory_used += cost;
            newer = e;
        }
        e = next;
    }
    if (newer) newer->older = 0;
    c->oldest = newer;
}

/* Finishes a batch that was being linked (INTENT_APPLY), from its journal: each new
 * entry it still lists is linked (replacing what is stored under its key), and each
 * entry an item was to overwrite in place, or was overwriting, is dropped (it may be
 * torn; it reads as a miss, as after an eviction). 0 when the journal is not whole. */
static int finish_batch(lyger_cache *c, lyger_ref at)
{
    const lyger_ref *j = (const lyger_ref *) ((const char *) c->shm + ((size_t) at << 3));
    size_t room = lyger_shm_block_room(c->shm, j);
    if (room < 2 * sizeof *j || (room / sizeof *j - 2) / 2 < JOURNAL_ITEMS(j)) return 0;
    walk w = {c, 0, 0};
    for (size_t i = 0; i < JOURNAL_ITEMS(j); i++) {
        lyger_cache_entry *made = (lyger_cache_entry *) at_ref(&w, JOURNAL_NEW(j, i));
        lyger_cache_entry *old = (lyger_cache_entry *) at_ref(&w, JOURNAL_OLD(j, i));
        if (w.bad) return 0;
        if (made && !chained(&w, made, c->count)) {
            /* (the lookup that replaces the key's entry compares the current namespace) */
            set_namespace(c, NS_OF(made));
            lyger_cache_insert_entry(c, made);
        } else if (old && chained(&w, old, c->count)) {
            lyger_cache_remove_entry(c, old);
        }
    }
    return 1;
}

/* 1 when the store is kept, what the dead holder was changing undone; 0 when it
 * must be emptied. */
static int mend(lyger_cache *c, uint64_t intent)
{
    uint64_t kind = intent & ~(uint64_t) UINT32_MAX;
    if (kind == INTENT_WHOLE || !table_sane(c) || lyger_shm_rebuild(c->shm) != 0) return 0;
    if (kind == INTENT_PLAN || kind == INTENT_APPLY) unmark(c);
    size_t owned, in_use;
    if (check(c, &owned, &in_use) != 0) {
        salvage(c);
        if (check(c, &owned, &in_use) != 0) return 0;
    }
    if (kind == INTENT_APPLY) {
        /* (before the sweep below, which frees the journal and the entries not linked) */
        if (!finish_batch(c, (lyger_ref) intent) || check(c, &owned, &in_use) != 0) return 0;
    }
    if (!free_lost(c)) return 0;
    if (kind == INTENT_CLEAR) {
        /* (finished: what is left of the namespace goes) */
        set_namespace(c, (unsigned) (intent & UINT32_MAX));
        lyger_cache_clear(c);
    }
    if (kind == INTENT_VALUE) {
        walk w = {c, 0, 0};
        lyger_cache_entry *e = (lyger_cache_entry *) at_ref(&w, (lyger_ref) intent);
        if (!e || !chained(&w, e, c->count)) return 0;
        lyger_cache_remove_entry(c, e); /* maybe torn */
    }
    return 1;
}

/* An empty store in the emptied segment, with the namespaces' owners and counters. */
static lyger_cache *empty(lyger_shm *seg, lyger_cache *c, size_t memory_limit, size_t max_entries)
{
    lyger_cache_figures figures[LYGER_CACHE_NAMESPACES];
    uint32_t owners[LYGER_CACHE_NAMESPACES];
    unsigned ns_count = 0;
    if (c && lyger_shm_block_room(seg, (const char *) c) >= sizeof *c) {
        /* (plain counters, read whatever state they were left in) */
        memcpy(figures, c->figures, sizeof figures);
        memcpy(owners, c->ns_owner, sizeof owners);
        ns_count = c->ns_count <= LYGER_CACHE_NAMESPACES ? c->ns_count : LYGER_CACHE_NAMESPACES;
    }
    lyger_shm_reset(seg);
    lyger_shm_count_emptied(seg);
    c = lyger_cache_create_in(seg, 1, memory_limit, max_entries);
    if (c) {
        /* the namespaces keep their owners and counters; every entry is gone */
        for (unsigned i = 0; i < ns_count; i++) {
            c->figures[i] = figures[i];
            c->figures[i].entries = c->figures[i].memory_used = 0;
        }
        memcpy(c->ns_owner, owners, sizeof owners);
        c->ns_count = ns_count;
        lyger_shm_set_root(seg, c);
    }
    return c;
}

lyger_cache *lyger_cache_repair(lyger_shm *seg, size_t memory_limit, size_t max_entries)
{
    lyger_cache *c = lyger_shm_root(seg);
    uint64_t *intent = lyger_shm_intent(seg);
    int sound = c && lyger_shm_block_room(seg, (const char *) c) >= sizeof *c && c->shm == seg && c->shared
                && c->intent == intent;
    if (!sound || !mend(c, *intent)) c = empty(seg, c, memory_limit, max_entries);
    *intent = 0;
    lyger_shm_consistent(seg);
    return c;
}
