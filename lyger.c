/* lyger module entry: INI settings, module globals, lifecycle, phpinfo(). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "php_ini.h"
#include "ext/standard/info.h"

#include <jansson.h>
#include <libpq-fe.h>
#include <uv.h>
#include <http_parser.h>

#include "php_lyger.h"
#include "src/engine.h"
#include "src/engine_cache_redis.h"

ZEND_DECLARE_MODULE_GLOBALS(lyger)

/* phpinfo()'s view of a setting that may hold a password: set or not, never the text. */
static ZEND_INI_DISP(display_secret)
{
    zend_string *v = type == ZEND_INI_DISPLAY_ORIG && ini_entry->modified ? ini_entry->orig_value : ini_entry->value;
    PHPWRITE(v && ZSTR_LEN(v) ? "(set, not shown)" : "no value", v && ZSTR_LEN(v) ? 16 : 8);
}

/* Sizes accept PHP's K/M/G suffixes. The cache settings are fixed at startup (the
 * host-wide segment is mapped once, in MINIT); the database settings may change
 * per directory. */
PHP_INI_BEGIN()
    STD_PHP_INI_ENTRY("lyger.cache_memory", "64M", PHP_INI_SYSTEM, OnUpdateLong,
                      cache_memory, zend_lyger_globals, lyger_globals)
    STD_PHP_INI_ENTRY("lyger.cache_max_entries", "0", PHP_INI_SYSTEM, OnUpdateLong,
                      cache_max_entries, zend_lyger_globals, lyger_globals)
    STD_PHP_INI_BOOLEAN("lyger.cache_shared", "1", PHP_INI_SYSTEM, OnUpdateBool,
                        cache_shared, zend_lyger_globals, lyger_globals)
    STD_PHP_INI_BOOLEAN("lyger.cache_check", "0", PHP_INI_ALL, OnUpdateBool,
                        cache_check, zend_lyger_globals, lyger_globals)
    STD_PHP_INI_ENTRY("lyger.db_max_results", "1024", PHP_INI_ALL, OnUpdateLong,
                      db_max_results, zend_lyger_globals, lyger_globals)
    STD_PHP_INI_ENTRY("lyger.db_connect_timeout", "5", PHP_INI_ALL, OnUpdateLong,
                      db_connect_timeout, zend_lyger_globals, lyger_globals)
    /* the Redis tier (src/engine_cache_redis.c): fixed at startup; the DSN may hold a
     * password, so phpinfo() shows only whether it is set */
    STD_PHP_INI_ENTRY_EX("lyger.cache_redis", "", PHP_INI_SYSTEM, OnUpdateString,
                         cache_redis_dsn, zend_lyger_globals, lyger_globals, display_secret)
    STD_PHP_INI_ENTRY("lyger.cache_redis_prefix", "lyger:", PHP_INI_SYSTEM, OnUpdateString,
                      cache_redis_prefix, zend_lyger_globals, lyger_globals)
    STD_PHP_INI_ENTRY("lyger.cache_redis_connect_timeout", "100", PHP_INI_SYSTEM, OnUpdateLong,
                      cache_redis_connect_timeout, zend_lyger_globals, lyger_globals)
    STD_PHP_INI_ENTRY("lyger.cache_redis_timeout", "50", PHP_INI_SYSTEM, OnUpdateLong,
                      cache_redis_timeout, zend_lyger_globals, lyger_globals)
    STD_PHP_INI_ENTRY("lyger.db_busy_timeout", "5000", PHP_INI_ALL, OnUpdateLong,
                      db_busy_timeout, zend_lyger_globals, lyger_globals)
    STD_PHP_INI_BOOLEAN("lyger.db_pg_statement_cache", "1", PHP_INI_ALL, OnUpdateBool,
                        db_pg_statement_cache, zend_lyger_globals, lyger_globals)
    STD_PHP_INI_BOOLEAN("lyger.db_mysql_statement_cache", "1", PHP_INI_ALL, OnUpdateBool,
                        db_mysql_statement_cache, zend_lyger_globals, lyger_globals)
    STD_PHP_INI_ENTRY("lyger.db_pg_binary", "auto", PHP_INI_ALL, lyger_db_on_update_pg_binary,
                      db_pg_binary, zend_lyger_globals, lyger_globals)
