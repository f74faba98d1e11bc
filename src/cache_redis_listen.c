/* The invalidation listener (see cache_redis_conn.h for the protocol).
 *
 * Invariants:
 * - Only the listener thread touches the two hiredis contexts; the request thread
 *   only reads the atomics and, under the mutex, takes the queue.
 * - epoch is bumped (release) after every change of the queue or of live, under the
 *   mutex, so a request that sees the same epoch twice knows nothing arrived between.
 * - live is 1 only between "tracking on" and the first sign of a lost connection;
 *   flush is queued on both edges.
 * - mark (batches across hosts, see cache_redis.h) is the highest batch n such that
 *   the queue as drained holds every key of every batch up to n this connection was
 *   told of: raised by a marker's message (Redis sends a batch's keys before its
 *   marker, and the queue keeps the order), and set, with the flush of going live, to
 *   the counter read just after tracking went on (every batch up to it was done
 *   before the flush, so what the near cache keeps after the flush is newer). The
 *   request thread may raise it after a flush of its own (lyger_redis_listener_raise).
 * - T is lent to the request thread for its writes (lyger_redis_listener_borrow):
 *   t_lock is held for the whole loan, t is set only while T is connected with
 *   tracking on, and the thread clears t (under t_lock) before it frees T. The thread
 *   never reads T: it polls T's socket for POLLRDHUP only (the peer closed), which a
 *   reply the request thread has yet to read does not raise. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* POLLRDHUP */
#endif
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#ifdef HAVE_LYGER_HIREDIS

#include "cache_redis_conn.h"
#include "cache_redis.h"
#include "self_pid.h"

#include <errno.h>
#include <hiredis.h>
#include <poll.h>
#include <sys/socket.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define QUEUE_MAX (1u << 20)   /* bytes of queued keys before a flush replaces them */
#define BACKOFF_FIRST_MS 50
#define BACKOFF_MAX_MS 1000
#define POLL_MS 200
/* A connection that goes silent without closing (a network partition: no reset, no
 * FIN) would leave the listener "live" while invalidations are lost. So L is asked a
 * PING after QUIET_MS without traffic, and counted lost when no answer came within
 * max(the operation timeout, PING_WAIT_MIN_MS). */
#define QUIET_MS 500
#define COUNTER "epoch"          /* names under the meta prefix (cache_redis.h) */
#define MARKER "n:"
#define PING_WAIT_MIN_MS 500

struct lyger_redis_listener {
    lyger_redis_dsn dsn;
    char *prefix;
    size_t prefix_len;
    char *meta;                  /* the meta prefix (cache_redis.h); meta_len 0: none */
    size_t meta_len;
    int connect_timeout_ms, timeout_ms;
    pid_t pid;
    pthread_t thread;
    int wake[2];                 /* a byte written here stops the thread */
    atomic_int stop;
    atomic_int live;
    _Atomic uint64_t epoch;
    atomic_int fd_l, fd_t;       /* for the atfork handler: closed in a child */

    pthread_mutex_t t_lock;      /* held while T is lent to the request thread */
    redisContext *t;             /* T while it can be lent, else NULL */

    pthread_mutex_t lock;        /* guards what follows */
    char *queue;                 /* records: uint32_t length, then the key */
    size_t queue_len, queue_cap;
    int flush_pending;
    uint64_t mark;               /* see the invariants */
    pthread_cond_t changed;      /* broadcast with every bump */
    lyger_redis_listener_stats stats;

    lyger_redis_listener *next;  /* in all_listeners (all_lock) */
};

/* Every listener this process started (one per process; one per request thread in
 * ZTS), for the atfork child handler. The lock is held across fork() (prepare/parent/
 * child handlers), so the child finds the list whole. */
static pthread_mutex_t all_lock = PTHREAD_MUTEX_INITIALIZER;
static lyger_redis_listener *all_listeners;
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;

