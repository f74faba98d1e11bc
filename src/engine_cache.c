/* Engine methods of the cache concern: argument parsing and thin calls into
 * the plain-C module. Placeholder until the cache issue lands. */
#include "engine.h"

#include "zend_exceptions.h"

void lyger_cache_binding_minit(void) {}
void lyger_cache_binding_gshutdown(zend_lyger_globals *g) { (void) g; }
void lyger_cache_binding_rinit(void) {}
void lyger_cache_binding_rshutdown(void) {}
void lyger_cache_binding_info(zval *section) { add_assoc_bool(section, "available", 0); }

#define LYGER_NOT_YET(name) \
    PHP_METHOD(Lyger_Core_Engine, name) \
    { \
        zend_throw_exception(lyger_ce_engine_exception, #name "() is not implemented yet", 0); \
    }

LYGER_NOT_YET(cacheSet)
LYGER_NOT_YET(cacheGet)
LYGER_NOT_YET(cacheHas)
LYGER_NOT_YET(cacheDelete)
LYGER_NOT_YET(cacheClear)
LYGER_NOT_YET(cacheSize)
LYGER_NOT_YET(cacheSetBatch)
