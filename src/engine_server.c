/* Engine::startServer() / stopServer(): option parsing and the dispatch of each request to
 * the PHP router, in named steps (the router's arguments are built in src/engine_request.c).
 * The server itself (src/http_server.c) knows nothing of Zend; it calls dispatch()
 * synchronously from its read callback, on the PHP thread. */
#include "engine.h"

#include "zend_exceptions.h"
#include "zend_interfaces.h"
#include "SAPI.h"
#include "php_output.h"
#include "ext/json/php_json.h"
#include "ext/standard/php_var.h"
#include "zend_smart_str.h"
#include "php_variables.h"

#include "http_server.h"
#include "engine_request.h"
#include "engine_sapi.h"
#include "engine_superglobals.h"
#include "engine_upload.h"
#include "engine_server_options.h"

/* Defaults (README.md, "HTTP server"). */
#define DEFAULT_HOST "127.0.0.1"
#define DEFAULT_MAX_BODY (8 * 1024 * 1024)
#define DEFAULT_MAX_HEADER (16 * 1024)
#define DEFAULT_READ_TIMEOUT 30.0
#define DEFAULT_KEEPALIVE_TIMEOUT 10.0

typedef struct dispatch_ctx {
    zend_fcall_info fci;
    zend_fcall_info_cache fcc;
    zval on_start;
    int debug;
    int superglobals; /* 'superglobals' => true: the router also runs as a php-fpm script */
    int trust_proxy;
    int dead;        /* exit() or a fatal error: PHP must not be called again */
    int exit_seen;   /* rethrow the unwind_exit when startServer returns */
    int bailout;     /* a fatal error unwound the router: continue the bailout on return */
} dispatch_ctx;

void lyger_server_binding_minit(void) {}
void lyger_server_binding_gshutdown(zend_lyger_globals *g) { (void) g; }
void lyger_server_binding_rinit(void) {}
void lyger_server_binding_rshutdown(void) {}

void lyger_server_binding_info(zval *section)
{
    lyger_http_stats st;
    lyger_http_server_stats(&st);
    add_assoc_bool(section, "available", 1);
    add_assoc_string(section, "implementation", "libuv");
    add_assoc_bool(section, "running", st.running);
    add_assoc_long(section, "requests", (zend_long) st.requests);
    add_assoc_long(section, "connections", (zend_long) st.connections);
    add_assoc_long(section, "workers", st.running ? st.workers : 0);
    add_assoc_long(section, "port", st.port);
}

/* ---- turning what the router returned into a response ----------------------------- */

static void log_line(const char *fmt, ...) ZEND_ATTRIBUTE_FORMAT(printf, 1, 2);
static void log_line(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    zend_vspprintf(&msg, 0, fmt, ap);
    va_end(ap);
    php_log_err(msg);
    efree(msg);
}

static void add_header_zval(lyger_http_response *res, zend_string *name, zval *value)
{
    if (Z_TYPE_P(value) == IS_ARRAY) {
        zval *v;
        ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(value), v) {
            add_header_zval(res, name, v);
        } ZEND_HASH_FOREACH_END();
        return;
    }
    if (Z_TYPE_P(value) == IS_NULL || Z_TYPE_P(value) == IS_FALSE) {
        return;
    }
    zend_string *s = zval_try_get_string(value);
    if (!s) {
        zend_clear_exception();
        return;
    }
    if (lyger_http_response_add_header(res, ZSTR_VAL(name), ZSTR_LEN(name), ZSTR_VAL(s), ZSTR_LEN(s)) != 0) {
        log_line("Lyger server: response header '%s' dropped (invalid name or value)", ZSTR_VAL(name));
    }
    zend_string_release(s);
}