static void before_fork(void)
{
    pthread_mutex_lock(&all_lock);
}

static void parent_after_fork(void)
{
    pthread_mutex_unlock(&all_lock);
}

static void child_after_fork(void)
{
    /* the threads are not here: close our copies of their sockets so that Redis sees
     * the parent's connections end when the parent closes them; the parent's
     * listeners are abandoned (never freed here), the child starts its own */
    for (lyger_redis_listener *l = all_listeners; l; l = l->next) {
        int fd = atomic_exchange(&l->fd_l, -1);
        if (fd >= 0) close(fd);
        fd = atomic_exchange(&l->fd_t, -1);
        if (fd >= 0) close(fd);
    }
    all_listeners = NULL;
    pthread_mutex_unlock(&all_lock);
}

static void register_atfork(void)
{
    pthread_atfork(before_fork, parent_after_fork, child_after_fork);
}

static void link_listener(lyger_redis_listener *l)
{
    pthread_mutex_lock(&all_lock);
    l->next = all_listeners;
    all_listeners = l;
    pthread_mutex_unlock(&all_lock);
}

static void unlink_listener(lyger_redis_listener *l)
{
    pthread_mutex_lock(&all_lock);
    for (lyger_redis_listener **at = &all_listeners; *at; at = &(*at)->next) {
        if (*at == l) {
            *at = l->next;
            break;
        }
    }
    pthread_mutex_unlock(&all_lock);
}

/* Under l->lock. */
static void bump(lyger_redis_listener *l)
{
    atomic_fetch_add_explicit(&l->epoch, 1, memory_order_release);
    pthread_cond_broadcast(&l->changed);
}

static void queue_flush(lyger_redis_listener *l)
{
    l->flush_pending = 1;
    l->queue_len = 0;
    l->stats.flushes++;
}

/* mark: the batch counter read after tracking went on (going live). */
static void set_live(lyger_redis_listener *l, int live, const char *why, uint64_t mark)
{
    pthread_mutex_lock(&l->lock);
    queue_flush(l);
    if (live) l->mark = mark;
    l->stats.live = live;
    if (why) snprintf(l->stats.last_error, sizeof l->stats.last_error, "%s", why);
    atomic_store(&l->live, live);
    bump(l);
    pthread_mutex_unlock(&l->lock);
}

static void queue_key(lyger_redis_listener *l, const char *key, size_t len)
{
    if (len < l->prefix_len || memcmp(key, l->prefix, l->prefix_len) != 0) return;
    key += l->prefix_len;
    len -= l->prefix_len;
    l->stats.invalidations++;
    if (l->flush_pending) return; /* everything goes anyway */
    size_t need = l->queue_len + sizeof(uint32_t) + len;
    if (len > UINT32_MAX || need > QUEUE_MAX) {
        queue_flush(l);
        return;
    }
    if (need > l->queue_cap) {
        size_t cap = l->queue_cap ? l->queue_cap * 2 : 4096;
        while (cap < need) cap *= 2;
        char *q = realloc(l->queue, cap);
        if (!q) {
            queue_flush(l);
            return;
        }
        l->queue = q;
        l->queue_cap = cap;
    }
    uint32_t n = (uint32_t) len;
    memcpy(l->queue + l->queue_len, &n, sizeof n);
    memcpy(l->queue + l->queue_len + sizeof n, key, len);
    l->queue_len = need;
}

/* A key under the meta prefix: a batch's marker raises mark; the counter is ignored. */
static void note_meta(lyger_redis_listener *l, const char *key, size_t len)
{
    size_t at = l->meta_len + sizeof MARKER - 1;
    if (len <= at || len - at > 19 || memcmp(key + l->meta_len, MARKER, sizeof MARKER - 1) != 0) return;
    uint64_t n = 0;
    for (size_t i = at; i < len; i++) {
        if (key[i] < '0' || key[i] > '9') return;
        n = n * 10 + (uint64_t) (key[i] - '0');
    }
    if (n > l->mark) l->mark = n;
}

