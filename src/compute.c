#include "compute.h"

#include <math.h>

double lyger_heavy_computation(int64_t n)
{
    double sum = 0.0;
    /* PHP converts $i to double before sqrt()/sin(); do the same so the
     * products, and the order of the additions, are identical. */
    for (int64_t i = 0; i < n; i++) {
        double x = (double) i;
        double term = sqrt(x) * sin(x);
        sum += term;
    }
    return sum;
}

int64_t lyger_noop(int64_t n)
{
    return n + 1;
}
