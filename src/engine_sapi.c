/* The SAPI side of a request in superglobals mode (see engine_sapi.h).
 *
 * Under php-fpm, header() adds to SG(sapi_headers) and the SAPI sends them (status line,
 * headers, default Content-type) when output first reaches it or at the end of the request.
 * The CLI SAPI's header_handler drops every header, and once anything reached stdout the
 * head counts as sent for the rest of the script. While a superglobals-mode server runs, our hooks replace the CLI's:
 * inside a request they keep headers, capture the sent head into the response and append
 * output that escaped every buffer to its body; outside a request they call the CLI's own.
 * One server runs per process (src/http_server.c refuses a second), so the state is static;
 * in ZTS only the thread that runs the server is served by the hooks. */
#include "engine_sapi.h"

#include "SAPI.h"
#include "php_main.h"
#include "zend_exceptions.h"
#include "php_output.h"
#include "zend_smart_str.h"
#include "php_streams.h"
#include "php_memory_streams.h"
#ifdef HAVE_PHP_SESSION
#include "ext/session/php_session.h"
#endif

typedef struct saved_request_info {
    const char *request_method;
    char *query_string;
    char *cookie_data;
    char *request_uri;
    const char *content_type;
    char *auth_user, *auth_password, *auth_digest;
    zend_long content_length;
    bool headers_only, no_headers;
    int proto_num;
    unsigned char headers_sent, post_read;
    int64_t read_post_bytes;
    int response_code;
    double request_time;
} saved_request_info;

static struct {
    int installed;
    int active;                   /* inside a request */
#ifdef ZTS
    void *owner;                  /* the thread that runs the server */
#endif
    lyger_http_response *res;
    saved_request_info saved;
    size_t (*ub_write)(const char *str, size_t len);
    void (*flush)(void *server_context);
    int (*header_handler)(sapi_header_struct *h, sapi_header_op_enum op, sapi_headers_struct *s);
    int (*send_headers)(sapi_headers_struct *s);
    char *(*getenv)(const char *name, size_t name_len);
    int session;                  /* ext/session is loaded */
} st;

#ifdef HAVE_PHP_SESSION
static void session_end(void);
#endif

static int in_request(void)
{
#ifdef ZTS
    return st.active && tsrm_get_ls_cache() == st.owner;
#else
    return st.active;
#endif
}

/* ---- hooks ------------------------------------------------------------------------------- */

static size_t hook_ub_write(const char *str, size_t len)
{
    if (!in_request() || !st.res) {
        return st.ub_write(str, len);
    }
    lyger_http_response_append_body(st.res, str, len);
    return len;
}

static void hook_flush(void *server_context)
{
    if (!in_request() && st.flush) {
        st.flush(server_context);
    }
}

/* getenv('REQUEST_METHOD'), getenv('HTTP_HOST'): php-fpm answers them from the request's
 * parameters before the process environment; so does a request here, from $_SERVER. */
static char *hook_getenv(const char *name, size_t name_len)
{
    if (in_request()) {
        zval *server = &PG(http_globals)[TRACK_VARS_SERVER];
        zval *v = Z_TYPE_P(server) == IS_ARRAY ? zend_hash_str_find(Z_ARRVAL_P(server), name, name_len) : NULL;
        if (v && Z_TYPE_P(v) == IS_STRING) {
            return Z_STRVAL_P(v);
        }
    }
    return st.getenv ? st.getenv(name, name_len) : NULL;
}

static int hook_header_handler(sapi_header_struct *h, sapi_header_op_enum op, sapi_headers_struct *s)
{
    if (in_request()) {
        return SAPI_HEADER_ADD; /* keep it, as php-fpm does */
    }
    return st.header_handler ? st.header_handler(h, op, s) : SAPI_HEADER_ADD;
}

static int header_is(const sapi_header_struct *h, const char *name, size_t len)
{
    return h->header_len > len && strncasecmp(h->header, name, len) == 0;
}

/* The status as php-fpm's SAPI reports it to nginx: a "Status:" header set by the
 * application gives it (an old CGI idiom), unless a status line header ("HTTP/1.1 404 ...")
 * with a code other than 200 came first. */
static int head_status(sapi_headers_struct *s)
{
    int code = s->http_response_code > 0 ? s->http_response_code : 200;
    const char *line = s->http_status_line;
    if (code != 200 && line && strncasecmp(line, "HTTP/", 5) == 0 && strchr(line, ' ')) {
        return code;
    }
    zend_llist_position pos;
    for (sapi_header_struct *h = zend_llist_get_first_ex(&s->headers, &pos); h;
         h = zend_llist_get_next_ex(&s->headers, &pos)) {
        if (header_is(h, "Status:", 7)) {
            int st_code = atoi(h->header + 7);
            return st_code >= 100 && st_code <= 999 ? st_code : code;
        }
    }
    return code;
}

