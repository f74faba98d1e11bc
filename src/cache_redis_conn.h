/* The listener's side of the Redis tier (src/cache_redis_listen.c): one thread per
 * process that receives Redis's invalidation messages and queues the keys for the
 * near cache. Plain C, no Zend headers.
 *
 * How a host stays coherent: the thread opens two connections of its own. L asks
 * CLIENT ID and subscribes to __redis__:invalidate; T turns on
 * CLIENT TRACKING on REDIRECT <L's id> BCAST NOLOOP PREFIX <prefix> PREFIX <meta prefix>
 * (cache_redis.h: where batches announce their end), so Redis sends L the
 * name of every key under the prefix that anyone changes (set, delete, expiry,
 * eviction, flush) but T itself. The thread queues those names; the request thread drains the
 * queue before it uses the near cache (one atomic load when nothing changed).
 *
 * While L or T is down the listener is "deaf": the near cache is flushed and must not
 * be used (gets go to Redis) until both are back and tracking is on again, at which
 * point the near cache is flushed once more (invalidations sent while deaf are lost).
 *
 * T is tracking with NOLOOP, and the request thread writes on it when it can
 * (lyger_redis_listener_borrow): Redis then does not echo this process's own writes
 * back to its L (the writer drops its near-cache copy itself, synchronously); every
 * other listener, on this host and on others, is still told.
 *
 * Fork: a child inherits the memory but not the thread. lyger_redis_listener_owned()
 * says whether the calling process started it; a child abandons the parent's (its
 * sockets are closed in the child by an atfork handler) and starts its own. */
#ifndef LYGER_CACHE_REDIS_CONN_H
#define LYGER_CACHE_REDIS_CONN_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "cache_redis_dsn.h"

typedef struct lyger_redis_listener lyger_redis_listener;

typedef struct {
    int live;                 /* tracking established now */
    uint64_t invalidations;   /* keys received */
    uint64_t flushes;         /* whole-cache drops (reconnects, FLUSHDB, overflow) */
    uint64_t reconnects;      /* tracking re-established after a loss */
    char last_error[640];
} lyger_redis_listener_stats;

typedef void (*lyger_redis_drop_fn)(const char *key, size_t len, void *ctx);
typedef void (*lyger_redis_flush_fn)(void *ctx);

/* Starts the thread (it connects by itself, retrying with backoff). NULL when the
 * thread or memory cannot be had. */
lyger_redis_listener *lyger_redis_listener_start(const lyger_redis_dsn *dsn, const char *prefix, size_t prefix_len,
                                                 int connect_timeout_ms, int timeout_ms);
/* Whether the calling process started l (else it is a parent's, inherited by fork). */
int lyger_redis_listener_owned(const lyger_redis_listener *l);
/* Stops and joins the thread and frees l. Only in the process that owns l. */
void lyger_redis_listener_stop(lyger_redis_listener *l);

/* Changes whenever there is something to drain (acquire load). */
uint64_t lyger_redis_listener_epoch(const lyger_redis_listener *l);
int lyger_redis_listener_live(const lyger_redis_listener *l);
/* The two words above themselves, for a caller's inline check (see engine_cache_redis.h);
 * they live as long as l. */
const _Atomic uint64_t *lyger_redis_listener_epoch_word(const lyger_redis_listener *l);
const atomic_int *lyger_redis_listener_live_word(const lyger_redis_listener *l);
/* Hands over what was queued: flush() once when everything must go, drop() per key
 * (prefix removed). Returns the epoch this drain covers; *mark (when not NULL): the
 * highest batch whose keys this drain hands over, or were handed over before, or
 * went with a flush (batches across hosts: cache_redis.h). */
uint64_t lyger_redis_listener_drain(lyger_redis_listener *l, lyger_redis_drop_fn drop, lyger_redis_flush_fn flush,
                                    void *ctx, uint64_t *mark);
/* Waits until the epoch differs from seen, at most ms milliseconds; returns it. */
uint64_t lyger_redis_listener_wait(lyger_redis_listener *l, uint64_t seen, int ms);
/* After the caller flushed the near cache itself: every batch up to mark is covered. */
void lyger_redis_listener_raise(lyger_redis_listener *l, uint64_t mark);
/* T (a redisContext*, as void*) for the caller's writes, lent until
 * lyger_redis_listener_give_back(); NULL when T is not connected with tracking on.
 * Only in the process that owns l; never hold it across anything but the commands. */
void *lyger_redis_listener_borrow(lyger_redis_listener *l);
/* broken: the loan's command failed (T may be out of step): T is shut down, and the
 * thread reconnects as for any lost connection (flushing the near cache). */
void lyger_redis_listener_give_back(lyger_redis_listener *l, int broken);
void lyger_redis_listener_get_stats(lyger_redis_listener *l, lyger_redis_listener_stats *out);

#endif
