/* PostgreSQL values in binary format -> the same JSON the text path writes for them.
 * Plain C (no libpq, no Zend): src/json_writer.c calls it for columns that came in
 * binary format (PQfformat 1); src/db_pg.c asks it which result types it decodes, so
 * a cached statement requests binary results only when every column has a decoder
 * and the session's settings let the decoded text equal the server's text output.
 *
 * The JSON of each value is byte for byte what json_writer.c writes from the server's
 * text output under the settings named in LYGER_PGB_NEED_*: integers as their digits,
 * float4/float8 as PostgreSQL's shortest round-trip output (extra_float_digits > 0:
 * `1e+300`, `1.5e-07`, `-0`), numeric as its exact decimal text, NaN/Infinity as
 * strings, bool as true/false, json/jsonb embedded, text-like types and uuid, date,
 * time, timestamp, timestamptz (DateStyle ISO, a zero-offset TimeZone) and bytea
 * (bytea_output hex) as JSON strings of the server's text. */
#ifndef LYGER_DB_PG_BINARY_H
#define LYGER_DB_PG_BINARY_H

#include <stddef.h>

#include "json_writer.h"

/* Settings the text output of a type depends on; a type's decoder is used only when
 * the session has them. */
#define LYGER_PGB_NEED_FLOAT 1u /* extra_float_digits > 0 (shortest round-trip floats) */
#define LYGER_PGB_NEED_HEX   2u /* bytea_output = hex */
#define LYGER_PGB_NEED_ISO   4u /* DateStyle ISO */
#define LYGER_PGB_NEED_UTC   8u /* TimeZone with offset 0 at every date (UTC, GMT, ...) */
/* How the decoder compares with the text path (measured on 100,000-row results, server
 * and client together), for lyger.db_pg_binary=auto: */
#define LYGER_PGB_GAINS     16u /* the server's output function is costly: binary is faster
                                   (date, time, timestamp, timestamptz, uuid, float4/float8) */
#define LYGER_PGB_SLOWER    32u /* decoding here costs more than the server's output saves
                                   (numeric) */

/* -1 when there is no binary decoder for the type OID, else the settings its decoder
 * needs and its GAINS/SLOWER class (neither: costs about the same either way: ints,
 * bool, text, json, bytea). */
int lyger_pgb_needs(unsigned oid);

/* Whether a TimeZone setting (as PQparameterStatus reports it) is one whose offset is
 * 0 at every date, so timestamptz prints "+00" (UTC, Etc/UTC, GMT, Zulu, ...). */
int lyger_pgb_zone_is_utc(const char *zone);

/* The JSON bytes one value takes (v[0..n), binary, of type oid): an upper bound, except
 * for text and json, which count n as the text path does (escapes grow the buffer). */
size_t lyger_pgb_json_len(unsigned oid, const char *v, size_t n);

/* The JSON bytes any well-formed value of a fixed-size type takes at most (bool, ints,
 * oid, floats, date, time, uuid), so a whole column is sized without reading it; 0 for
 * the other types. */
size_t lyger_pgb_json_max(unsigned oid);

/* What the result's size estimate counts for each value of a fixed-size type, without
 * reading it: lyger_pgb_json_max where there is one; for timestamps the widest value of
 * the years 1000-9999 (a value past them, or BC, grows the buffer). 0 for the others. */
size_t lyger_pgb_json_guess(unsigned oid);

/* Whether a binary value of type oid is its text's bytes (text, varchar, char(n), name,
 * unknown), so it is written and sized as text is. */
int lyger_pgb_is_text(unsigned oid);

/* The byte length of a fixed-size type's binary value (bool, ints, oid, floats, date,
 * time, timestamps, uuid); 0 for the variable-length types. */
size_t lyger_pgb_fixed_len(unsigned oid);

/* The most lyger_pgb_put writes for a value of type oid; 0 when it has no in-place
 * writer (the variable-length types). */
size_t lyger_pgb_put_max(unsigned oid);

/* Writes the JSON of one non-NULL value of a fixed-size type at o, v holding exactly
 * lyger_pgb_fixed_len(oid) bytes and lyger_pgb_put_max(oid) bytes free at o (the row
 * writer's fast path: no reserve per value). Returns the end, or NULL when the value is
 * one lyger_pgb_write writes as hex (a time past 24:00). */
char *lyger_pgb_put(char *o, unsigned oid, const char *v);

/* Appends the JSON of one non-NULL binary value. A value malformed for its type (never
 * from a real server) is written as the JSON string "\\x<hex of its bytes>", so the
 * output stays valid JSON. Reads only v[0..n). Returns 0 on allocation failure. */
int lyger_pgb_write(lyger_jbuf *b, unsigned oid, const char *v, size_t n);

#endif
