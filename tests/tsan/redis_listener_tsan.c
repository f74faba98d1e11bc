/* tsan-sources: src/cache_redis_listen.c src/cache_redis.c src/cache_redis_dsn.c src/self_pid.c */
/* tsan-cflags: -DHAVE_LYGER_HIREDIS -I/usr/include/hiredis */
/* tsan-libs: -lhiredis -lpthread */
/* tsan-needs: redis */
/* ThreadSanitizer harness for the Redis tier's invalidation listener (scripts/tsan.sh
 * builds it with -fsanitize=thread, starts a throwaway redis-server and runs it): the
 * listener thread every PHP process runs beside its request thread. Here the main
 * thread plays the request thread (reads the epoch and the live flag, drains the queue,
 * reads the figures), a writer thread changes keys under the prefix through the data
 * connection as another host would, and now and then kills the listener's connections
 * (CLIENT KILL), so the thread goes deaf, queues flushes and connects again while it
 * is drained; the request thread also writes through the listener's tracking
 * connection T, lent to it (lyger_redis_listener_borrow), while the writer kills T
 * too (CLIENT KILL TYPE normal): T tracks with NOLOOP, so those writes never come back
 * as invalidations (a drained key "own" fails the run); the writer also starts and stops listeners of its own (a ZTS process has
 * one per request thread, in one list for the fork handler), and the main thread forks
 * once mid-run (the child closes its copies of the listeners' sockets). The writer
 * also writes batches (the batch script: their end markers raise the listener's mark,
 * which the main thread drains with the queue and raises itself now and then, and it
 * waits for the listener on its condition variable, as a get waiting for a batch's
 * marker does). At the end the listener is stopped and joined, then started and stopped
 * at once (stopping a thread still connecting). Exit 0 and no report: pass. Every key
 * written must come back as an invalidation or be covered by a flush. */
#include "cache_redis.h"
#include "cache_redis_conn.h"
#include "cache_redis_dsn.h"

#include <hiredis.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PREFIX "tsan:"
#define WRITES 3000

static lyger_redis_dsn dsn;
static int writer_done;
static unsigned long drops, flushes, kills, loans, failed_loans, batches;

static void on_drop(const char *key, size_t len, void *ctx)
{
    (void) ctx;
    if (len == 3 && memcmp(key, "own", 3) == 0) {
        fprintf(stderr, "redis_listener_tsan: a write through T came back as an invalidation (NOLOOP)\n");
        exit(1);
    }
    if (len == 0 || len > 32 || key[0] != 'k') {
        fprintf(stderr, "redis_listener_tsan: unexpected key of %zu bytes\n", len);
        exit(1);
    }
    drops++;
}

static void on_flush(void *ctx)
{
    (void) ctx;
    flushes++;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double) t.tv_sec + (double) t.tv_nsec / 1e9;
}

/* Kills the connections of subscribed clients (the listener's L; its T goes with it
 * when the thread notices). */
static void kill_listener(const char *type)
{
    char err[256];
    redisContext *c = lyger_redis_connect(&dsn, 1000, 1000, err, sizeof err);
    if (!c) return;
    redisReply *r = redisCommand(c, "CLIENT KILL TYPE %s", type);
    if (r) freeReplyObject(r);
    redisFree(c);
    __atomic_add_fetch(&kills, 1, __ATOMIC_RELAXED);
}

static void *writer(void *arg)
{
    lyger_redis *r = arg;
    char key[32];
    for (int i = 0; i < WRITES; i++) {
        int n = snprintf(key, sizeof key, "k%d", i % 200);
        if (i % 10 == 5) {
            lyger_redis_item items[2] = {{key, (size_t) n, "b", 1, 0}, {"k199", 4, "b", 1, 5}};
            uint64_t number;
            int fresh;
            batches += lyger_redis_batch(r, items, 2, &number, &fresh) == LYGER_REDIS_OK && number > 0;
        } else if (i % 3 == 2) {
            int deleted;
            lyger_redis_delete(r, key, (size_t) n, &deleted);
        } else {
            lyger_redis_set(r, key, (size_t) n, "value", 5, 0);
        }
        if (i % 1000 == 500) kill_listener("pubsub");
        if (i % 1000 == 750) kill_listener("normal"); /* T (and this writer's own) */
        if (i % 1000 == 250) {
            /* another request thread's listener (ZTS), started and stopped beside the
             * main one: the process's list of listeners is shared */
            lyger_redis_listener *mine = lyger_redis_listener_start(&dsn, PREFIX, strlen(PREFIX), 1000, 1000);
            if (mine) lyger_redis_listener_stop(mine);
        }
    }
    __atomic_store_n(&writer_done, 1, __ATOMIC_RELEASE);
    return NULL;
}