/* SG(sapi_headers) into the response: the status, then each "Name: value" line, as
 * sapi_cgi_send_headers() writes them (no Status line; no Content-Type on a 304). */
static void capture_head(sapi_headers_struct *s)
{
    if (!st.res) {
        return;
    }
    st.res->status = head_status(s);
    zend_llist_position pos;
    for (sapi_header_struct *h = zend_llist_get_first_ex(&s->headers, &pos); h;
         h = zend_llist_get_next_ex(&s->headers, &pos)) {
        const char *colon = memchr(h->header, ':', h->header_len);
        if (!colon || header_is(h, "Status:", 7) || (st.res->status == 304 && header_is(h, "Content-Type:", 13))) {
            continue;
        }
        const char *v = colon + 1;
        const char *end = h->header + h->header_len;
        while (v < end && (*v == ' ' || *v == '\t')) {
            v++;
        }
        /* PHP writes "Content-type"; nginx in front of php-fpm sends it as "Content-Type" */
        const char *name = header_is(h, "Content-Type:", 13) ? "Content-Type" : h->header;
        if (lyger_http_response_add_header(st.res, name, (size_t) (colon - h->header), v, (size_t) (end - v))) {
            php_log_err("Lyger server: a header set by the application was dropped (invalid name or value)");
        }
    }
}

static int hook_send_headers(sapi_headers_struct *s)
{
    if (!in_request()) {
        return st.send_headers ? st.send_headers(s) : SAPI_HEADER_SENT_SUCCESSFULLY;
    }
    capture_head(s);
    return SAPI_HEADER_SENT_SUCCESSFULLY;
}

void lyger_sapi_install(void)
{
    if (st.installed) {
        return;
    }
    st.ub_write = sapi_module.ub_write;
    st.flush = sapi_module.flush;
    st.header_handler = sapi_module.header_handler;
    st.send_headers = sapi_module.send_headers;
    st.getenv = sapi_module.getenv;
    sapi_module.getenv = hook_getenv;
    sapi_module.ub_write = hook_ub_write;
    sapi_module.flush = hook_flush;
    sapi_module.header_handler = hook_header_handler;
    sapi_module.send_headers = hook_send_headers;
#ifdef ZTS
    st.owner = tsrm_get_ls_cache();
#endif
    st.session = zend_hash_str_exists(&module_registry, "session", sizeof("session") - 1);
    st.installed = 1;
#ifdef HAVE_PHP_SESSION
    /* A session of the script itself (session.auto_start, or session_start() before the
     * server) is written and closed now: the first request must not find it open. */
    session_end();
#endif
}

void lyger_sapi_uninstall(void)
{
    if (!st.installed) {
        return;
    }
    sapi_module.ub_write = st.ub_write;
    sapi_module.flush = st.flush;
    sapi_module.header_handler = st.header_handler;
    sapi_module.send_headers = st.send_headers;
    sapi_module.getenv = st.getenv;
    st.installed = 0;
}

/* ---- request start ------------------------------------------------------------------------ */

static void save_request_info(void)
{
    saved_request_info *s = &st.saved;
    s->request_method = SG(request_info).request_method;
    s->query_string = SG(request_info).query_string;
    s->cookie_data = SG(request_info).cookie_data;
    s->request_uri = SG(request_info).request_uri;
    s->content_type = SG(request_info).content_type;
    s->auth_user = SG(request_info).auth_user;
    s->auth_password = SG(request_info).auth_password;
    s->auth_digest = SG(request_info).auth_digest;
    s->content_length = SG(request_info).content_length;
    s->headers_only = SG(request_info).headers_only;
    s->no_headers = SG(request_info).no_headers;
    s->proto_num = SG(request_info).proto_num;
    s->headers_sent = SG(headers_sent);
    s->post_read = SG(post_read);
    s->read_post_bytes = SG(read_post_bytes);
    s->response_code = SG(sapi_headers).http_response_code;
    s->request_time = SG(global_request_time);
}

static char *header_dup(const lyger_http_request *req, const char *name, size_t name_len)
{
    size_t len = 0;
    const char *v = lyger_http_request_header(req, name, name_len, &len);
    return v ? estrndup(v, len) : NULL;
}