static void add_headers(lyger_http_response *res, zval *headers)
{
    if (Z_TYPE_P(headers) != IS_ARRAY) {
        return;
    }
    zend_string *key;
    zend_ulong idx;
    zval *v;
    ZEND_HASH_FOREACH_KEY_VAL(Z_ARRVAL_P(headers), idx, key, v) {
        (void) idx;
        if (key) {
            add_header_zval(res, key, v);
        } else if (Z_TYPE_P(v) == IS_STRING) {
            /* ['Name: value', ...] lists, as header() takes them */
            const char *colon = memchr(Z_STRVAL_P(v), ':', Z_STRLEN_P(v));
            if (colon) {
                const char *val = colon + 1;
                while (*val == ' ' || *val == '\t') {
                    val++;
                }
                lyger_http_response_add_header(res, Z_STRVAL_P(v), (size_t) (colon - Z_STRVAL_P(v)), val,
                                               Z_STRLEN_P(v) - (size_t) (val - Z_STRVAL_P(v)));
            }
        }
    } ZEND_HASH_FOREACH_END();
}

static int set_body_zval(lyger_http_response *res, zval *body)
{
    if (Z_TYPE_P(body) == IS_ARRAY) {
        smart_str buf = {0};
        if (php_json_encode(&buf, body, PHP_JSON_UNESCAPED_SLASHES | PHP_JSON_UNESCAPED_UNICODE) == FAILURE) {
            smart_str_free(&buf);
            return -1;
        }
        smart_str_0(&buf);
        if (!res->has_content_type) {
            lyger_http_response_add_header(res, "Content-Type", 12, "application/json", 16);
        }
        if (buf.s) {
            lyger_http_response_append_body(res, ZSTR_VAL(buf.s), ZSTR_LEN(buf.s));
        }
        smart_str_free(&buf);
        return 0;
    }
    if (Z_TYPE_P(body) == IS_NULL) {
        return 0;
    }
    zend_string *s = zval_try_get_string(body);
    if (!s) {
        return -1;
    }
    lyger_http_response_append_body(res, ZSTR_VAL(s), ZSTR_LEN(s));
    zend_string_release(s);
    return 0;
}

static int call_method(zend_object *obj, const char *name, zval *retval)
{
    zend_string *n = zend_string_init(name, strlen(name), 0);
    zend_result r = zend_call_method_if_exists(obj, n, retval, 0, NULL);
    zend_string_release(n);
    if (r != SUCCESS || EG(exception)) {
        zval_ptr_dtor(retval);
        ZVAL_UNDEF(retval);
        return EG(exception) ? -1 : 0;
    }
    return 1;
}

static int method_exists(zend_object *obj, const char *lcname)
{
    return zend_hash_str_exists(&obj->ce->function_table, lcname, strlen(lcname));
}

/* Symfony / Laravel Response (headers bag), PSR-7-like (getHeaders()). Returns -1 on a
 * PHP exception, 0 when the object is not a response, 1 done. */
static int response_from_object(lyger_http_response *res, zend_object *obj)
{
    if (!method_exists(obj, "getstatuscode") ||
        !(method_exists(obj, "getcontent") || method_exists(obj, "getbody"))) {
        return 0;
    }
    zval rv;
    int r = call_method(obj, "getStatusCode", &rv);
    if (r < 0) {
        return -1;
    }
    res->status = Z_TYPE(rv) == IS_LONG ? (int) Z_LVAL(rv) : 500;
    zval_ptr_dtor(&rv);

    if (method_exists(obj, "getheaders")) {
        if (call_method(obj, "getHeaders", &rv) < 0) {
            return -1;
        }
        add_headers(res, &rv);
        zval_ptr_dtor(&rv);
    } else {
        zval *bag = zend_read_property(obj->ce, obj, "headers", 7, 1, &rv);
        if (EG(exception)) {
            return -1;
        }
        if (bag && Z_TYPE_P(bag) == IS_OBJECT) {
            zval all;
            int got = method_exists(Z_OBJ_P(bag), "allpreservecase") ? call_method(Z_OBJ_P(bag), "allPreserveCase", &all)
                                                                     : call_method(Z_OBJ_P(bag), "all", &all);
            if (got < 0) {
                return -1;
            }
            if (got > 0) {
                add_headers(res, &all);
                zval_ptr_dtor(&all);
            }
        } else if (bag && Z_TYPE_P(bag) == IS_ARRAY) {
            add_headers(res, bag);
        }
    }
    r = method_exists(obj, "getcontent") ? call_method(obj, "getContent", &rv) : call_method(obj, "getBody", &rv);
    if (r < 0) {
        return -1;
    }
    if (r > 0) {
        int ok = set_body_zval(res, &rv);
        zval_ptr_dtor(&rv);
        if (ok != 0) {
            return -1;
        }
    }
    return 1;
}

