/* tsan-sources: src/cache_lock.c */
/* tsan-libs: -lpthread */
/* tsan-cflags: -DLYGER_LOCK_SEATS=64 */
/* The segment's lock (src/cache_lock.h) on its own, built with ThreadSanitizer by
 * scripts/tsan.sh. Exit 0 and no report: pass.
 * 1. A holder killed (SIGKILL) while it holds the lock: the next locker, in another
 *    process, takes it over (1) within a bounded time, and the lock then works as before.
 * 2. Processes that lock and unlock, then exit, more of them than there are seats (built
 *    with 64 seats here): each one's seat goes back to the pool, and nobody is taken over.
 * 3. Holders killed at random instants of a locked loop, 200 times, by a parent that then
 *    locks: a take-over is reported exactly when the dead child held the lock (its word
 *    was left in it).
 * 4. Threads of one process (a ZTS build's) and two processes at once, each incrementing
 *    counters with plain stores under the lock: no increment is lost, and TSan sees the
 *    lock order every access (a missing exclusion is a reported race). */
#include "cache_lock.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define THREADS 4
#define ROUNDS 20000

typedef struct {
    lyger_lock lock;
    volatile uint64_t counter;  /* changed only under the lock, plainly */
    volatile uint64_t other;    /* ditto: a second line a torn exclusion would miss */
    volatile int holding;       /* the child of test 3 holds the lock now */
} shared_state;

static shared_state *st;

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int fail(const char *what)
{
    fprintf(stderr, "cache_lock_tsan: %s\n", what);
    return 1;
}

static void kill_wait(pid_t pid)
{
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

static int dead_holder(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (lyger_lock_acquire(&st->lock) != 0) _exit(3);
        st->holding = 1;
        for (;;) pause(); /* killed holding it */
    }
    while (!__atomic_load_n(&st->holding, __ATOMIC_ACQUIRE)) usleep(100);
    kill_wait(pid);
    double t = now_ms();
    int rc = lyger_lock_acquire(&st->lock);
    double took = now_ms() - t;
    if (rc != 1) return fail("a lock held by a killed process was not taken over (1)");
    if (took > 1000) return fail("taking a dead holder's lock over took more than a second");
    st->holding = 0;
    lyger_lock_release(&st->lock);
    if (lyger_lock_acquire(&st->lock) != 0) return fail("the lock did not work after a take-over");
    lyger_lock_release(&st->lock);
    printf("dead holder taken over in %.2f ms\n", took);
    return 0;
}

static int seats_come_back(void)
{
    /* more processes than seats, one after another, each locking once and killed after */
    for (int i = 0; i < LYGER_LOCK_SEATS + 64; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            int rc = lyger_lock_acquire(&st->lock);
            if (rc == 0) lyger_lock_release(&st->lock);
            _exit(rc == 0 ? 0 : 4);
        }
        int status;
        waitpid(pid, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return fail("a process found no seat, or was taken over");
    }
    return 0;
}

static int random_kills(void)
{
    srand(7);
    int took_over = 0;
    for (int r = 0; r < 200; r++) {
        pid_t pid = fork();
        if (pid == 0) {
            for (;;) {
                if (lyger_lock_acquire(&st->lock) < 0) _exit(5);
                st->counter++;
                lyger_lock_release(&st->lock);
            }
        }
        usleep((useconds_t) (rand() % 2000));
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        int was_holding = __atomic_load_n(&st->lock.word, __ATOMIC_ACQUIRE) != 0;
        int rc = lyger_lock_acquire(&st->lock);
        if (rc < 0 || rc != was_holding) return fail("a take-over did not match whether the dead child held the lock");
        took_over += rc;
        lyger_lock_release(&st->lock);
    }
    printf("random kills: %d of 200 landed inside the lock\n", took_over);
    return 0;
}

static void *incrementer(void *arg)
{
    (void) arg;
    for (int i = 0; i < ROUNDS; i++) {
        if (lyger_lock_acquire(&st->lock) != 0) return (void *) 1;
        st->counter++;
        st->other += 2;
        lyger_lock_release(&st->lock);
    }
    return NULL;
}

static int contention(void)
{
    st->counter = 0;
    st->other = 0;
    pid_t pid = fork(); /* a second process, single-threaded, beside this one's threads */
    if (pid == 0) _exit(incrementer(NULL) == NULL ? 0 : 6);
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, incrementer, NULL);
    int failed = 0, status;
    for (int i = 0; i < THREADS; i++) {
        void *rc;
        pthread_join(t[i], &rc);
        failed |= rc != NULL;
    }
    waitpid(pid, &status, 0);
    failed |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    if (lyger_lock_acquire(&st->lock) != 0) return fail("the lock after the threads");
    uint64_t want = (uint64_t) (THREADS + 1) * ROUNDS;
    int lost = st->counter != want || st->other != 2 * want;
    lyger_lock_release(&st->lock);
    if (failed || lost) return fail("increments lost, or a locker failed");
    return 0;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0); /* (nothing buffered for the forked children to print again) */
    st = mmap(NULL, sizeof *st, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (st == MAP_FAILED || lyger_lock_init(&st->lock) != 0) return fail("cannot make the lock");
    /* the processes first: a process that has started threads forks poorly under TSan */
    if (dead_holder() || seats_come_back() || random_kills() || contention()) return 1;
    lyger_lock_leave(&st->lock);
    munmap(st, sizeof *st);
    printf("cache_lock_tsan: ok\n");
    return 0;
}
