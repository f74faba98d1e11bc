/* tsan-sources: src/cache_shm.c src/cache_store.c src/cache_read.c src/cache_repair.c src/cache_plan.c src/cache_batch.c */
/* tsan-libs: -ljansson -lpthread */
/* ThreadSanitizer harness for the shared store (scripts/tsan.sh builds it with
 * -fsanitize=thread and runs it): threads of one process share the segment as a ZTS
 * build's threads do, each taking the segment's lock around every call as
 * src/engine_cache.c does, under two namespaces, with sets, gets (copying the value
 * out under the lock), deletes, batches and clears, and two more threads read without
 * the lock (lyger_cache_try_get and lyger_cache_try_get_into, the shared store's gets;
 * scripts/tsan.supp says what of them TSan is told to accept). Exit 0 and no report: pass. Every
 * value read must be whole, and the store and segment must pass their walks at the end. */
#include "cache_batch.h"
#include "cache_shm.h"
#include "cache_store.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define THREADS 4
#define READERS 2
#define OPS 20000
#define LIMIT (256 * 1024)

static lyger_shm *seg;
static int torn;
static int lockfree_hits; /* the readers' hits: none would mean the path was never taken */
static int reader_slot = -1; /* the readers' shared counter slot */

static lyger_cache *lock_store(uint32_t uid)
{
    int repaired;
    lyger_cache *c = lyger_cache_shared_lock(seg, LIMIT, 0, &repaired);
    if (c && lyger_cache_use_namespace(c, uid) < 0) {
        lyger_cache_shared_unlock(seg);
        return NULL;
    }
    return c;
}

/* a value of a length and fill byte both taken from n: a torn one shows */
static size_t make_value(char *buf, unsigned n)
{
    size_t len = 1 + (n * 7919u) % 2000;
    memset(buf, 'a' + (int) (n % 26), len);
    buf[0] = (char) ('a' + (int) (n % 26));
    return len;
}

static int whole(const char *v, size_t len)
{
    for (size_t i = 1; i < len; i++) {
        if (v[i] != v[0]) return 0;
    }
    return 1;
}

static void *worker(void *arg)
{
    unsigned id = (unsigned) (uintptr_t) arg, seed = id * 2654435761u + 1;
    char key[32], value[2048], copy[2048];
    for (int i = 0; i < OPS; i++) {
        seed = seed * 1103515245u + 12345u;
        unsigned r = seed >> 8;
        int klen = snprintf(key, sizeof key, "k%u", r % 300);
        lyger_cache *c = lock_store(id % 2 ? 1000 : 0);
        if (!c) return (void *) 1;
        switch (r % 10) {
        case 0:
            lyger_cache_delete(c, key, (size_t) klen);
            break;
        case 1: {
            char json[256];
            int n = snprintf(json, sizeof json, "{\"%s\":\"batch-%u\",\"k%u\":\"x\"}", key, r, (r >> 4) % 300);
            lyger_cache_batch_error err;
            lyger_cache_set_batch(c, json, (size_t) n, &err);
            break;
        }
        case 2:
            if (r % 97 == 0) lyger_cache_clear(c);
            break;
        case 3:
        case 4: {
            size_t len = make_value(value, r);
            lyger_cache_set(c, key, (size_t) klen, value, len, r % 3);
            break;
        }
        default: {
            lyger_cache_entry *e = lyger_cache_lookup(c, key, (size_t) klen);
            size_t len = 0;
            if (e) {
                const char *v = lyger_cache_entry_value(e, &len);
                memcpy(copy, v, len < sizeof copy ? len : sizeof copy);
            }
            lyger_cache_shared_unlock(seg);
            if (e && len <= sizeof copy && strncmp(copy, "batch-", 6) != 0 && !(len == 1 && copy[0] == 'x')
                && !whole(copy, len)) {
                __atomic_add_fetch(&torn, 1, __ATOMIC_RELAXED);
            }
            continue;
        }
        }
        lyger_cache_shared_unlock(seg);
    }
    return NULL;
}