static void error_response(lyger_http_response *res, int status, zval *payload)
{
    smart_str buf = {0};
    php_json_encode(&buf, payload, PHP_JSON_UNESCAPED_SLASHES | PHP_JSON_UNESCAPED_UNICODE | PHP_JSON_PARTIAL_OUTPUT_ON_ERROR);
    smart_str_0(&buf);
    lyger_http_response_free(res);
    lyger_http_response_init(res);
    res->status = status;
    lyger_http_response_add_header(res, "Content-Type", 12, "application/json", 16);
    if (buf.s) {
        lyger_http_response_append_body(res, ZSTR_VAL(buf.s), ZSTR_LEN(buf.s));
    }
    smart_str_free(&buf);
}

static void simple_error(lyger_http_response *res, int status, const char *message)
{
    zval payload;
    array_init(&payload);
    add_assoc_string(&payload, "error", (char *) message);
    error_response(res, status, &payload);
    zval_ptr_dtor(&payload);
}

/* An uncaught exception from the router: logged, answered 500 with its message. */
static void exception_response(dispatch_ctx *ctx, lyger_http_response *res, const lyger_http_request *req)
{
    zend_object *ex = EG(exception);
    zval rv1, rv2, rv3, *msg, *file, *line;
    msg = zend_read_property_ex(ex->ce, ex, ZSTR_KNOWN(ZEND_STR_MESSAGE), 1, &rv1);
    file = zend_read_property_ex(ex->ce, ex, ZSTR_KNOWN(ZEND_STR_FILE), 1, &rv2);
    line = zend_read_property_ex(ex->ce, ex, ZSTR_KNOWN(ZEND_STR_LINE), 1, &rv3);
    zval payload;
    array_init(&payload);
    zend_string *m = zval_get_string(msg);
    add_assoc_str(&payload, "error", m);
    log_line("Lyger server: uncaught %s in router for %s %.*s: %s in %s:" ZEND_LONG_FMT, ZSTR_VAL(ex->ce->name),
             req->method, (int) req->path_len, req->path, ZSTR_VAL(m),
             Z_TYPE_P(file) == IS_STRING ? Z_STRVAL_P(file) : "?", zval_get_long(line));
    if (ctx->debug) {
        add_assoc_str(&payload, "exception", zend_string_copy(ex->ce->name));
        add_assoc_zval(&payload, "file", file);
        Z_TRY_ADDREF_P(file);
        add_assoc_long(&payload, "line", zval_get_long(line));
        zval trace;
        ZVAL_UNDEF(&trace);
        zend_object *saved = EG(exception);
        EG(exception) = NULL;
        zend_call_method_with_0_params(saved, saved->ce, NULL, "gettraceasstring", &trace);
        if (EG(exception)) {
            zend_clear_exception();
        }
        EG(exception) = saved;
        if (Z_TYPE(trace) == IS_STRING) {
            add_assoc_zval(&payload, "trace", &trace);
        } else {
            zval_ptr_dtor(&trace);
        }
    }
    zend_clear_exception();
    error_response(res, 500, &payload);
    zval_ptr_dtor(&payload);
}

/* ---- dispatch: one request to the router, in steps ------------------------------------ */

/* One call of the router: its arguments, what it returned and echoed, and what is needed
 * afterwards to tell how it ended. */
typedef struct router_call {
    zval args[4];
    uint32_t nargs;              /* how many of args are built and passed */
    zval retval;
    zval out;                    /* what the router echoed */
    int base_level;              /* the output nesting level below our buffer */
    zend_string *last_error;     /* PG(last_error_message) and _type before the call */
    int last_error_type;
} router_call;

/* The router's arguments: path, method, data, request. In superglobals mode only those the
 * router declares are built (a php-fpm style handler declares none, and reads the superglobals). */