/* One message from L: ["message", "__redis__:invalidate", [keys] | nil]. */
static void handle(lyger_redis_listener *l, redisReply *rep)
{
    if (rep->type != REDIS_REPLY_ARRAY || rep->elements != 3 || rep->element[0]->type != REDIS_REPLY_STRING
        || strcmp(rep->element[0]->str, "message") != 0) {
        return;
    }
    redisReply *keys = rep->element[2];
    pthread_mutex_lock(&l->lock);
    if (keys->type == REDIS_REPLY_ARRAY) {
        for (size_t i = 0; i < keys->elements; i++) {
            redisReply *k = keys->element[i];
            if (k->type != REDIS_REPLY_STRING) continue;
            if (l->meta_len && k->len >= l->meta_len && memcmp(k->str, l->meta, l->meta_len) == 0) {
                note_meta(l, k->str, k->len);
            } else {
                queue_key(l, k->str, k->len);
            }
        }
    } else {
        queue_flush(l); /* nil: FLUSHDB / FLUSHALL */
    }
    bump(l);
    pthread_mutex_unlock(&l->lock);
}

static void note_error(lyger_redis_listener *l, const char *msg)
{
    pthread_mutex_lock(&l->lock);
    snprintf(l->stats.last_error, sizeof l->stats.last_error, "%s", msg);
    pthread_mutex_unlock(&l->lock);
}

static redisReply *expect(redisContext *c, redisReply *rep, int type, char *err, size_t size, const char *what)
{
    if (!rep) {
        snprintf(err, size, "%s: %s", what, c->errstr[0] ? c->errstr : "no reply");
        return NULL;
    }
    if (rep->type != type) {
        if (rep->type == REDIS_REPLY_ERROR) {
            snprintf(err, size, "%s: %.*s", what, (int) (rep->len > 160 ? 160 : rep->len), rep->str);
        } else {
            snprintf(err, size, "%s: unexpected reply", what);
        }
        freeReplyObject(rep);
        return NULL;
    }
    return rep;
}

/* The batch counter, read on T right after tracking went on (0: never set). */
static int read_counter(lyger_redis_listener *l, redisContext *ct, uint64_t *mark, char *err, size_t size)
{
    *mark = 0;
    if (!l->meta_len) return 0;
    const char *args[2] = {"GET", l->meta};
    size_t lens[2] = {3, l->meta_len + sizeof COUNTER - 1};
    redisReply *rep = redisCommandArgv(ct, 2, args, lens);
    if (!rep) {
        snprintf(err, size, "GET (batch counter): %s", ct->errstr[0] ? ct->errstr : "no reply");
        return -1;
    }
    if (rep->type == REDIS_REPLY_STRING && rep->len <= 19) {
        for (size_t i = 0; i < rep->len && rep->str[i] >= '0' && rep->str[i] <= '9'; i++) {
            *mark = *mark * 10 + (uint64_t) (rep->str[i] - '0');
        }
    }
    freeReplyObject(rep);
    return 0;
}

/* Connects L and T and turns tracking on (the prefix and the meta prefix). 0 with
 * *mark (see read_counter), or -1 with err. */