/* The lock-free gets of src/engine_cache.c (lyger_cache_try_get, and lyger_cache_try_get_into
 * into a buffer of a length its last hit found, asked again at the length -3 names): a
 * thread that took a counter slot under the lock reads without it while the workers
 * write; a value it reports as a hit must be whole. */
static void *reader(void *arg)
{
    unsigned id = (unsigned) (uintptr_t) arg, seed = id * 40503u + 7;
    char key[32], value[2048];
    size_t hint = 0;
    lyger_shm_view view;
    lyger_shm_view_of(seg, &view);
    lyger_cache *c = lock_store(0);
    if (!c) return (void *) 1;
    /* the readers share one counter slot, as a ZTS process's threads do: its counts
     * must be atomic (threads = 1), and add up to the hits they saw */
    int slot = lyger_cache_reader_slot(c, 1000, 1);
    __atomic_store_n(&reader_slot, slot, __ATOMIC_RELAXED);
    lyger_cache_shared_unlock(seg);
    if (slot < 0) return (void *) 1;
    for (int i = 0; i < OPS * 2; i++) {
        seed = seed * 1103515245u + 12345u;
        unsigned r = seed >> 8;
        int klen = snprintf(key, sizeof key, "k%u", r % 300);
        size_t len = 0;
        lyger_cache_read_info info;
        c = lock_store(0);  /* the root may have been rebuilt by a clear: learn it as the binding does */
        if (!c) return (void *) 1;
        lyger_cache_shared_unlock(seg);
        int rc;
        if (i & 1) {
            rc = lyger_cache_try_get(&view, c, 0, slot, key, (size_t) klen, value, sizeof value, &len, &info);
        } else {
            rc = lyger_cache_try_get_into(&view, c, 0, slot, key, (size_t) klen, value, hint, &len, &info);
            if (rc == -3 && len <= sizeof value) {
                hint = len;
                rc = lyger_cache_try_get_into(&view, c, 0, slot, key, (size_t) klen, value, hint, &len, &info);
            }
            if (rc == 1 && len < hint / 2) hint = len;
        }
        if (rc != 1) continue;
        __atomic_add_fetch(&lockfree_hits, 1, __ATOMIC_RELAXED);
        if (strncmp(value, "batch-", 6) != 0 && !(len == 1 && value[0] == 'x') && !whole(value, len)) {
            __atomic_add_fetch(&torn, 1, __ATOMIC_RELAXED);
        }
    }
    return NULL;
}

int main(void)
{
    seg = lyger_shm_create(2 * LIMIT + (1 << 20));
    if (!seg) {
        perror("lyger_shm_create");
        return 2;
    }
    pthread_t t[THREADS + READERS];
    for (uintptr_t i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, worker, (void *) i);
    for (uintptr_t i = 0; i < READERS; i++) pthread_create(&t[THREADS + i], NULL, reader, (void *) i);
    int failed = 0;
    for (int i = 0; i < THREADS + READERS; i++) {
        void *rc;
        pthread_join(t[i], &rc);
        failed |= rc != NULL;
    }
    lyger_cache *c = lock_store(0);
    int store = c ? lyger_cache_check(c) : -100, heap = lyger_shm_check(seg);
    int counted = reader_slot >= 0 && lyger_shm_slots(seg)[reader_slot].hits == (uint64_t) lockfree_hits;
    if (c) lyger_cache_shared_unlock(seg);
    lyger_shm_destroy(seg);
    if (failed || torn || store || heap || lockfree_hits == 0 || !counted) {
        fprintf(stderr, "cache_store_tsan: failed=%d torn=%d store=%d segment=%d lock-free hits=%d (slot: %s)\n",
                failed, torn, store, heap, lockfree_hits, counted ? "same" : "differs");
        return 1;
    }
    printf("cache_store_tsan: ok (%d lock-free hits)\n", lockfree_hits);
    return 0;
}