/* Every Cookie field, joined with "; " (HTTP/2 proxies and some clients split them). */
static char *cookie_dup(const lyger_http_request *req)
{
    smart_str s = {0};
    for (size_t i = 0; i < req->nheaders; i++) {
        const lyger_http_header *h = &req->headers[i];
        if (h->name_len == 6 && memcmp(req->head + h->name_off, "cookie", 6) == 0) {
            if (s.s) {
                smart_str_appendl(&s, "; ", 2);
            }
            smart_str_appendl(&s, req->head + h->value_off, h->value_len);
        }
    }
    if (!s.s) {
        return NULL;
    }
    char *r = estrndup(ZSTR_VAL(s.s), ZSTR_LEN(s.s));
    smart_str_free(&s);
    return r;
}

static void set_request_info(const lyger_http_request *req, double now)
{
    SG(request_info).request_method = req->method;
    SG(request_info).query_string = estrndup(req->head + req->query_off, req->query_len);
    SG(request_info).request_uri = estrndup(req->head + req->url_off, req->url_len);
    SG(request_info).cookie_data = cookie_dup(req);
    SG(request_info).content_type = header_dup(req, "content-type", 12);
    SG(request_info).content_length = (zend_long) req->body_len;
    /* PHP_AUTH_USER / PHP_AUTH_PW / PHP_AUTH_DIGEST, as php-fpm takes them from Authorization */
    char *auth = header_dup(req, "authorization", 13);
    SG(request_info).auth_user = SG(request_info).auth_password = SG(request_info).auth_digest = NULL;
    php_handle_auth_data(auth);
    if (auth) {
        efree(auth);
    }
    SG(request_info).proto_num = req->http_major * 1000 + req->http_minor;
    SG(request_info).headers_only = 0; /* the server drops a HEAD response's body itself */
    SG(request_info).no_headers = 0;
    SG(global_request_time) = now;
    /* The body is all read: php://input reads request_body and never asks the SAPI. */
    SG(post_read) = 1;
    SG(read_post_bytes) = (int64_t) req->body_len;
    if (req->body_len) {
        zend_string *body = zend_string_init(req->body, req->body_len, 0);
        SG(request_info).request_body = php_stream_memory_open(TEMP_STREAM_READONLY, body);
        zend_string_release(body);
    } else {
        SG(request_info).request_body = NULL; /* php://input opens an empty one */
    }
}

static void reset_headers(void)
{
    zend_llist_clean(&SG(sapi_headers).headers);
    SG(sapi_headers).send_default_content_type = 1;
    if (SG(sapi_headers).mimetype) {
        efree(SG(sapi_headers).mimetype);
        SG(sapi_headers).mimetype = NULL;
    }
    if (SG(sapi_headers).http_status_line) {
        efree(SG(sapi_headers).http_status_line);
        SG(sapi_headers).http_status_line = NULL;
    }
    if (Z_TYPE(SG(callback_func)) != IS_UNDEF) {
        zval_ptr_dtor(&SG(callback_func));
        ZVAL_UNDEF(&SG(callback_func));
    }
}

static void reset_output_state(void)
{
    OG(flags) &= ~PHP_OUTPUT_DISABLED;
    if (OG(output_start_filename)) {
        zend_string_release(OG(output_start_filename));
        OG(output_start_filename) = NULL;
    }
    OG(output_start_lineno) = 0;
}

#ifdef HAVE_PHP_SESSION
static int session_loaded(void)
{
    return st.session;
}
#endif

void lyger_sapi_request_begin(const lyger_http_request *req, lyger_http_response *res, double now)
{
    save_request_info();
    set_request_info(req, now);
    reset_headers();
    reset_output_state();
    SG(headers_sent) = 0;
    SG(sapi_headers).http_response_code = 200;
    st.res = res;
    st.active = 1;
    if (PG(expose_php)) {
        sapi_add_header(SAPI_PHP_VERSION_HEADER, sizeof(SAPI_PHP_VERSION_HEADER) - 1, 1);
    }
}

void lyger_sapi_request_ready(void)
{
#ifdef HAVE_PHP_SESSION
    /* session.auto_start, as the session module's RINIT does: once $_COOKIE is the request's */
    if (session_loaded() && PS(auto_start) && PS(session_status) == php_session_none) {
        php_session_start();
    }
#endif
}

void lyger_sapi_drop_input(void)
{
    if (SG(request_info).request_body) {
        php_stream_free(SG(request_info).request_body, PHP_STREAM_FREE_CLOSE);
        SG(request_info).request_body = NULL;
    }
}

/* ---- response head ------------------------------------------------------------------------- */

void lyger_sapi_send_headers(int default_type)
{
    if (!in_request() || SG(headers_sent)) {
        return;
    }
    if (!default_type) {
        SG(sapi_headers).send_default_content_type = 0;
    }
    sapi_send_headers();
    if (EG(exception)) { /* from a header_register_callback() */
        zend_clear_exception();
    }
}

