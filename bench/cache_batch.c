/* C driver for the batch path of the cache store, without PHP: a 10k-item map
 * batch ('batch:N' => 100-byte value) overwriting the same keys in place, against
 * a plain loop of lyger_cache_set over the same items. For callgrind and perf:
 *   cc -O2 -Isrc bench/cache_batch.c src/cache_store.c src/cache_plan.c src/cache_shm.c src/cache_batch.c -ljansson -o /tmp/cache_batch
 *   /tmp/cache_batch [reps [batch-only]]
 *   valgrind --tool=callgrind /tmp/cache_batch 10 */
#include "cache_batch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define N 10000

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

int main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 200;
    int batch_only = argc > 2; /* any second argument: no lyger_cache_set loop */
    char value[101];
    memset(value, 'v', 100);
    value[100] = '\0';
    char *json = malloc((size_t) N * 200 + 16);
    static char keys[N][16];
    static int key_lens[N];
    size_t len = 0;
    json[len++] = '{';
    for (int i = 0; i < N; i++) {
        key_lens[i] = sprintf(keys[i], "batch:%d", i);
        len += (size_t) sprintf(json + len, "%s\"%s\":\"%s\"", i ? "," : "", keys[i], value);
    }
    json[len++] = '}';

    lyger_cache *c = lyger_cache_create((size_t) 64 << 20, 0);
    lyger_cache_batch_error err;
    if (lyger_cache_set_batch(c, json, len, &err) != N) abort();
    double best_batch = 1e18, best_loop = 1e18;
    for (int r = 0; r < reps; r++) {
        double t = now_ns();
        if (lyger_cache_set_batch(c, json, len, &err) != N) abort();
        t = now_ns() - t;
        if (t < best_batch) best_batch = t;
        if (batch_only) continue;
        t = now_ns();
        for (int i = 0; i < N; i++) lyger_cache_set(c, keys[i], (size_t) key_lens[i], value, 100, 0);
        t = now_ns() - t;
        if (t < best_loop) best_loop = t;
    }
    if (lyger_cache_check(c) != 0) abort();
    if (batch_only) printf("batch %.1f ns/item (best of %d)\n", best_batch / N, reps);
    else printf("batch %.1f ns/item, lyger_cache_set loop %.1f ns/item (best of %d)\n", best_batch / N, best_loop / N, reps);
    lyger_cache_destroy(c);
    free(json);
    return 0;
}