static void router_args(dispatch_ctx *ctx, router_call *call, const lyger_http_request *req)
{
    call->nargs = 4;
    if (ctx->superglobals) {
        const zend_function *f = ctx->fcc.function_handler;
        if (f && !(f->common.fn_flags & ZEND_ACC_VARIADIC) && f->common.num_args < 4) {
            call->nargs = f->common.num_args;
        }
    }
    ZVAL_UNDEF(&call->args[0]);
    ZVAL_UNDEF(&call->args[1]);
    ZVAL_UNDEF(&call->args[2]);
    ZVAL_UNDEF(&call->args[3]);
    if (call->nargs > 0) {
        ZVAL_STRINGL(&call->args[0], req->path, req->path_len);
    }
    if (call->nargs > 1) {
        ZVAL_STRING(&call->args[1], req->method);
    }
    if (call->nargs > 2) {
        lyger_engine_request_build_data(&call->args[2], req);
    }
    if (call->nargs > 3) {
        lyger_engine_request_build_request(&call->args[3], req);
    }
    ZVAL_UNDEF(&call->retval);
}

/* What the request prints from here on goes into a buffer of ours (in superglobals mode
 * that starts before the superglobals are filled, as output_buffering does under php-fpm,
 * so a warning while filling them is part of the response, not sent ahead of the headers). */
static void start_output(router_call *call)
{
    call->base_level = php_output_get_level();
    php_output_start_default();
}

/* Calls the router; returns 1 when a fatal error bailed out. */
static int call_router(dispatch_ctx *ctx, router_call *call)
{
    ctx->fci.param_count = call->nargs;
    ctx->fci.params = call->args;
    ctx->fci.retval = &call->retval;
    /* max_execution_time applies per request, not to the server's whole life. */
    zend_long time_limit = EG(timeout_seconds);
    if (time_limit > 0) {
        zend_set_timeout(time_limit, 0);
    }
    int bailed = 0;
    call->last_error = PG(last_error_message);
    call->last_error_type = PG(last_error_type);
    zend_try {
        zend_call_function(&ctx->fci, &ctx->fcc);
    } zend_catch {
        bailed = 1;
    } zend_end_try();
    if (time_limit > 0) {
        zend_unset_timeout();
    }
    return bailed;
}

static int bailout_response(dispatch_ctx *ctx, lyger_http_response *res)
{
    /* A fatal error (E_ERROR, memory limit...): the engine state is not safe to reuse
     * and memory may be exhausted, so no Zend allocation from here: the 500 is built
     * with malloc, the server stops, and the bailout continues when startServer
     * returns (a worker process just exits 255 and is replaced). */
    ctx->dead = 1;
    ctx->bailout = 1;
    res->status = 500;
    lyger_http_response_add_header(res, "Content-Type", 12, "application/json", 16);
    lyger_http_response_append_body(res, "{\"error\":\"internal server error\"}", 33);
    return LYGER_HTTP_FATAL;
}

/* Echoed output: close levels the router left open onto ours, then take ours. */
static void take_output(router_call *call)
{
    ZVAL_EMPTY_STRING(&call->out);
    while (php_output_get_level() > call->base_level + 1) {
        php_output_end();
    }
    if (php_output_get_level() == call->base_level + 1) {
        php_output_get_contents(&call->out);
        php_output_discard();
    }
}

/* An exit unwinding the router, with a fatal error raised during this call. */
static int ended_in_fatal(const router_call *call)
{
    return EG(exception) && zend_is_unwind_exit(EG(exception)) && PG(last_error_message) &&
           (PG(last_error_message) != call->last_error || PG(last_error_type) != call->last_error_type) &&
           (PG(last_error_type) & (E_ERROR | E_CORE_ERROR | E_COMPILE_ERROR | E_USER_ERROR | E_PARSE));
}

static int fatal_response(dispatch_ctx *ctx, router_call *call, const lyger_http_request *req,
                          lyger_http_response *res)
{
    /* PHP 8 unwinds most fatal errors (memory limit, E_USER_ERROR...) as an exit with
     * status 255; objects are already marked destructed, so the engine is not reused:
     * answer 500, stop, and let the unwind continue when startServer returns. */
    zend_clear_exception();
    ctx->dead = 1;
    ctx->exit_seen = 1;
    log_line("Lyger server: fatal error in the router for %s %.*s; stopping this server process",
             req->method, (int) req->path_len, req->path);
    if (Z_STRLEN(call->out)) {
        fprintf(stderr, "%s\n", Z_STRVAL(call->out));
    }
    simple_error(res, 500, "internal server error");
    return LYGER_HTTP_FATAL;
}