/* ---- request end ---------------------------------------------------------------------------- */

#ifdef HAVE_PHP_SESSION
/* What the session module's RSHUTDOWN and RINIT do, except that save handlers registered
 * with session_set_save_handler() stay: the application registers them once at bootstrap. */
static void session_end(void)
{
    if (!session_loaded()) {
        return;
    }
    if (PS(session_status) == php_session_active) {
        zend_try {
            php_session_flush(1);
        } zend_end_try();
        if (EG(exception)) {
            php_log_err("Lyger server: writing the session threw; the exception was dropped");
            zend_clear_exception();
        }
    }
    if (!Z_ISUNDEF(PS(http_session_vars))) {
        zval_ptr_dtor(&PS(http_session_vars));
        ZVAL_UNDEF(&PS(http_session_vars));
    }
    if (PS(mod_data) && PS(mod)) {
        zend_try {
            PS(mod)->s_close(&PS(mod_data));
        } zend_end_try();
        PS(mod_data) = NULL;
    }
    if (PS(id)) {
        zend_string_release_ex(PS(id), 0);
        PS(id) = NULL;
    }
    if (PS(session_vars)) {
        zend_string_release_ex(PS(session_vars), 0);
        PS(session_vars) = NULL;
    }
    if (PS(session_status) != php_session_disabled) {
        PS(session_status) = php_session_none;
    }
    PS(in_save_handler) = 0;
    PS(mod_user_is_open) = 0;
    PS(define_sid) = 1;
    zend_hash_str_del(&EG(symbol_table), "_SESSION", sizeof("_SESSION") - 1);
}
#endif

static void restore_request_info(void)
{
    saved_request_info *s = &st.saved;
    if (SG(request_info).query_string) efree(SG(request_info).query_string);
    if (SG(request_info).request_uri) efree(SG(request_info).request_uri);
    if (SG(request_info).cookie_data) efree(SG(request_info).cookie_data);
    if (SG(request_info).content_type) efree((char *) SG(request_info).content_type);
    if (SG(request_info).auth_user) efree(SG(request_info).auth_user);
    if (SG(request_info).auth_password) efree(SG(request_info).auth_password);
    if (SG(request_info).auth_digest) efree(SG(request_info).auth_digest);
    if (SG(request_info).request_body) {
        php_stream_free(SG(request_info).request_body, PHP_STREAM_FREE_CLOSE);
        SG(request_info).request_body = NULL;
    }
    SG(request_info).request_method = s->request_method;
    SG(request_info).query_string = s->query_string;
    SG(request_info).cookie_data = s->cookie_data;
    SG(request_info).request_uri = s->request_uri;
    SG(request_info).content_type = s->content_type;
    SG(request_info).auth_user = s->auth_user;
    SG(request_info).auth_password = s->auth_password;
    SG(request_info).auth_digest = s->auth_digest;
    SG(request_info).content_length = s->content_length;
    SG(request_info).headers_only = s->headers_only;
    SG(request_info).no_headers = s->no_headers;
    SG(request_info).proto_num = s->proto_num;
    SG(headers_sent) = s->headers_sent;
    SG(post_read) = s->post_read;
    SG(read_post_bytes) = s->read_post_bytes;
    SG(sapi_headers).http_response_code = s->response_code;
    SG(global_request_time) = s->request_time;
}

/* error_get_last() of a new php-fpm request is null. */
static void clear_last_error(void)
{
    if (PG(last_error_message)) {
        zend_string_release(PG(last_error_message));
        PG(last_error_message) = NULL;
    }
    if (PG(last_error_file)) {
        zend_string_release(PG(last_error_file));
        PG(last_error_file) = NULL;
    }
    PG(last_error_type) = 0;
    PG(last_error_lineno) = 0;
}

void lyger_sapi_request_end(void)
{
    if (!st.active) {
        return;
    }
    /* The response is complete: what the session's writing may print goes to the log. */
    st.res = NULL;
    SG(headers_sent) = 1;
#ifdef HAVE_PHP_SESSION
    session_end();
#endif
    st.active = 0;
    st.res = NULL;
    reset_headers();
    reset_output_state();
    restore_request_info();
    clear_last_error();
}

void lyger_sapi_abandon(void)
{
    if (st.active) {
        st.active = 0;
        st.res = NULL;
        SG(headers_sent) = st.saved.headers_sent;
        SG(request_info).no_headers = st.saved.no_headers;
    }
    lyger_sapi_uninstall();
}
