// fuzz-sources: src/compute.c
// fuzz-libs:
/* The numeric kernel must never misbehave for any count (negative, huge capped). */
#include <stdint.h>
#include <string.h>
#include <math.h>

#include "compute.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int64_t n = 0;
    memcpy(&n, data, size < sizeof(n) ? size : sizeof(n));
    n %= 4096; /* keep each run short: the loop itself is the same for any n */
    double r = lyger_heavy_computation(n);
    if (n <= 0 && r != 0.0) {
        __builtin_trap();
    }
    if (isnan(r)) {
        __builtin_trap();
    }
    return 0;
}
