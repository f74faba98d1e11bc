/* This process's pid without a getpid() system call each time (the cache's lock-free
 * get, every database statement and the Redis listener ask on every call). Plain C. */
#ifndef LYGER_SELF_PID_H
#define LYGER_SELF_PID_H

#include <sys/types.h>

/* Read once, and again in the child of every fork() (a pthread_atfork handler): what
 * php-fpm, pcntl_fork and the server's workers use. A process made by a raw clone()
 * without fork()'s handlers would keep its parent's. */
pid_t lyger_self_pid(void);
/* The cached value itself, for a hot path that can do with 0 (not cached yet: before the
 * first lyger_self_pid() call), which matches no process. */
extern pid_t lyger_self_pid_value;
static inline pid_t lyger_self_pid_cached(void)
{
    return __atomic_load_n(&lyger_self_pid_value, __ATOMIC_RELAXED);
}

#endif