static int exit_response(dispatch_ctx *ctx, router_call *call, lyger_http_response *res)
{
    /* exit() in the router: what it printed is the response; then the server stops and
     * the exit continues when startServer returns. */
    zend_clear_exception();
    ctx->dead = 1;
    ctx->exit_seen = 1;
    lyger_http_response_append_body(res, Z_STRVAL(call->out), Z_STRLEN(call->out));
    return LYGER_HTTP_STOP;
}

static int thrown_response(dispatch_ctx *ctx, router_call *call, const lyger_http_request *req,
                           lyger_http_response *res)
{
    exception_response(ctx, res, req);
    if (Z_STRLEN(call->out)) {
        log_line("Lyger server: output of the router for %s %.*s (%zu bytes, not sent: it threw): %.*s",
                 req->method, (int) req->path_len, req->path, Z_STRLEN(call->out), (int) Z_STRLEN(call->out),
                 Z_STRVAL(call->out));
    }
    return LYGER_HTTP_CONTINUE;
}

/* A returned array ['status', 'headers', 'body'], each optional. */
static void response_from_array(dispatch_ctx *ctx, const lyger_http_request *req, lyger_http_response *res,
                                HashTable *ht)
{
    zval *st = zend_hash_str_find(ht, "status", 6);
    zval *hd = zend_hash_str_find(ht, "headers", 7);
    zval *bd = zend_hash_str_find(ht, "body", 4);
    if (st) {
        ZVAL_DEREF(st);
        if (Z_TYPE_P(st) != IS_LONG || Z_LVAL_P(st) < 100 || Z_LVAL_P(st) > 999) {
            log_line("Lyger server: router for %s %.*s returned an invalid status", req->method,
                     (int) req->path_len, req->path);
            simple_error(res, 500, "the router returned an invalid status");
            return;
        }
        res->status = (int) Z_LVAL_P(st);
    }
    if (hd) {
        ZVAL_DEREF(hd);
        add_headers(res, hd);
    }
    if (bd) {
        ZVAL_DEREF(bd);
        if (set_body_zval(res, bd) != 0) {
            if (EG(exception)) {
                exception_response(ctx, res, req);
            } else {
                simple_error(res, 500, "the router returned a body that cannot be sent");
            }
        }
    }
}

/* What the router returned, into the response; 0 when a router may not return it. */
static int response_from_retval(dispatch_ctx *ctx, router_call *call, const lyger_http_request *req,
                                lyger_http_response *res)
{
    int handled = 1;
    switch (Z_TYPE(call->retval)) {
    case IS_STRING:
        lyger_http_response_append_body(res, Z_STRVAL(call->retval), Z_STRLEN(call->retval));
        break;
    case IS_NULL:
    case IS_UNDEF:
        /* null: what the router echoed is the response */
        lyger_http_response_append_body(res, Z_STRVAL(call->out), Z_STRLEN(call->out));
        zval_ptr_dtor(&call->out);
        ZVAL_EMPTY_STRING(&call->out);
        break;
    case IS_ARRAY:
        response_from_array(ctx, req, res, Z_ARRVAL(call->retval));
        break;
    case IS_OBJECT: {
        int r = response_from_object(res, Z_OBJ(call->retval));
        if (r < 0) {
            exception_response(ctx, res, req);
        } else if (r == 0) {
            handled = 0;
        }
        break;
    }
    default:
        handled = 0;
        break;
    }
    return handled;
}

