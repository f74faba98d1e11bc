/* This process's pid, cached: see self_pid.h. */
#include "self_pid.h"

#include <pthread.h>
#include <unistd.h>

static pid_t cached;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void refresh(void)
{
    __atomic_store_n(&cached, getpid(), __ATOMIC_RELAXED);
}

static void init(void)
{
    refresh();
    pthread_atfork(NULL, NULL, refresh);
}

pid_t lyger_self_pid(void)
{
    pthread_once(&once, init);
    return __atomic_load_n(&cached, __ATOMIC_RELAXED);
}