PHP_INI_END()

static PHP_GINIT_FUNCTION(lyger)
{
#if defined(COMPILE_DL_LYGER) && defined(ZTS)
    ZEND_TSRMLS_CACHE_UPDATE();
#endif
    memset(lyger_globals, 0, sizeof(*lyger_globals));
}

static PHP_GSHUTDOWN_FUNCTION(lyger)
{
    lyger_server_binding_gshutdown(lyger_globals);
    lyger_db_binding_gshutdown(lyger_globals);
    lyger_cache_redis_gshutdown(lyger_globals);
    lyger_cache_binding_gshutdown(lyger_globals);
}

static PHP_MINIT_FUNCTION(lyger)
{
    REGISTER_INI_ENTRIES();
    lyger_engine_register();
    lyger_cache_binding_minit();
    lyger_cache_redis_minit();
    lyger_db_binding_minit();
    lyger_server_binding_minit();
    return SUCCESS;
}

static PHP_MSHUTDOWN_FUNCTION(lyger)
{
    lyger_cache_binding_mshutdown();
    UNREGISTER_INI_ENTRIES();
    return SUCCESS;
}

static PHP_RINIT_FUNCTION(lyger)
{
#if defined(COMPILE_DL_LYGER) && defined(ZTS)
    ZEND_TSRMLS_CACHE_UPDATE();
#endif
    lyger_cache_binding_rinit();
    lyger_db_binding_rinit();
    lyger_server_binding_rinit();
    return SUCCESS;
}

static PHP_RSHUTDOWN_FUNCTION(lyger)
{
    lyger_server_binding_rshutdown();
    lyger_db_binding_rshutdown();
    lyger_cache_binding_rshutdown();
    lyger_engine_request_shutdown();
    return SUCCESS;
}

static PHP_MINFO_FUNCTION(lyger)
{
    char libpq_version[32];
    int pqv = PQlibVersion();
    snprintf(libpq_version, sizeof(libpq_version), "%d.%d", pqv / 10000, pqv % 10000);
    char hp_version[32];
    unsigned long hpv = http_parser_version();
    snprintf(hp_version, sizeof(hp_version), "%lu.%lu.%lu",
             (hpv >> 16) & 255, (hpv >> 8) & 255, hpv & 255);

    php_info_print_table_start();
    php_info_print_table_row(2, "lyger support", "enabled");
    php_info_print_table_row(2, "Version", PHP_LYGER_VERSION);
    php_info_print_table_row(2, "libpq version", libpq_version);
    php_info_print_table_row(2, "jansson version", jansson_version_str());
    php_info_print_table_row(2, "libuv version", uv_version_string());
    php_info_print_table_row(2, "http-parser version", hp_version);
    php_info_print_table_end();

    DISPLAY_INI_ENTRIES();
}

/* Superglobals mode ends sessions through ext/session's globals, so session starts before
 * us. (Where session is built as a shared extension, its extension= line must also come
 * before ours, for the dynamic linker; Debian and most distributions build it in.) */
static const zend_module_dep lyger_deps[] = {
    ZEND_MOD_OPTIONAL("session")
    ZEND_MOD_END
};

zend_module_entry lyger_module_entry = {
    STANDARD_MODULE_HEADER_EX, NULL,
    lyger_deps,
    "lyger",
    NULL, /* functions: everything is on Lyger\Core\Engine */
    PHP_MINIT(lyger),
    PHP_MSHUTDOWN(lyger),
    PHP_RINIT(lyger),
    PHP_RSHUTDOWN(lyger),
    PHP_MINFO(lyger),
    PHP_LYGER_VERSION,
    PHP_MODULE_GLOBALS(lyger),
    PHP_GINIT(lyger),
    PHP_GSHUTDOWN(lyger),
    NULL,
    STANDARD_MODULE_PROPERTIES_EX
};

#ifdef COMPILE_DL_LYGER
#ifdef ZTS
ZEND_TSRMLS_CACHE_DEFINE()
#endif
ZEND_GET_MODULE(lyger)
#endif