static int establish(lyger_redis_listener *l, redisContext **cl, redisContext **ct, uint64_t *mark, char *err,
                     size_t size)
{
    int setup_ms = l->timeout_ms < 1000 ? 1000 : l->timeout_ms; /* setup is off the request path */
    *cl = lyger_redis_connect(&l->dsn, l->connect_timeout_ms, setup_ms, err, size);
    if (!*cl) return -1;
    atomic_store(&l->fd_l, (*cl)->fd);
    redisReply *rep = expect(*cl, redisCommand(*cl, "CLIENT ID"), REDIS_REPLY_INTEGER, err, size, "CLIENT ID");
    if (!rep) return -1;
    long long id = rep->integer;
    freeReplyObject(rep);
    rep = expect(*cl, redisCommand(*cl, "SUBSCRIBE __redis__:invalidate"), REDIS_REPLY_ARRAY, err, size,
                 "SUBSCRIBE __redis__:invalidate");
    if (!rep) return -1;
    freeReplyObject(rep);
    *ct = lyger_redis_connect(&l->dsn, l->connect_timeout_ms, setup_ms, err, size);
    if (!*ct) return -1;
    atomic_store(&l->fd_t, (*ct)->fd);
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%lld", id);
    /* NOLOOP: the writes this process makes on T (lent for them) are not echoed to
     * its own L; every other listener is told as usual */
    const char *args[11] = {"CLIENT", "TRACKING", "on",   "REDIRECT", idtext, "BCAST",
                            "NOLOOP", "PREFIX",   l->prefix, "PREFIX", l->meta};
    size_t lens[11] = {6, 8, 2, 8, strlen(idtext), 5, 6, 6, l->prefix_len, 6, l->meta_len};
    int argc = l->prefix_len ? (l->meta_len ? 11 : 9) : 7;
    rep = expect(*ct, redisCommandArgv(*ct, argc, args, lens), REDIS_REPLY_STATUS, err, size, "CLIENT TRACKING");
    if (!rep) return -1;
    freeReplyObject(rep);
    if (read_counter(l, *ct, mark, err, size) < 0) return -1;
    int ms = l->timeout_ms < 1 ? 1 : l->timeout_ms; /* from now on for the request's writes */
    struct timeval tv = {ms / 1000, (ms % 1000) * 1000};
    redisSetTimeout(*ct, tv);
    return 0;
}

static void lend_t(lyger_redis_listener *l, redisContext *ct)
{
    pthread_mutex_lock(&l->t_lock);
    l->t = ct;
    pthread_mutex_unlock(&l->t_lock);
}

static void close_both(lyger_redis_listener *l, redisContext **cl, redisContext **ct)
{
    lend_t(l, NULL); /* waits for a loan in progress to end */
    atomic_store(&l->fd_l, -1);
    atomic_store(&l->fd_t, -1);
    if (*cl) redisFree(*cl);
    if (*ct) redisFree(*ct);
    *cl = *ct = NULL;
}

/* Reads what is there on L; every complete reply goes to handle(). -1 when the
 * connection is gone. */
