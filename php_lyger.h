/* lyger: a native engine for PHP applications (cache, PostgreSQL, HTTP server). */
#ifndef PHP_LYGER_H
#define PHP_LYGER_H

/* The one version string: package.xml, the fallback and systemInfo() agree with it
 * (tests/006-version-single-source.phpt checks). */
#define PHP_LYGER_VERSION "0.1.0"

extern zend_module_entry lyger_module_entry;
#define phpext_lyger_ptr &lyger_module_entry

struct lyger_cache;
struct lyger_cache_entry;
struct lyger_db;
struct lyger_cache_redis_binding;

/* A request-local copy of a cached value (src/engine_cache.c explains the ring). */
#define LYGER_CACHE_LOCAL_SLOTS 1024
#define LYGER_CACHE_MEMO_SLOTS 8192
typedef struct {
    zend_string *str;
    struct lyger_cache_entry *entry;
    const zend_string *key;      /* the key string of the get that last used it (shared store: held) */
    uint64_t seq;                /* shared store: the segment's sequence value the copy was read at */
    uint32_t mark;               /* shared store: the entry's reference mark */
} lyger_cache_local_copy;
struct lyger_server;

ZEND_BEGIN_MODULE_GLOBALS(lyger)
    /* INI settings (see lyger.c) */
    zend_long cache_memory;       /* lyger.cache_memory: byte budget of the cache */
    zend_long cache_max_entries;  /* lyger.cache_max_entries: 0 = no entry cap */
    zend_bool cache_shared;       /* lyger.cache_shared: one store for the host (1) or per process */
    zend_bool cache_check;        /* lyger.cache_check: walk the shared store after each call (tests) */
    zend_long db_max_results;     /* lyger.db_max_results: open result handles per process */
    zend_long db_connect_timeout; /* lyger.db_connect_timeout: seconds, when the DSN gives none */
    char *cache_redis_dsn;        /* lyger.cache_redis: "" = no Redis tier */
    char *cache_redis_prefix;     /* lyger.cache_redis_prefix: prepended to every key in Redis */
    zend_long cache_redis_connect_timeout; /* milliseconds */
    zend_long cache_redis_timeout;         /* milliseconds, per operation */
    int cache_redis_on;           /* lyger.cache_redis is set (fixed at startup) */
    zend_long db_busy_timeout;    /* lyger.db_busy_timeout: ms an SQLite statement waits for a lock */
    zend_bool db_pg_statement_cache; /* lyger.db_pg_statement_cache: prepare PostgreSQL texts run again */
    zend_bool db_mysql_statement_cache; /* lyger.db_mysql_statement_cache: prepare MySQL texts run again */
    zend_long db_pg_binary;          /* lyger.db_pg_binary: LYGER_PG_BINARY_* (src/db.h) */

    /* Per-process state, each owned by one module and released in its gshutdown hook. */
    zend_object *instance;        /* Engine::getInstance(), released at request end */
    struct lyger_cache *cache;
    struct lyger_cache_redis_binding *cache_redis; /* src/engine_cache_redis.c */
    lyger_cache_local_copy cache_local[LYGER_CACHE_LOCAL_SLOTS];
    unsigned cache_local_next;
    lyger_cache_local_copy *cache_memo[LYGER_CACHE_MEMO_SLOTS]; /* by key string address */
    /* whether the shared store's gets keep their copies in the ring: all, or one in 16
     * while few are read again (src/engine_cache.c, ring_keeps) */
    unsigned cache_ring_kept, cache_ring_reread, cache_ring_tick, cache_ring_sample;
    size_t cache_get_hint;        /* the length of the value this thread's last shared get found */
    /* the shared store's lock-free get: what it needs, noted at the last locked call
     * (src/engine_cache.c); per thread in ZTS, so no thread reads another's half-written */
    const struct lyger_cache *cache_reader_store;
    unsigned cache_reader_ns;
    int cache_reader_slot;
    int cache_reader_pid;
    uint32_t cache_uid;           /* the effective uid whose namespace the requests use */
    struct lyger_db *db;
    struct lyger_server *server;
ZEND_END_MODULE_GLOBALS(lyger)

ZEND_EXTERN_MODULE_GLOBALS(lyger)
#define LYGER_G(v) ZEND_MODULE_GLOBALS_ACCESSOR(lyger, v)

#if defined(ZTS) && defined(COMPILE_DL_LYGER)
ZEND_TSRMLS_CACHE_EXTERN()
#endif

#endif /* PHP_LYGER_H */
