/* Engine methods of the HTTP server concern: argument parsing and thin calls into
 * the plain-C module. Placeholder until the HTTP server issue lands. */
#include "engine.h"

#include "zend_exceptions.h"

void lyger_server_binding_minit(void) {}
void lyger_server_binding_gshutdown(zend_lyger_globals *g) { (void) g; }
void lyger_server_binding_rinit(void) {}
void lyger_server_binding_rshutdown(void) {}
void lyger_server_binding_info(zval *section) { add_assoc_bool(section, "available", 0); }

#define LYGER_NOT_YET(name) \
    PHP_METHOD(Lyger_Core_Engine, name) \
    { \
        zend_throw_exception(lyger_ce_engine_exception, #name "() is not implemented yet", 0); \
    }

LYGER_NOT_YET(startServer)
LYGER_NOT_YET(stopServer)
