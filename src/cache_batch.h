/* cacheSetBatch's input: JSON text parsed into items for the store's plan
 * (cache_store.h). Plain C (jansson). */
#ifndef LYGER_CACHE_BATCH_H
#define LYGER_CACHE_BATCH_H

#include "cache_store.h"

/* Batches: a JSON array of {"key": string, "value": any, "ttl"?: integer >= 0}
 * objects, or an object map {"key": value}. String values are stored as they are,
 * others as their compact JSON text. All or nothing: every item is checked, and
 * every allocation made, before any is stored. The store ends exactly as the same
 * lyger_cache_set calls in order would leave it (same-size values overwritten in
 * place when nothing in the batch can evict; the last of repeated keys wins; when
 * the batch alone exceeds the budget its later items evict its earlier ones). */
typedef struct {
    lyger_cache_status status; /* NOMEM for allocation failures, TOO_BIG, else OK */
    char message[256];         /* completes "Argument #1 ($json) ..." */
} lyger_cache_batch_error;

/* The number of items stored, or -1 with err filled (the store unchanged). */
long lyger_cache_set_batch(lyger_cache *cache, const char *json, size_t len, lyger_cache_batch_error *err);
/* The same with the fast scanner for flat batches switched off (jansson_only = 1),
 * for the differential fuzzer. */
long lyger_cache_set_batch_with(lyger_cache *cache, const char *json, size_t len, lyger_cache_batch_error *err,
                                int jansson_only);

#endif
