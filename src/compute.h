/* Numeric kernels behind Engine methods; plain C with a C ABI (also built into
 * bench/liblyger_core.so for the FFI comparison). */
#ifndef LYGER_COMPUTE_H
#define LYGER_COMPUTE_H

#include <stdint.h>

/* Sum over i = 0..n-1 of sqrt(i)*sin(i), added in order in double precision.
 * Must round exactly like the PHP loop `$s += sqrt($i) * sin($i);`. n < 0 gives 0. */
double lyger_heavy_computation(int64_t n);

/* A trivial call for measuring call overhead: returns n + 1. */
int64_t lyger_noop(int64_t n);

#endif
