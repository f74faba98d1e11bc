/* The Redis tier of the cache methods (src/engine_cache_redis.c): what engine_cache.c
 * calls when lyger.cache_redis is set. The per-process store (src/cache_store.c) is the near
 * cache; every write goes through to Redis first. */
#ifndef LYGER_ENGINE_CACHE_REDIS_H
#define LYGER_ENGINE_CACHE_REDIS_H

#include "engine.h"

struct lyger_cache;

#define LYGER_CACHE_REDIS_ON() (UNEXPECTED(LYGER_G(cache_redis_on)))

void lyger_cache_redis_minit(void);
void lyger_cache_redis_gshutdown(zend_lyger_globals *g);
void lyger_cache_redis_info(zval *section);

/* Before the near cache answers a get: applies the invalidations received so far.
 * 1 when the near cache may answer; 0 when it may not (the listener is deaf, or an
 * exception was thrown: check EG(exception)). */
int lyger_cache_redis_near_usable(struct lyger_cache *near);
/* A get the near cache did not answer: from Redis, filling near when it is safe
 * (near may be NULL). A miss or an unavailable Redis give ''. */
void lyger_cache_redis_get(struct lyger_cache *near, zend_string *key, zval *return_value);
/* The write-through methods; each sets return_value or throws. */
void lyger_cache_redis_set(struct lyger_cache *near, zend_string *key, zend_string *value, zend_long ttl,
                           zval *return_value);
void lyger_cache_redis_has(zend_string *key, zval *return_value);
void lyger_cache_redis_delete(struct lyger_cache *near, zend_string *key, zval *return_value);
void lyger_cache_redis_clear(struct lyger_cache *near);
/* The keys under the prefix in Redis: cluster-wide, O(keys). */
void lyger_cache_redis_size(zval *return_value);
void lyger_cache_redis_set_batch(struct lyger_cache *near, zend_string *json, zval *return_value);

#endif