static int returned_response(dispatch_ctx *ctx, router_call *call, const lyger_http_request *req,
                             lyger_http_response *res)
{
    if (!response_from_retval(ctx, call, req, res)) {
        log_line("Lyger server: router for %s %.*s returned %s; expected a string, an array "
                 "['status', 'headers', 'body'], a Response object or null",
                 req->method, (int) req->path_len, req->path,
                 Z_TYPE(call->retval) == IS_OBJECT ? ZSTR_VAL(Z_OBJCE(call->retval)->name)
                                                   : zend_zval_type_name(&call->retval));
        simple_error(res, 500, "the router returned an unsupported value");
    }
    if (Z_STRLEN(call->out)) {
        log_line("Lyger server: output of the router for %s %.*s (%zu bytes, not sent: it returned a "
                 "response): %.*s", req->method, (int) req->path_len, req->path, Z_STRLEN(call->out),
                 (int) Z_STRLEN(call->out), Z_STRVAL(call->out));
    }
    return LYGER_HTTP_CONTINUE;
}

/* ---- superglobals mode: header() & co. and echo make the response ------------------------- */

static int sg_exit_response(router_call *call, lyger_http_response *res)
{
    /* exit() ends the request, as under php-fpm; the server goes on. */
    zend_clear_exception();
    EG(exit_status) = 0;
    lyger_sapi_send_headers(1);
    lyger_http_response_append_body(res, Z_STRVAL(call->out), Z_STRLEN(call->out));
    return LYGER_HTTP_CONTINUE;
}

static int sg_returned_response(dispatch_ctx *ctx, router_call *call, const lyger_http_request *req,
                                lyger_http_response *res)
{
    /* The head set by header()/http_response_code()/setcookie() first; a returned value
     * then wins where it says something (status, headers, body). PHP's default
     * Content-type only when the body is what was echoed. */
    int echoed = Z_TYPE(call->retval) == IS_NULL || Z_TYPE(call->retval) == IS_UNDEF;
    lyger_sapi_send_headers(echoed);
    return returned_response(ctx, call, req, res);
}

static void router_call_free(router_call *call)
{
    zval_ptr_dtor(&call->out);
    zval_ptr_dtor(&call->retval);
    for (int i = 0; i < 4; i++) {
        zval_ptr_dtor(&call->args[i]);
    }
}

/* The server's handler: one request through the router, answered in res. */
static int dispatch(void *ud, const lyger_http_request *req, lyger_http_response *res)
{
    dispatch_ctx *ctx = ud;
    if (ctx->dead) {
        simple_error(res, 503, "server is stopping");
        return LYGER_HTTP_STOP;
    }
    router_call call;
    start_output(&call);
    if (ctx->superglobals) {
        /* first, so that a multipart body is parsed as the SAPI parses it (filter_input()
         * copies, upload progress) and the arguments get copies of that parse */
        lyger_sg_request_begin(req, res);
    }
    router_args(ctx, &call, req);
    if (call_router(ctx, &call)) {
        return bailout_response(ctx, res); /* nothing is freed: no Zend allocator from here */
    }
    take_output(&call);
    int action;
    if (ended_in_fatal(&call)) {
        action = fatal_response(ctx, &call, req, res);
    } else if (EG(exception) && zend_is_unwind_exit(EG(exception))) {
        action = ctx->superglobals ? sg_exit_response(&call, res) : exit_response(ctx, &call, res);
    } else if (EG(exception)) {
        action = thrown_response(ctx, &call, req, res);
    } else if (ctx->superglobals) {
        action = sg_returned_response(ctx, &call, req, res);
    } else {
        action = returned_response(ctx, &call, req, res);
    }
    router_call_free(&call);
    lyger_engine_upload_end(); /* temp files the router did not move */
    if (ctx->superglobals) {
        lyger_sg_request_end();
    }
    if (!EG(exception)) {
        lyger_engine_http_request_end();
    }
    return action;
}

static int on_start(void *ud, const char *host, int port)
{
    dispatch_ctx *ctx = ud;
    if (Z_TYPE(ctx->on_start) == IS_UNDEF) {
        return 0;
    }
    zval args[2], rv;
    ZVAL_STRING(&args[0], host);
    ZVAL_LONG(&args[1], port);
    ZVAL_UNDEF(&rv);
    call_user_function(NULL, NULL, &ctx->on_start, &rv, 2, args);
    zval_ptr_dtor(&args[0]);
    zval_ptr_dtor(&rv);
    return EG(exception) ? 1 : 0;
}