static int read_some(lyger_redis_listener *l, redisContext *c)
{
    if (redisBufferRead(c) != REDIS_OK) return -1;
    for (;;) {
        void *rep = NULL;
        if (redisGetReplyFromReader(c, &rep) != REDIS_OK) return -1;
        if (!rep) return 0;
        handle(l, rep);
        freeReplyObject(rep);
    }
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sends PING on L (allowed while subscribed; RESP2 answers ["pong", ""], which
 * handle() ignores). -1 when the connection is gone. */
static int send_ping(redisContext *c)
{
    if (redisAppendCommand(c, "PING") != REDIS_OK) return -1;
    int done = 0;
    while (!done) {
        if (redisBufferWrite(c, &done) != REDIS_OK) return -1;
    }
    return 0;
}

/* Sleeps ms unless told to stop; 1 when told to stop. */
static int nap(lyger_redis_listener *l, int ms)
{
    struct pollfd p = {l->wake[0], POLLIN, 0};
    poll(&p, 1, ms);
    return atomic_load(&l->stop);
}

static void *run(void *arg)
{
    lyger_redis_listener *l = arg;
    int backoff = BACKOFF_FIRST_MS, ever = 0;
    char err[sizeof l->stats.last_error];
    while (!atomic_load(&l->stop)) {
        redisContext *cl = NULL, *ct = NULL;
        uint64_t mark = 0;
        if (establish(l, &cl, &ct, &mark, err, sizeof err) < 0) {
            close_both(l, &cl, &ct);
            note_error(l, err);
            if (nap(l, backoff)) break;
            backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
            continue;
        }
        backoff = BACKOFF_FIRST_MS;
        pthread_mutex_lock(&l->lock);
        if (ever) l->stats.reconnects++;
        pthread_mutex_unlock(&l->lock);
        ever = 1;
        lend_t(l, ct);
        set_live(l, 1, NULL, mark);
        const char *why = "invalidation connection lost";
        int ping_wait = l->timeout_ms > PING_WAIT_MIN_MS ? l->timeout_ms : PING_WAIT_MIN_MS;
        int64_t heard = now_ms(), ping_sent = 0; /* last traffic on L; 0: no PING out */
        while (!atomic_load(&l->stop)) {
            struct pollfd p[3] = {{cl->fd, POLLIN, 0}, {ct->fd, POLLRDHUP, 0}, {l->wake[0], POLLIN, 0}};
            int n = poll(p, 3, POLL_MS);
            if (n < 0 && errno != EINTR) break;
            if (n > 0 && (p[0].revents & (POLLIN | POLLHUP | POLLERR))) {
                if (read_some(l, cl) < 0) break;
                heard = now_ms();
                ping_sent = 0;
            }
            if (n > 0 && (p[1].revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL))) {
                why = "tracking connection lost"; /* closed by Redis, or by a failed loan */
                break;
            }
            int64_t now = now_ms();
            if (ping_sent && now - ping_sent > ping_wait) {
                why = "invalidation connection silent (no answer to PING)";
                break;
            }
            if (!ping_sent && now - heard >= QUIET_MS) {
                if (send_ping(cl) < 0) break;
                ping_sent = now;
            }
        }
        close_both(l, &cl, &ct);
        set_live(l, 0, atomic_load(&l->stop) ? NULL : why, 0);
    }
    return NULL;
}

lyger_redis_listener *lyger_redis_listener_start(const lyger_redis_dsn *dsn, const char *prefix, size_t prefix_len,
                                                 int connect_timeout_ms, int timeout_ms)
{
    pthread_once(&atfork_once, register_atfork);
    lyger_redis_listener *l = calloc(1, sizeof *l);
    if (!l) return NULL;
    l->prefix = malloc(prefix_len + 1);
    l->meta = malloc(prefix_len + LYGER_REDIS_META_EXTRA + sizeof COUNTER);
    if (!l->prefix || !l->meta || pipe(l->wake) < 0) {
        free(l->prefix);
        free(l->meta);
        free(l);
        return NULL;
    }
    memcpy(l->prefix, prefix, prefix_len);
    l->prefix[prefix_len] = '\0';
    l->prefix_len = prefix_len;
    l->meta_len = lyger_redis_meta_prefix(prefix, prefix_len, l->meta);
    memcpy(l->meta + l->meta_len, COUNTER, sizeof COUNTER);
    l->dsn = *dsn;
    l->connect_timeout_ms = connect_timeout_ms;
    l->timeout_ms = timeout_ms;
    l->pid = lyger_self_pid();
    atomic_init(&l->fd_l, -1);
    atomic_init(&l->fd_t, -1);
    pthread_mutex_init(&l->lock, NULL);
    pthread_mutex_init(&l->t_lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&l->changed, &ca);
    pthread_condattr_destroy(&ca);
    link_listener(l);
    if (pthread_create(&l->thread, NULL, run, l) != 0) {
        unlink_listener(l);
        pthread_mutex_destroy(&l->lock);
        pthread_mutex_destroy(&l->t_lock);
        pthread_cond_destroy(&l->changed);
        close(l->wake[0]);
        close(l->wake[1]);
        lyger_redis_dsn_wipe(&l->dsn);
        free(l->prefix);
        free(l->meta);
        free(l);
        return NULL;
    }
    return l;
}

int lyger_redis_listener_owned(const lyger_redis_listener *l)
{
    return l->pid == lyger_self_pid();
}

