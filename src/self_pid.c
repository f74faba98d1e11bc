/* This process's pid, cached: see self_pid.h. */
#include "self_pid.h"

#include <pthread.h>
#include <unistd.h>

pid_t lyger_self_pid_value;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void refresh(void)
{
    __atomic_store_n(&lyger_self_pid_value, getpid(), __ATOMIC_RELAXED);
}

static void init(void)
{
    refresh();
    pthread_atfork(NULL, NULL, refresh);
}

pid_t lyger_self_pid(void)
{
    pthread_once(&once, init);
    return __atomic_load_n(&lyger_self_pid_value, __ATOMIC_RELAXED);
}
