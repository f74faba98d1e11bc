/* The segment's lock: see cache_lock.h for the design and why. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "cache_lock.h"

#include <errno.h>
#include <linux/futex.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define SEAT_MASK ((1u << LYGER_LOCK_SEAT_BITS) - 1)
#define GEN_MASK ((1u << (32 - LYGER_LOCK_SEAT_BITS)) - 1)
#define SPINS 100
#define WAIT_NS 1000000 /* a sleeper looks at the holder again after this long */

/* This thread's seat: in which lock (and which of its lives), and the word it writes.
 * Initial-exec TLS: read at an offset from the thread pointer on every lock, not through
 * __tls_get_addr (4 of a set's ~50 ns at 1k keys); a module loaded by dlopen takes its 24
 * bytes from the static TLS glibc keeps spare for this. */
static __thread __attribute__((tls_model("initial-exec"))) struct {
    const lyger_lock *lock;
    uint64_t epoch;
    uint32_t id;
} mine;

static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;

/* A forked child's thread holds no seat: its parent's thread does. */
static void forget_seat(void)
{
    memset(&mine, 0, sizeof mine);
}

static void register_atfork(void)
{
    pthread_atfork(NULL, NULL, forget_seat);
}

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

int lyger_lock_init(lyger_lock *l)
{
    static uint64_t made;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    l->word = 0;
    l->waiters = 0;
    l->epoch = ((uint64_t) now.tv_sec * 1000000000u + (uint64_t) now.tv_nsec)
               ^ (__atomic_add_fetch(&made, 1, __ATOMIC_RELAXED) << 48);
    pthread_mutexattr_t a;
    int rc = pthread_mutexattr_init(&a);
    if (rc == 0) rc = pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
    if (rc == 0) rc = pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    for (unsigned i = 0; rc == 0 && i < LYGER_LOCK_SEATS; i++) {
        l->seats[i].gen = 0;
        rc = pthread_mutex_init(&l->seats[i].m, &a);
    }
    pthread_mutexattr_destroy(&a);
    return rc;
}

/* Takes a seat whose mutex is free (never taken, or left by a dead thread, which the
 * kernel marked): 1 with *seat's mutex now held by this thread, else 0 (held by a live
 * thread). The caller owns the seat until it lets the mutex go. */
static int take_seat(lyger_lock_seat *seat)
{
    int rc = pthread_mutex_trylock(&seat->m);
    if (rc == EOWNERDEAD) {
        pthread_mutex_consistent(&seat->m);
        rc = 0;
    }
    return rc == 0;
}

/* Claims a free seat for this thread, kept until it dies: its word, or 0 when none is free. */
static __attribute__((noinline)) uint32_t claim(lyger_lock *l)
{
    pthread_once(&atfork_once, register_atfork);
    unsigned start = (unsigned) ((uint32_t) syscall(SYS_gettid) * 2654435761u) % LYGER_LOCK_SEATS;
    for (unsigned i = 0; i < LYGER_LOCK_SEATS; i++) {
        unsigned n = (start + i) % LYGER_LOCK_SEATS;
        lyger_lock_seat *seat = &l->seats[n];
        if (!take_seat(seat)) continue;
        /* a new generation: a word naming this seat's last thread no longer names a holder */
        uint32_t gen = (__atomic_load_n(&seat->gen, __ATOMIC_RELAXED) + 1) & GEN_MASK;
        __atomic_store_n(&seat->gen, gen, __ATOMIC_RELEASE);
        mine.lock = l;
        mine.epoch = l->epoch;
        mine.id = gen << LYGER_LOCK_SEAT_BITS | (n + 1);
        return mine.id;
    }
    return 0;
}

/* Whether the thread that wrote `word` into the lock is gone. A dead thread's seat is let
 * go here (a new generation first), so that a new thread can claim it. */
static int holder_gone(lyger_lock *l, uint32_t word)
{
    uint32_t n = (word & SEAT_MASK) - 1;
    if (n >= LYGER_LOCK_SEATS) return 1; /* (no claim writes such a word) */
    lyger_lock_seat *seat = &l->seats[n];
    if (__atomic_load_n(&seat->gen, __ATOMIC_ACQUIRE) != word >> LYGER_LOCK_SEAT_BITS) {
        return 1; /* claimed again since: its holder had died */
    }
    if (!take_seat(seat)) return 0; /* its thread holds it: alive */
    __atomic_store_n(&seat->gen, (seat->gen + 1) & GEN_MASK, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&seat->m);
    return 1;
}

static int futex_wait(uint32_t *word, uint32_t expect)
{
    struct timespec t = {0, WAIT_NS};
    return (int) syscall(SYS_futex, word, FUTEX_WAIT, expect, &t, NULL, 0);
}

static __attribute__((noinline)) int acquire_slow(lyger_lock *l, uint32_t me)
{
    for (unsigned spin = 0;; spin++) {
        uint32_t held = __atomic_load_n(&l->word, __ATOMIC_RELAXED);
        if (held == 0) {
            if (__atomic_compare_exchange_n(&l->word, &held, me, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) return 0;
            continue;
        }
        if (spin < SPINS) {
            cpu_relax();
            continue;
        }
        /* before each sleep, and so after each timeout: is the holder alive? */
        if (holder_gone(l, held)) {
            if (__atomic_compare_exchange_n(&l->word, &held, me, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) return 1;
            continue;
        }
        __atomic_add_fetch(&l->waiters, 1, __ATOMIC_SEQ_CST);
        futex_wait(&l->word, held);
        __atomic_sub_fetch(&l->waiters, 1, __ATOMIC_RELAXED);
    }
}

int lyger_lock_acquire(lyger_lock *l)
{
    uint32_t me = mine.lock == l && mine.epoch == l->epoch ? mine.id : claim(l);
    if (me == 0) return -1;
    uint32_t free_word = 0;
    if (__atomic_compare_exchange_n(&l->word, &free_word, me, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) return 0;
    return acquire_slow(l, me);
}

void lyger_lock_release(lyger_lock *l)
{
    __atomic_store_n(&l->word, 0, __ATOMIC_RELEASE);
    if (__atomic_load_n(&l->waiters, __ATOMIC_RELAXED)) {
        syscall(SYS_futex, &l->word, FUTEX_WAKE, 1, NULL, NULL, 0);
    }
}

void lyger_lock_leave(lyger_lock *l)
{
    if (mine.lock != l || mine.epoch != l->epoch) return;
    pthread_mutex_unlock(&l->seats[(mine.id & SEAT_MASK) - 1].m);
    forget_seat();
}