void lyger_redis_listener_stop(lyger_redis_listener *l)
{
    if (!l) return;
    atomic_store(&l->stop, 1);
    ssize_t w = write(l->wake[1], "x", 1);
    (void) w;
    pthread_join(l->thread, NULL);
    unlink_listener(l);
    close(l->wake[0]);
    close(l->wake[1]);
    pthread_mutex_destroy(&l->lock);
    pthread_mutex_destroy(&l->t_lock);
    pthread_cond_destroy(&l->changed);
    lyger_redis_dsn_wipe(&l->dsn);
    free(l->queue);
    free(l->prefix);
    free(l->meta);
    free(l);
}

uint64_t lyger_redis_listener_epoch(const lyger_redis_listener *l)
{
    return atomic_load_explicit(&((lyger_redis_listener *) l)->epoch, memory_order_acquire);
}

const _Atomic uint64_t *lyger_redis_listener_epoch_word(const lyger_redis_listener *l)
{
    return &l->epoch;
}

const atomic_int *lyger_redis_listener_live_word(const lyger_redis_listener *l)
{
    return &l->live;
}

int lyger_redis_listener_live(const lyger_redis_listener *l)
{
    return atomic_load(&((lyger_redis_listener *) l)->live);
}

uint64_t lyger_redis_listener_drain(lyger_redis_listener *l, lyger_redis_drop_fn drop, lyger_redis_flush_fn flush,
                                    void *ctx, uint64_t *mark)
{
    pthread_mutex_lock(&l->lock);
    uint64_t epoch = atomic_load(&l->epoch);
    if (mark) *mark = l->mark;
    int flush_all = l->flush_pending;
    char *q = l->queue;
    size_t len = l->queue_len;
    l->flush_pending = 0;
    /* keep the buffer when nothing is in it; else take it and leave an empty one */
    if (len) {
        l->queue = NULL;
        l->queue_len = l->queue_cap = 0;
    }
    pthread_mutex_unlock(&l->lock);
    if (flush_all) flush(ctx);
    for (size_t off = 0; off < len;) {
        uint32_t n;
        memcpy(&n, q + off, sizeof n);
        drop(q + off + sizeof n, n, ctx);
        off += sizeof n + n;
    }
    if (len) free(q);
    return epoch;
}

uint64_t lyger_redis_listener_wait(lyger_redis_listener *l, uint64_t seen, int ms)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long) (ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&l->lock);
    while (atomic_load(&l->epoch) == seen) {
        if (pthread_cond_timedwait(&l->changed, &l->lock, &until) != 0) break;
    }
    uint64_t epoch = atomic_load(&l->epoch);
    pthread_mutex_unlock(&l->lock);
    return epoch;
}

void lyger_redis_listener_raise(lyger_redis_listener *l, uint64_t mark)
{
    pthread_mutex_lock(&l->lock);
    if (mark > l->mark) l->mark = mark;
    pthread_mutex_unlock(&l->lock);
}

void *lyger_redis_listener_borrow(lyger_redis_listener *l)
{
    pthread_mutex_lock(&l->t_lock);
    if (l->t && !l->t->err) return l->t;
    pthread_mutex_unlock(&l->t_lock);
    return NULL;
}

void lyger_redis_listener_give_back(lyger_redis_listener *l, int broken)
{
    /* a loan that failed may have left T out of step (a reply never read): shut it
     * down, the thread sees that as a lost T, flushes and connects again */
    if (broken) shutdown(l->t->fd, SHUT_RDWR);
    pthread_mutex_unlock(&l->t_lock);
}

void lyger_redis_listener_get_stats(lyger_redis_listener *l, lyger_redis_listener_stats *out)
{
    pthread_mutex_lock(&l->lock);
    *out = l->stats;
    pthread_mutex_unlock(&l->lock);
    out->live = atomic_load(&l->live);
}

#endif /* HAVE_LYGER_HIREDIS */
