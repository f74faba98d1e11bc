/* The Zend-facing side of lyger: the Engine class and the hooks each concern's
 * binding file (src/engine_<concern>.c) provides to the module lifecycle. */
#ifndef LYGER_ENGINE_H
#define LYGER_ENGINE_H

#include "php.h"
#include "php_lyger.h"

extern zend_class_entry *lyger_ce_engine;
extern zend_class_entry *lyger_ce_engine_exception;
extern zend_class_entry *lyger_ce_database_exception;

/* MINIT: registers Engine, EngineException, DatabaseException. */
void lyger_engine_register(void);
/* RSHUTDOWN: drops the request's Engine instance. */
void lyger_engine_request_shutdown(void);
/* The always-alive server runs inside one PHP request: after each HTTP request it
 * ends the concerns' request-scoped state as RSHUTDOWN would (open results freed,
 * open transactions rolled back, request-local cache copies released). */
void lyger_engine_http_request_end(void);

/* Throws Lyger\Core\DatabaseException with getSqlState() = sqlstate (NULL: ''). */
void lyger_throw_database_exception(const char *sqlstate, const char *format, ...)
    ZEND_ATTRIBUTE_FORMAT(printf, 2, 3);

/* Lifecycle hooks, one set per concern. Each binding file defines its own:
 *   minit      after INI entries are registered (process start)
 *   gshutdown  releases the concern's per-process state (module globals)
 *   rinit / rshutdown  request start / end (free request-scoped resources)
 *   info       fills the concern's section of systemInfo() (an array zval) */
#define LYGER_CONCERN_HOOKS(c)                                   \
    void lyger_##c##_binding_minit(void);                        \
    void lyger_##c##_binding_gshutdown(zend_lyger_globals *g);   \
    void lyger_##c##_binding_rinit(void);                        \
    void lyger_##c##_binding_rshutdown(void);                    \
    void lyger_##c##_binding_info(zval *section);

LYGER_CONCERN_HOOKS(cache)
/* MSHUTDOWN: unmaps the host-wide cache segment (this process's mapping). */
void lyger_cache_binding_mshutdown(void);
LYGER_CONCERN_HOOKS(db)
/* lyger.db_pg_binary's update handler: "auto", "all" or "off". */
ZEND_INI_MH(lyger_db_on_update_pg_binary);
LYGER_CONCERN_HOOKS(server)

#endif
