/* The Lyger\Core\Engine class: registration, the singleton, and the core
 * methods. Each concern's methods live in src/engine_<concern>.c. */
#include "engine.h"

#include "ext/json/php_json.h"
#include "ext/spl/spl_exceptions.h"
#include "zend_exceptions.h"
#include "zend_smart_str.h"

#include "compute.h"
#include "../stubs/lyger_arginfo.h"

zend_class_entry *lyger_ce_engine;
zend_class_entry *lyger_ce_engine_exception;
zend_class_entry *lyger_ce_database_exception;

void lyger_engine_register(void)
{
    lyger_ce_engine = register_class_Lyger_Core_Engine();
    lyger_ce_engine_exception = register_class_Lyger_Core_EngineException(spl_ce_RuntimeException);
    lyger_ce_database_exception = register_class_Lyger_Core_DatabaseException(lyger_ce_engine_exception);
}

void lyger_engine_request_shutdown(void)
{
    if (LYGER_G(instance)) {
        OBJ_RELEASE(LYGER_G(instance));
        LYGER_G(instance) = NULL;
    }
}

void lyger_engine_http_request_end(void)
{
    lyger_db_binding_rshutdown();
    lyger_cache_binding_rshutdown();
}

void lyger_throw_database_exception(const char *sqlstate, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    zend_string *message = zend_vstrpprintf(0, format, args);
    va_end(args);

    zend_object *ex = zend_throw_exception(lyger_ce_database_exception, ZSTR_VAL(message), 0);
    zend_string_release(message);
    if (ex && sqlstate) {
        zend_update_property_string(lyger_ce_database_exception, ex, "sqlState", sizeof("sqlState") - 1, sqlstate);
    }
}

PHP_METHOD(Lyger_Core_DatabaseException, getSqlState)
{
    zval rv;
    ZEND_PARSE_PARAMETERS_NONE();
    zval *state = zend_read_property(lyger_ce_database_exception, Z_OBJ_P(ZEND_THIS), "sqlState",
                                     sizeof("sqlState") - 1, 0, &rv);
    RETURN_COPY_DEREF(state);
}

/* Unreachable from PHP (private); `new Engine` fails before calling it. */
PHP_METHOD(Lyger_Core_Engine, __construct)
{
    ZEND_PARSE_PARAMETERS_NONE();
}

PHP_METHOD(Lyger_Core_Engine, __clone)
{
    ZEND_PARSE_PARAMETERS_NONE();
}

PHP_METHOD(Lyger_Core_Engine, getInstance)
{
    ZEND_PARSE_PARAMETERS_NONE();
    if (!LYGER_G(instance)) {
        zval obj;
        object_init_ex(&obj, lyger_ce_engine);
        LYGER_G(instance) = Z_OBJ(obj);
    }
    GC_ADDREF(LYGER_G(instance));
    RETURN_OBJ(LYGER_G(instance));
}

PHP_METHOD(Lyger_Core_Engine, helloWorld)
{
    ZEND_PARSE_PARAMETERS_NONE();
    RETURN_STRING("Hello from Lyger " PHP_LYGER_VERSION " (native extension)");
}

PHP_METHOD(Lyger_Core_Engine, heavyComputation)
{
    zend_long iterations = 1000000;

    ZEND_PARSE_PARAMETERS_START(0, 1)
        Z_PARAM_OPTIONAL
        Z_PARAM_LONG(iterations)
    ZEND_PARSE_PARAMETERS_END();

    if (iterations < 0) {
        zend_argument_value_error(1, "must be greater than or equal to 0");
        RETURN_THROWS();
    }
    RETURN_DOUBLE(lyger_heavy_computation((int64_t) iterations));
}

static void add_section(zval *info, const char *name, void (*fill)(zval *))
{
    zval section;
    array_init(&section);
    fill(&section);
    add_assoc_zval(info, name, &section);
}

PHP_METHOD(Lyger_Core_Engine, systemInfo)
{
    ZEND_PARSE_PARAMETERS_NONE();

    zval info;
    array_init(&info);
    add_assoc_string(&info, "framework", "Lyger");
    add_assoc_string(&info, "version", PHP_LYGER_VERSION);
    add_assoc_string(&info, "mode", "native");
    add_assoc_string(&info, "status", "ok");
    add_assoc_string(&info, "php_version", PHP_VERSION);
    add_assoc_long(&info, "pid", (zend_long) getpid());
    add_section(&info, "cache", lyger_cache_binding_info);
    add_section(&info, "db", lyger_db_binding_info);
    add_section(&info, "server", lyger_server_binding_info);

    smart_str buf = {0};
    php_json_encode(&buf, &info, PHP_JSON_UNESCAPED_SLASHES | PHP_JSON_PRESERVE_ZERO_FRACTION);
    zval_ptr_dtor(&info);
    smart_str_0(&buf);
    RETURN_STR(smart_str_extract(&buf));
}