/* One write through the listener's T, as cacheSet makes it when T is up. */
static void write_through_t(lyger_redis_listener *l, lyger_redis *own)
{
    void *t = lyger_redis_listener_borrow(l);
    if (!t) return;
    lyger_redis_borrow(own, t);
    lyger_redis_set(own, "own", 3, "v", 1, 0);
    int failed = lyger_redis_unborrow(own);
    lyger_redis_listener_give_back(l, failed != 0);
    loans++;
    failed_loans += failed != 0;
}

int main(void)
{
    const char *s = getenv("LYGER_TEST_REDIS");
    char err[256];
    if (!s || lyger_redis_dsn_parse(s, strlen(s), &dsn, err, sizeof err) != 0) {
        fprintf(stderr, "redis_listener_tsan: LYGER_TEST_REDIS unset or invalid\n");
        return 2;
    }
    lyger_redis_listener *l = lyger_redis_listener_start(&dsn, PREFIX, strlen(PREFIX), 1000, 1000);
    lyger_redis *r = lyger_redis_create(&dsn, PREFIX, strlen(PREFIX), 1000, 1000);
    lyger_redis *own = lyger_redis_create(&dsn, PREFIX, strlen(PREFIX), 1000, 1000);
    if (!l || !r || !own) {
        fprintf(stderr, "redis_listener_tsan: cannot start\n");
        return 2;
    }
    double deadline = now() + 20;
    while (!lyger_redis_listener_live(l) && now() < deadline) usleep(1000);
    if (!lyger_redis_listener_live(l)) {
        fprintf(stderr, "redis_listener_tsan: the listener never went live\n");
        return 1;
    }
    pthread_t w;
    pthread_create(&w, NULL, writer, r);
    uint64_t seen = 0, mark = 0, high_mark = 0;
    unsigned long live_reads = 0, rounds = 0;
    int forked = 0;
    lyger_redis_listener_stats st;
    /* the request thread: drain whenever the epoch moved, until the writer is done and
     * the listener is live again with nothing left to drain */
    while (now() < deadline) {
        uint64_t e = lyger_redis_listener_epoch(l);
        live_reads += (unsigned long) lyger_redis_listener_live(l);
        if (e != seen) seen = lyger_redis_listener_drain(l, on_drop, on_flush, NULL, &mark);
        if (mark > high_mark) high_mark = mark;
        if (++rounds % 50 == 0) lyger_redis_listener_raise(l, mark + 1);
        if (!__atomic_load_n(&writer_done, __ATOMIC_ACQUIRE)) write_through_t(l, own);
        if (!forked && drops > 100) {
            /* a fork while the listeners run: the child closes its copies of their
             * sockets (the atfork handler, under the list's lock) and leaves */
            forked = 1;
            pid_t pid = fork();
            if (pid == 0) _exit(lyger_redis_listener_owned(l) ? 3 : 0);
            int status = 0;
            if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                fprintf(stderr, "redis_listener_tsan: the forked child failed (status %d)\n", status);
                return 1;
            }
        }
        lyger_redis_listener_get_stats(l, &st);
        if (__atomic_load_n(&writer_done, __ATOMIC_ACQUIRE) && lyger_redis_listener_live(l)
            && lyger_redis_listener_epoch(l) == seen && drops > 0) {
            usleep(100 * 1000); /* the last invalidations in flight */
            if (lyger_redis_listener_epoch(l) == seen) break;
        }
        if (rounds % 2) {
            usleep(200);
        } else {
            lyger_redis_listener_wait(l, seen, 1);
        }
    }
    pthread_join(w, NULL);
    lyger_redis_listener_get_stats(l, &st);
    lyger_redis_listener_stop(l);
    /* a listener stopped while it may still be connecting */
    lyger_redis_listener *l2 = lyger_redis_listener_start(&dsn, PREFIX, strlen(PREFIX), 1000, 1000);
    if (l2) lyger_redis_listener_stop(l2);
    lyger_redis_destroy(r);
    lyger_redis_destroy(own);
    int ok = drops > 0 && flushes > 0 && live_reads > 0 && loans > 0 && batches > 0 && high_mark > 0 && now() < deadline;
    printf("redis_listener_tsan: %s (%lu invalidations drained, %lu flushes, %lu kills, %llu reconnects, "
           "%lu writes through T, %lu failed, %lu batches, marks seen: %s)\n",
           ok ? "ok" : "FAILED", drops, flushes, kills, (unsigned long long) st.reconnects, loans, failed_loans, batches,
           high_mark ? "yes" : "no");
    return ok ? 0 : 1;
}
