/* Preloaded (before the ASan runtime) into Debian's php for the asan test pass: php loads
 * extensions with dlopen(RTLD_DEEPBIND), which the sanitizer runtime refuses (a deep-bound
 * library would bypass its malloc/free interceptors; google/sanitizers#611). php-src drops
 * the flag itself only when php is built with ASan. This drops it at runtime and hands on
 * to the next dlopen (the ASan runtime's interceptor, then libc's).
 * It also takes LD_PRELOAD out of the environment once php has started, so the programs
 * php runs (curl, shells, PostgreSQL) start uninstrumented: the runtime preloaded into
 * some of them deadlocks (curl, in setlocale) or fails them on their own leaks; php
 * children get it back from the wrappers in build-asan/bin. Built by
 * scripts/build-asan.sh; no part of the extension. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <stdlib.h>

__attribute__((constructor)) static void forget_preload(void)
{
    unsetenv("LD_PRELOAD");
}

void *dlopen(const char *file, int mode)
{
    static void *(*next)(const char *, int);
    if (!next) {
        next = (void *(*)(const char *, int)) dlsym(RTLD_NEXT, "dlopen");
    }
    return next(file, mode & ~RTLD_DEEPBIND);
}
