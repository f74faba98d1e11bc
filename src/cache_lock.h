/* The host-wide cache segment's lock (src/cache_shm.c keeps one in the segment's header):
 * a 32-bit word taken with one compare-and-swap and let go with a plain store, whose
 * holder's death is found exactly, by the kernel, never guessed from a pid. Plain C.
 *
 * Why not a robust pthread mutex alone (what this replaced): its unlock is an atomic
 * exchange (it must learn whether anyone sleeps on the word), and on x86 every atomic
 * read-modify-write waits for all earlier stores to reach the cache: a set waited there
 * for its own value's writes, and once more at the next lock. Here the unlock is a store
 * the CPU retires at once.
 *
 * How a dead holder is found. Every thread that locks first claims a seat: a robust
 * process-shared mutex of the lock's, which the thread locks and then keeps locked for as
 * long as it lives. When a thread dies (SIGKILL, _exit, exec), the kernel walks its robust
 * list and marks every mutex it held as its owner's death; the next trylock of that mutex
 * returns EOWNERDEAD. The lock word names its holder by seat and by the seat's generation
 * (bumped at every claim). A waiter that finds the word taken asks the holder's seat: busy
 * means the holder lives; EOWNERDEAD, a free seat or a newer generation means the holder is
 * gone, and the waiter takes the word over with a compare-and-swap from the dead holder's
 * value (only one waiter can), and repairs what it guards.
 *
 * Waiting: a short spin, then a futex sleep on the word with a 1 ms timeout; the unlock
 * wakes one sleeper when any is counted. The count is read after the word is stored, and
 * x86 may order that read first, so a wake can be missed in a narrow window: the timeout
 * bounds what that costs. After each timeout the waiter asks the holder's seat again, so a
 * dead holder is taken over within about a millisecond.
 *
 * Limits: LYGER_LOCK_SEATS threads (of every process of the host) can hold seats at once;
 * one more gets -1 until a seat's thread dies. A process made by a raw clone() without
 * fork()'s handlers would keep its parent's seat (fork, vfork + exec, pcntl_fork and every
 * SAPI's fork are fine). */
#ifndef LYGER_CACHE_LOCK_H
#define LYGER_CACHE_LOCK_H

#include <pthread.h>
#include <stdint.h>

#ifndef LYGER_LOCK_SEATS
#define LYGER_LOCK_SEATS 4096 /* (a test harness builds with fewer) */
#endif

typedef struct {
    pthread_mutex_t m; /* robust, process-shared: held by the seat's thread for its life */
    uint32_t gen;      /* bumped by each claimer, and by whoever frees a dead thread's seat */
} lyger_lock_seat;

typedef struct {
    uint32_t word;    /* 0: free; else the holder: gen << LYGER_LOCK_SEAT_BITS | (seat + 1) */
    uint32_t waiters; /* threads asleep (or about to be) on word */
    uint64_t epoch;   /* this lock's own value (a thread's seat is in one lock, not in
                         another made later at the same address) */
    lyger_lock_seat seats[LYGER_LOCK_SEATS] __attribute__((aligned(64)));
} lyger_lock;

#define LYGER_LOCK_SEAT_BITS 13 /* seat + 1 is 1..4096 */
_Static_assert(LYGER_LOCK_SEATS < (1 << LYGER_LOCK_SEAT_BITS), "a seat and its generation share the word");

/* Makes the lock (in memory shared with the processes that will use it): 0, or an errno. */
int lyger_lock_init(lyger_lock *lock);
/* 0: locked; 1: locked, taken over from a holder that died holding it (what it guards may
 * be half-changed: repair it); -1: not locked, no seat is free for this thread. */
int lyger_lock_acquire(lyger_lock *lock);
void lyger_lock_release(lyger_lock *lock);
/* Before the lock's memory goes away: this thread lets its seat go. (glibc links every
 * robust mutex a thread holds into a list through the mutexes themselves, and writes into
 * the list's head entry when the thread takes another: a seat left held in unmapped
 * memory would fault there.) Threads other than the caller must be gone by then. */
void lyger_lock_leave(lyger_lock *lock);

#endif
