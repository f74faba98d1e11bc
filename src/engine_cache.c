/* Engine methods of the cache concern: argument parsing and thin calls into the
 * plain-C store (src/cache_store.c, src/cache_batch.c). The store is per process (per thread in ZTS),
 * created on first use from the INI settings and freed at module shutdown. */
#include "engine.h"

#include "zend_exceptions.h"

#include "cache_store.h"
#include "cache_batch.h"

/* Request-local copies of recently read values. A get copies the stored bytes into
 * a new request string; to spare repeated gets of the same entry that copy, the
 * copy is kept in a small ring and the entry points at its slot (the entry's aux).
 * The next get of that entry returns the same refcounted string. A copy dies when
 * the entry goes away (set, delete, clear, expiry, eviction: the store's release
 * hook), when its slot is reused, and at request end. Only values up to
 * LOCAL_MAX_VALUE bytes are kept, so the ring holds at most 4 MiB. */
#define LOCAL_SLOTS LYGER_CACHE_LOCAL_SLOTS
#define LOCAL_MAX_VALUE 4096

/* Gets of the same key string (a literal, or a string kept in an array) skip the
 * hash table as well: a memo indexed by the key zend_string's address points at
 * the copy slot that string last read, and so at its entry, which is handed to the
 * store as a hint. The address only proposes: the store compares the key bytes
 * (a freed string's address may hold another key by now), and a slot whose entry
 * went away holds no entry. */
#define MEMO_SLOTS LYGER_CACHE_MEMO_SLOTS

static zend_always_inline unsigned memo_index(const zend_string *key)
{
    return (unsigned) (((uintptr_t) key >> 3) * 0x9E3779B97F4A7C15ULL >> 40) & (MEMO_SLOTS - 1);
}

typedef lyger_cache_local_copy local_copy; /* the ring lives in the module globals */

static void drop_local(local_copy *slot)
{
    if (slot->entry) {
        *lyger_cache_entry_aux(slot->entry) = NULL;
        slot->entry = NULL;
        slot->key = NULL;
        zend_string_release(slot->str);
        slot->str = NULL;
    }
}

/* The store's release hook: the entry holding this slot is being freed. */
static void release_local(void *aux, void *ctx)
{
    (void) ctx;
    local_copy *slot = aux;
    slot->entry = NULL;
    slot->key = NULL;
    zend_string_release(slot->str);
    slot->str = NULL;
}

void lyger_cache_binding_minit(void) {}

void lyger_cache_binding_gshutdown(zend_lyger_globals *g)
{
    if (g->cache) {
        lyger_cache_destroy(g->cache);
        g->cache = NULL;
    }
}

void lyger_cache_binding_rinit(void) {}

void lyger_cache_binding_rshutdown(void)
{
    for (unsigned i = 0; i < LOCAL_SLOTS; i++) {
        drop_local(&LYGER_G(cache_local)[i]);
    }
    LYGER_G(cache_local_next) = 0;
    memset(LYGER_G(cache_memo), 0, sizeof LYGER_G(cache_memo));
}

static size_t ini_size(zend_long v)
{
    return v > 0 ? (size_t) v : 0;
}

static zend_never_inline lyger_cache *create_store(void)
{
    LYGER_G(cache) = lyger_cache_create(ini_size(LYGER_G(cache_memory)), ini_size(LYGER_G(cache_max_entries)));
    if (!LYGER_G(cache)) {
        zend_throw_exception(lyger_ce_engine_exception, "cache: out of memory creating the store", 0);
    } else {
        lyger_cache_set_release_hook(LYGER_G(cache), release_local, NULL);
    }
    return LYGER_G(cache);
}

/* The process's store, or NULL with an exception thrown. */
static zend_always_inline lyger_cache *store(void)
{
    lyger_cache *c = LYGER_G(cache);
    return EXPECTED(c != NULL) ? c : create_store();
}

void lyger_cache_binding_info(zval *section)
{
    lyger_cache_stats s;
    if (LYGER_G(cache)) {
        lyger_cache_get_stats(LYGER_G(cache), &s);
    } else {
        memset(&s, 0, sizeof s);
        s.memory_limit = ini_size(LYGER_G(cache_memory));
        s.max_entries = ini_size(LYGER_G(cache_max_entries));
    }
    add_assoc_long(section, "entries", (zend_long) s.entries);
    add_assoc_long(section, "memory_used", (zend_long) s.memory_used);
    add_assoc_long(section, "memory_limit", (zend_long) s.memory_limit);
    add_assoc_long(section, "max_entries", (zend_long) s.max_entries);
    add_assoc_long(section, "entry_overhead", LYGER_CACHE_ENTRY_OVERHEAD);
    add_assoc_long(section, "hits", (zend_long) s.hits);
    add_assoc_long(section, "misses", (zend_long) s.misses);
    add_assoc_long(section, "evictions", (zend_long) s.evictions);
    add_assoc_long(section, "expirations", (zend_long) s.expirations);
}

#define KEY_ARG(key)                                                   \
    if (UNEXPECTED(ZSTR_LEN(key) == 0)) {                              \
        zend_argument_value_error(1, "must not be empty");             \
        RETURN_THROWS();                                               \
    }

