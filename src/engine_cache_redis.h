/* The Redis tier of the cache methods (src/engine_cache_redis.c): what engine_cache.c
 * calls when lyger.cache_redis is set. The cache store (the host's shared segment, or
 * the process's own store) is the near cache; every write goes through to Redis first. */
#ifndef LYGER_ENGINE_CACHE_REDIS_H
#define LYGER_ENGINE_CACHE_REDIS_H

#include "engine.h"
#include "self_pid.h"

#include <stdatomic.h>

struct lyger_cache;

/* The first member of this process's binding (LYGER_G(cache_redis)): what a get checks
 * before the near cache answers, laid out for the inline test below. epoch and live are
 * the words of this process's listener (NULL: none started); seen is the listener epoch
 * whose invalidations this process has applied; owner is the pid that started it. */
typedef struct {
    const _Atomic uint64_t *epoch;
    const atomic_int *live;
    uint64_t seen;
    pid_t owner;
} lyger_cache_redis_gate;

#define LYGER_CACHE_REDIS_ON() (UNEXPECTED(LYGER_G(cache_redis_on)))

void lyger_cache_redis_minit(void);
void lyger_cache_redis_gshutdown(zend_lyger_globals *g);
void lyger_cache_redis_info(zval *section);

/* Before the near cache answers a get: applies the invalidations received so far.
 * 1 when the near cache may answer; 0 when it may not (the listener is deaf, or an
 * exception was thrown: check EG(exception)). */
int lyger_cache_redis_near_usable(void);
/* The same answer without a call when nothing is to be done: this process's listener,
 * live, with nothing queued. 0 means "ask lyger_cache_redis_near_usable()". */
static zend_always_inline int lyger_cache_redis_near_ready(void)
{
    const lyger_cache_redis_gate *g = (const lyger_cache_redis_gate *) LYGER_G(cache_redis);
    return g && g->epoch && g->owner == lyger_self_pid_cached() &&
           atomic_load_explicit(g->epoch, memory_order_acquire) == g->seen &&
           atomic_load_explicit(g->live, memory_order_acquire);
}
/* A get the near cache did not answer: from Redis, filling the near cache when
 * may_fill and it is safe. A miss or an unavailable Redis give ''. */
void lyger_cache_redis_get(zend_string *key, int may_fill, zval *return_value);
/* The write-through methods; each sets return_value or throws. */
void lyger_cache_redis_set(zend_string *key, zend_string *value, zend_long ttl, zval *return_value);
void lyger_cache_redis_has(zend_string *key, zval *return_value);
void lyger_cache_redis_delete(zend_string *key, zval *return_value);
void lyger_cache_redis_clear(void);
/* The keys under the prefix in Redis: cluster-wide, O(keys). */
void lyger_cache_redis_size(zval *return_value);
void lyger_cache_redis_set_batch(zend_string *json, zval *return_value);

/* From src/engine_cache.c: the near cache, locked when shared (NULL with an exception
 * thrown), handed back with lyger_cache_binding_release() (0: an exception thrown).
 * Nothing that may bail out runs in between. */
struct lyger_cache *lyger_cache_binding_acquire(void);
int lyger_cache_binding_release(struct lyger_cache *c);

#endif
