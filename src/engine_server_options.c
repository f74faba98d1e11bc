/* startServer()'s options array: each key checked with PHP's own argument errors
 * (TypeError for a wrong type, ValueError for an unknown key or a value out of range) into
 * the server's configuration (README.md, "Options"). */
#include "engine_server_options.h"

#define MAX_WORKERS 256

static int opt_type_error(const char *key, const char *expected, zval *v)
{
    zend_argument_type_error(3, "option \"%s\" must be of type %s, %s given", key, expected, zend_zval_type_name(v));
    return -1;
}

static int opt_long(zval *v, const char *key, zend_long min, zend_long max, zend_long *out)
{
    if (Z_TYPE_P(v) != IS_LONG) {
        return opt_type_error(key, "int", v);
    }
    if (Z_LVAL_P(v) < min || Z_LVAL_P(v) > max) {
        zend_argument_value_error(3, "option \"%s\" must be between " ZEND_LONG_FMT " and " ZEND_LONG_FMT, key, min,
                                  max);
        return -1;
    }
    *out = Z_LVAL_P(v);
    return 0;
}

static int opt_bool(zval *v, const char *key, int *out)
{
    if (Z_TYPE_P(v) != IS_TRUE && Z_TYPE_P(v) != IS_FALSE) {
        return opt_type_error(key, "bool", v);
    }
    *out = Z_TYPE_P(v) == IS_TRUE;
    return 0;
}

static int opt_seconds(zval *v, const char *key, double *out)
{
    double d;
    if (Z_TYPE_P(v) == IS_LONG) {
        d = (double) Z_LVAL_P(v);
    } else if (Z_TYPE_P(v) == IS_DOUBLE) {
        d = Z_DVAL_P(v);
    } else {
        return opt_type_error(key, "int|float", v);
    }
    if (!(d > 0) || d > 86400.0 * 365) {
        zend_argument_value_error(3, "option \"%s\" must be greater than 0", key);
        return -1;
    }
    *out = d;
    return 0;
}

static int opt_path(zval *v, const char *key, int allow_false, const char **out)
{
    if (Z_TYPE_P(v) == IS_NULL || (allow_false && Z_TYPE_P(v) == IS_FALSE)) {
        *out = NULL;
        return 0;
    }
    if (Z_TYPE_P(v) != IS_STRING) {
        return opt_type_error(key, allow_false ? "string|false" : "?string", v);
    }
    if (Z_STRLEN_P(v) == 0 || memchr(Z_STRVAL_P(v), '\0', Z_STRLEN_P(v))) {
        zend_argument_value_error(3, "option \"%s\" must be a non-empty path without NUL bytes", key);
        return -1;
    }
    *out = Z_STRVAL_P(v);
    return 0;
}

int lyger_server_parse_options(HashTable *opts, lyger_http_config *cfg, lyger_server_options *ctx)
{
    zend_string *key;
    zend_ulong idx;
    zval *v;
    ZEND_HASH_FOREACH_KEY_VAL(opts, idx, key, v) {
        ZVAL_DEREF(v);
        if (!key) {
            zend_argument_value_error(3, "contains unknown option " ZEND_ULONG_FMT, idx);
            return -1;
        }
        const char *k = ZSTR_VAL(key);
        zend_long l;
        if (zend_string_equals_literal(key, "host")) {
            if (Z_TYPE_P(v) != IS_STRING) {
                return opt_type_error(k, "string", v);
            }
            if (Z_STRLEN_P(v) == 0 || Z_STRLEN_P(v) > 253 || memchr(Z_STRVAL_P(v), '\0', Z_STRLEN_P(v))) {
                zend_argument_value_error(3, "option \"host\" must be a host name or IP address");
                return -1;
            }
            cfg->host = Z_STRVAL_P(v);
        } else if (zend_string_equals_literal(key, "workers")) {
            if (opt_long(v, k, 1, MAX_WORKERS, &l)) return -1;
            cfg->workers = (int) l;
        } else if (zend_string_equals_literal(key, "max_body_size")) {
            if (opt_long(v, k, 0, ZEND_LONG_MAX, &l)) return -1;
            cfg->max_body_size = (size_t) l;
        } else if (zend_string_equals_literal(key, "max_header_size")) {
            if (opt_long(v, k, 256, 16 * 1024 * 1024, &l)) return -1;
            cfg->max_header_size = (size_t) l;
        } else if (zend_string_equals_literal(key, "read_timeout")) {
            if (opt_seconds(v, k, &cfg->read_timeout)) return -1;
        } else if (zend_string_equals_literal(key, "keepalive_timeout")) {
            if (opt_seconds(v, k, &cfg->keepalive_timeout)) return -1;
        } else if (zend_string_equals_literal(key, "max_requests")) {
            if (opt_long(v, k, 0, ZEND_LONG_MAX, &l)) return -1;
            cfg->max_requests = (long) l;
        } else if (zend_string_equals_literal(key, "document_root")) {
            if (opt_path(v, k, 1, &cfg->document_root)) return -1;
        } else if (zend_string_equals_literal(key, "access_log")) {
            if (opt_path(v, k, 1, &cfg->access_log)) return -1;
        } else if (zend_string_equals_literal(key, "debug")) {
            if (opt_bool(v, k, &cfg->debug)) return -1;
        } else if (zend_string_equals_literal(key, "superglobals")) {
            if (opt_bool(v, k, &ctx->superglobals)) return -1;
        } else if (zend_string_equals_literal(key, "trust_proxy")) {
            if (opt_bool(v, k, &ctx->trust_proxy)) return -1;
        } else if (zend_string_equals_literal(key, "on_start")) {
            if (Z_TYPE_P(v) == IS_NULL) {
                continue;
            }
            if (!zend_is_callable(v, 0, NULL)) {
                return opt_type_error(k, "?callable", v);
            }
            ZVAL_COPY(&ctx->on_start, v);
        } else {
            zend_argument_value_error(3, "contains unknown option \"%s\"", k);
            return -1;
        }
    } ZEND_HASH_FOREACH_END();
    return 0;
}