PHP_METHOD(Lyger_Core_Engine, startServer)
{
    zend_fcall_info fci;
    zend_fcall_info_cache fcc;
    zend_long port = 8000;
    HashTable *options = NULL;

    ZEND_PARSE_PARAMETERS_START(1, 3)
        Z_PARAM_FUNC(fci, fcc)
        Z_PARAM_OPTIONAL
        Z_PARAM_LONG(port)
        Z_PARAM_ARRAY_HT(options)
    ZEND_PARSE_PARAMETERS_END();

    if (port < 0 || port > 65535) {
        zend_argument_value_error(2, "must be between 0 and 65535 (0 picks a free port)");
        RETURN_THROWS();
    }
    if (lyger_http_server_running()) {
        zend_throw_exception(lyger_ce_engine_exception, "startServer(): a server is already running in this process",
                             0);
        RETURN_THROWS();
    }
    dispatch_ctx ctx;
    memset(&ctx, 0, sizeof(ctx));
    ZVAL_UNDEF(&ctx.on_start);
    lyger_http_config cfg;
    memset(&cfg, 0, sizeof(cfg));
    cfg.host = DEFAULT_HOST;
    cfg.port = (int) port;
    cfg.workers = 1;
    cfg.max_body_size = DEFAULT_MAX_BODY;
    cfg.max_header_size = DEFAULT_MAX_HEADER;
    cfg.read_timeout = DEFAULT_READ_TIMEOUT;
    cfg.keepalive_timeout = DEFAULT_KEEPALIVE_TIMEOUT;
    lyger_server_options so;
    memset(&so, 0, sizeof(so));
    ZVAL_UNDEF(&so.on_start);
    if (options && lyger_server_parse_options(options, &cfg, &so) != 0) {
        zval_ptr_dtor(&so.on_start);
        RETURN_THROWS();
    }
    ZVAL_COPY_VALUE(&ctx.on_start, &so.on_start);
    ctx.superglobals = so.superglobals;
    ctx.trust_proxy = so.trust_proxy;
    ctx.fci = fci;
    ctx.fcc = fcc;
    ctx.debug = cfg.debug;
    cfg.handler = dispatch;
    cfg.on_start = on_start;
    cfg.ud = &ctx;
    /* The callable must outlive a router that unsets it; hold a reference. */
    Z_TRY_ADDREF(ctx.fci.function_name);
    if (ctx.fcc.object) {
        GC_ADDREF(ctx.fcc.object);
    }
    if (ctx.superglobals) {
        lyger_sg_options sgo = {cfg.document_root, ctx.trust_proxy};
        lyger_sg_server_start(&sgo);
    }
    char err[512];
    int rc = lyger_http_server_run(&cfg, err, sizeof(err));
    if (ctx.superglobals) {
        /* after a fatal error's bailout no Zend allocation: the hooks go, nothing is freed */
        ctx.bailout ? lyger_sg_server_abandon() : lyger_sg_server_stop();
    }
    zval_ptr_dtor(&ctx.on_start);
    if (ctx.fcc.object) {
        OBJ_RELEASE(ctx.fcc.object);
    }
    zval_ptr_dtor(&ctx.fci.function_name);
    if (rc == -1) {
        zend_throw_exception_ex(lyger_ce_engine_exception, 0, "startServer(): %s", err);
        RETURN_THROWS();
    }
    if (rc == -2) {
        RETURN_THROWS(); /* on_start threw */
    }
    if (ctx.bailout) {
        zend_bailout();
    }
    if (rc == 1) {
        /* A worker process is done: it ends like a script calling exit(code), through PHP's
         * normal shutdown, and the master reads the code. */
        EG(exit_status) = lyger_http_server_worker_exit_code();
        zend_throw_unwind_exit();
        RETURN_THROWS();
    }
    if (ctx.exit_seen) {
        zend_throw_unwind_exit();
    }
}

PHP_METHOD(Lyger_Core_Engine, stopServer)
{
    ZEND_PARSE_PARAMETERS_NONE();
    lyger_http_server_stop();
}
