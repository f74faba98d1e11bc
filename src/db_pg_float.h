/* PostgreSQL's text for a float8 or float4 value as the server writes it with
 * extra_float_digits > 0 (the default 1; Ryu on the server), for the binary results of
 * src/db_pg_binary.c. Plain C.
 *
 * The digits are the shortest decimal strictly between the midpoints to the value's
 * neighbours, the closest to the value of those (ties to even): a decimal exactly on a
 * midpoint, which reads back only by round-half-even, is not taken (1e23 prints
 * 9.999999999999999e+22). Fixed notation when the decimal exponent is in [-4, 15) (float4:
 * [-4, 6)), else d.ddde+XX with at least two exponent digits; 0 and -0 as "0", "-0".
 * Doubles in [2^-14, 2^53) and floats in [2^-43, 2^24) are computed exactly in 128-bit
 * integer arithmetic; other values take the digits of the shortest-digits function handed
 * in (the extension: zend_dtoa) or of a portable search, then the midpoint check. */
#ifndef LYGER_DB_PG_FLOAT_H
#define LYGER_DB_PG_FLOAT_H

#include <stddef.h>

/* Writes the text of a finite d (a float's value when is_float) to out; returns its length. */
#define LYGER_PGF_TEXT_MAX 32 /* out's size: the text is at most 25 bytes; trailing zeros
                                 are written 16 at a time */
size_t lyger_pgf_text(double d, int is_float, char out[LYGER_PGF_TEXT_MAX]);

/* Shortest round-trip digits of a finite double d > 0 (digits read back as d under
 * round-half-even): writes them (no dot, no trailing zeros, at most 17) to digits and
 * returns their count; *decpt is where the decimal point goes (d = 0.DIGITS x 10^decpt).
 * Used outside the 128-bit range; the extension hands in zend_dtoa (mode 0); NULL
 * restores lyger_pgf_shortest. */
typedef int (*lyger_pgf_dtoa_fn)(double d, char digits[24], int *decpt);
void lyger_pgf_set_dtoa(lyger_pgf_dtoa_fn fn);

/* The portable shortest-digits search (snprintf + strtod, or strtof when is_float). */
int lyger_pgf_shortest(double d, int is_float, char digits[24], int *decpt);

#endif