PHP_METHOD(Lyger_Core_Engine, cacheSet)
{
    zend_string *key, *value;
    zend_long ttl = 0;

    ZEND_PARSE_PARAMETERS_START(2, 3)
        Z_PARAM_STR(key)
        Z_PARAM_STR(value)
        Z_PARAM_OPTIONAL
        Z_PARAM_LONG(ttl)
    ZEND_PARSE_PARAMETERS_END();

    KEY_ARG(key);
    if (UNEXPECTED(ttl < 0)) {
        zend_argument_value_error(3, "must be greater than or equal to 0");
        RETURN_THROWS();
    }
    lyger_cache *c = store();
    if (UNEXPECTED(!c)) RETURN_THROWS();

    switch (lyger_cache_set(c, ZSTR_VAL(key), ZSTR_LEN(key), ZSTR_VAL(value), ZSTR_LEN(value), (int64_t) ttl)) {
    case LYGER_CACHE_OK:
        RETURN_TRUE;
    case LYGER_CACHE_TOO_BIG:
        RETURN_FALSE;
    case LYGER_CACHE_NOMEM:
        break;
    }
    zend_throw_exception_ex(lyger_ce_engine_exception, 0,
                            "cacheSet(): out of memory storing %zu bytes", ZSTR_LEN(value));
}

/* cacheGet's general path: look the key up, copy the value into a request string
 * (kept in the ring when small enough) and remember the copy for this key string. */
static zend_never_inline void get_slow(zend_string *key, zval *return_value)
{
    if (UNEXPECTED(ZSTR_LEN(key) == 0)) {
        zend_argument_value_error(1, "must not be empty");
        return;
    }
    lyger_cache *c = store();
    if (UNEXPECTED(!c)) return;

    lyger_cache_entry *e = lyger_cache_lookup(c, ZSTR_VAL(key), ZSTR_LEN(key));
    if (!e) {
        RETURN_EMPTY_STRING();
    }
    local_copy **memo = &LYGER_G(cache_memo)[memo_index(key)];
    void **aux = lyger_cache_entry_aux(e);
    local_copy *slot = *aux;
    if (slot) {
        slot->key = key;
        *memo = slot;
        RETURN_STR_COPY(slot->str);
    }
    size_t len;
    const char *value = lyger_cache_entry_value(e, &len);
    if (len <= 1 || len > LOCAL_MAX_VALUE) {
        RETURN_STRINGL_FAST(value, len);
    }
    slot = &LYGER_G(cache_local)[LYGER_G(cache_local_next)++ % LOCAL_SLOTS];
    drop_local(slot);
    slot->str = zend_string_init(value, len, 0);
    slot->entry = e;
    slot->key = key;
    *aux = slot;
    *memo = slot;
    RETURN_STR_COPY(slot->str);
}

PHP_METHOD(Lyger_Core_Engine, cacheGet)
{
    zend_string *key;

    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_STR(key)
    ZEND_PARSE_PARAMETERS_END();

    /* the fast path: this key string read this entry before, and the copy made
     * then is still the entry's (a slot with an entry is that entry's aux) */
    local_copy *known = LYGER_G(cache_memo)[memo_index(key)];
    if (known && known->key == key && known->entry
        && lyger_cache_lookup_hint(LYGER_G(cache), known->entry, ZSTR_VAL(key), ZSTR_LEN(key))) {
        RETURN_STR_COPY(known->str);
    }
    get_slow(key, return_value);
}

PHP_METHOD(Lyger_Core_Engine, cacheHas)
{
    zend_string *key;

    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_STR(key)
    ZEND_PARSE_PARAMETERS_END();

    KEY_ARG(key);
    lyger_cache *c = store();
    if (UNEXPECTED(!c)) RETURN_THROWS();
    RETURN_BOOL(lyger_cache_has(c, ZSTR_VAL(key), ZSTR_LEN(key)));
}

PHP_METHOD(Lyger_Core_Engine, cacheDelete)
{
    zend_string *key;

    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_STR(key)
    ZEND_PARSE_PARAMETERS_END();

    KEY_ARG(key);
    lyger_cache *c = store();
    if (UNEXPECTED(!c)) RETURN_THROWS();
    RETURN_BOOL(lyger_cache_delete(c, ZSTR_VAL(key), ZSTR_LEN(key)));
}

PHP_METHOD(Lyger_Core_Engine, cacheClear)
{
    ZEND_PARSE_PARAMETERS_NONE();
    if (LYGER_G(cache)) {
        lyger_cache_clear(LYGER_G(cache));
    }
}

PHP_METHOD(Lyger_Core_Engine, cacheSize)
{
    ZEND_PARSE_PARAMETERS_NONE();
    RETURN_LONG(LYGER_G(cache) ? (zend_long) lyger_cache_size(LYGER_G(cache)) : 0);
}

PHP_METHOD(Lyger_Core_Engine, cacheSetBatch)
{
    zend_string *json;

    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_STR(json)
    ZEND_PARSE_PARAMETERS_END();

    lyger_cache *c = store();
    if (UNEXPECTED(!c)) RETURN_THROWS();

    lyger_cache_batch_error err;
    long stored = lyger_cache_set_batch(c, ZSTR_VAL(json), ZSTR_LEN(json), &err);
    if (stored >= 0) {
        RETURN_LONG((zend_long) stored);
    }
    if (err.status == LYGER_CACHE_NOMEM) {
        zend_throw_exception_ex(lyger_ce_engine_exception, 0, "cacheSetBatch(): %s", err.message);
    } else {
        zend_argument_value_error(1, "%s", err.message);
    }
    RETURN_THROWS();
}
