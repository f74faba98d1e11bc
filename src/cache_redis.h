/* The Redis tier's data connection: write-through commands and reads for one process,
 * over hiredis (RESP2), with connect and operation timeouts and reconnection with
 * backoff. Plain C, no Zend headers. Keys given here are the application's keys: the
 * prefix (lyger.cache_redis_prefix) is added on the way out.
 *
 * One connection belongs to one process and one thread. After fork() the child never
 * touches the parent's socket: the first call in a new process drops the inherited
 * connection (closing the descriptor only) and connects its own. */
#ifndef LYGER_CACHE_REDIS_H
#define LYGER_CACHE_REDIS_H

#include <stddef.h>
#include <stdint.h>

#include "cache_redis_dsn.h"

typedef struct lyger_redis lyger_redis;

typedef enum {
    LYGER_REDIS_OK = 0,
    LYGER_REDIS_DOWN,    /* not connected / timed out / connection lost: nothing is known */
    LYGER_REDIS_REFUSED, /* Redis answered with an error (OOM, READONLY, ...) */
    LYGER_REDIS_NOMEM
} lyger_redis_status;

typedef struct {
    uint64_t errors;       /* operations that failed (DOWN or REFUSED) */
    uint64_t reconnects;   /* connections made after the first */
    int connected;
    char last_error[640];  /* "" or the last failure, never holding the password */
} lyger_redis_stats;

/* One batch item, as cacheSetBatch has checked it. */
typedef struct {
    const char *key;
    size_t key_len;
    const char *value;
    size_t value_len;
    int64_t ttl;           /* seconds, 0: none */
} lyger_redis_item;

/* A value read from Redis: data is valid until lyger_redis_value_free(). */
typedef struct {
    const char *data;
    size_t len;
    int found;
    int64_t ttl_ms;        /* remaining time to live, -1: none */
    uint64_t batch;        /* the batch counter read after the value (0: none yet, or no meta prefix) */
    void *reply_;
} lyger_redis_value;

/* Batches across hosts. Each batch also raises a counter and changes a marker key
 * whose name carries the counter's new value, in one Lua script with its SETs, so a
 * listener learns "batch n is complete" from the marker's invalidation, which Redis
 * sends after the batch's keys (see cache_redis.c). Those keys live under the meta
 * prefix: the prefix's successor (its last byte below 0xff raised by one, the bytes
 * after it dropped) followed by "lyger-batch:". It sorts after every key under the
 * prefix (BCAST sends one message per prefix, in the prefixes' byte order), overlaps
 * no key of the application and is not a prefix of its prefix. A prefix that is empty
 * or all 0xff bytes has none: batches are then one MULTI/EXEC, without the counter.
 * The counter is meta + "epoch", a marker meta + "n:" + the counter. */
#define LYGER_REDIS_META_TAG "lyger-batch:"
#define LYGER_REDIS_META_EXTRA 16 /* the meta prefix is at most the prefix's length + this */
/* Writes the meta prefix of prefix into out (prefix_len + LYGER_REDIS_META_EXTRA
 * bytes); its length, or 0 when prefix has none. */
size_t lyger_redis_meta_prefix(const char *prefix, size_t prefix_len, char *out);

/* Copies dsn and prefix; connects lazily. NULL when out of memory. */
lyger_redis *lyger_redis_create(const lyger_redis_dsn *dsn, const char *prefix, size_t prefix_len,
                                int connect_timeout_ms, int timeout_ms);
void lyger_redis_destroy(lyger_redis *r);

lyger_redis_status lyger_redis_set(lyger_redis *r, const char *key, size_t key_len, const char *value,
                                   size_t value_len, int64_t ttl);
/* *deleted: 1 when the key existed. */
lyger_redis_status lyger_redis_delete(lyger_redis *r, const char *key, size_t key_len, int *deleted);
lyger_redis_status lyger_redis_exists(lyger_redis *r, const char *key, size_t key_len, int *exists);
/* The value, its remaining TTL and (with a meta prefix) the batch counter, read after
 * the value, in one round trip: MGET key counter, PTTL key. */
lyger_redis_status lyger_redis_get(lyger_redis *r, const char *key, size_t key_len, lyger_redis_value *out);
void lyger_redis_value_free(lyger_redis_value *v);
/* Unlinks every key under the prefix (SCAN + UNLINK; keys written meanwhile may stay). */
lyger_redis_status lyger_redis_clear(lyger_redis *r);
/* The keys under the prefix (SCAN: O(keys); a key changed meanwhile may be missed
 * or counted twice, as SCAN promises no more). */
lyger_redis_status lyger_redis_count(lyger_redis *r, size_t *count);
/* All items at once: Redis applies all of them or none. With a meta prefix, one EVAL
 * of the batch script (the counter, the SETs, the marker), *batch its number and
 * *fresh 1 when it started the counter (no batch below it in this count); else one
 * MULTI/EXEC, *batch 0. */
lyger_redis_status lyger_redis_batch(lyger_redis *r, const lyger_redis_item *items, size_t n, uint64_t *batch,
                                     int *fresh);

/* The next commands go out on c (a redisContext* someone else owns: the listener's
 * tracking connection) instead of r's own, until lyger_redis_unborrow(), which
 * returns 0 when c did not fail, else 1, or 2 when it failed otherwise than by a
 * timeout (closed, reset: worth trying again elsewhere). c is never freed here: when
 * it failed its owner must drop it. */
void lyger_redis_borrow(lyger_redis *r, void *c);
int lyger_redis_unborrow(lyger_redis *r);

void lyger_redis_get_stats(const lyger_redis *r, lyger_redis_stats *out);
const lyger_redis_dsn *lyger_redis_get_dsn(const lyger_redis *r);
const char *lyger_redis_prefix(const lyger_redis *r, size_t *len);
/* "host:port" or the socket path */
const char *lyger_redis_address(const lyger_redis *r);

/* Opens and authenticates a new blocking connection for dsn (AUTH, SELECT), with
 * timeout_ms as its operation timeout. Returns a redisContext* (as void*) or NULL
 * with err filled. For the listener (cache_redis_listen.c). */
void *lyger_redis_connect(const lyger_redis_dsn *dsn, int connect_timeout_ms, int timeout_ms, char *err,
                          size_t err_size);

#endif
