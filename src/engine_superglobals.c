/* Superglobals mode: the request in PHP's own terms (see engine_superglobals.h).
 *
 * $_GET and $_COOKIE go through the SAPI's treat_data (PHP's parser, max_input_vars, the
 * filter extension's copies for filter_input()), $_POST through the same parser for
 * urlencoded bodies, $_REQUEST merges them per request_order/variables_order as
 * main/php_variables.c does, and $_SERVER holds what nginx's fastcgi_params and php-fpm
 * give a front controller (README.md, "Worker mode"). Each is set both in PG(http_globals)
 * and in the symbol table. The CLI's own arrays are kept aside while the server runs and
 * put back after every request, so nothing of one request is seen by the next. */
#include "engine_superglobals.h"

#include <sys/time.h>

#include "SAPI.h"
#include "php_variables.h"
#include "php_content_types.h"
#include "engine_sapi.h"
#include "engine_upload.h"

enum { SG_GET, SG_POST, SG_COOKIE, SG_FILES, SG_SERVER, SG_REQUEST, SG_N };
static const char *const sg_names[SG_N] = {"_GET", "_POST", "_COOKIE", "_FILES", "_SERVER", "_REQUEST"};
static const int sg_track[SG_N] = {TRACK_VARS_GET, TRACK_VARS_POST, TRACK_VARS_COOKIE, TRACK_VARS_FILES,
                                   TRACK_VARS_SERVER, -1};

static struct {
    int on;
    int trust_proxy;
    zend_string *names[SG_N];
    zval saved_http[NUM_TRACK_VARS];   /* the CLI's PG(http_globals) */
    zend_module_entry *filter;         /* ext/filter when loaded */
    zval saved_sym[SG_N];              /* the CLI's symbol table entries (UNDEF: none) */
    HashTable *server_base;            /* $_SERVER's keys that are the same for every request */
} g;

/* ---- helpers ----------------------------------------------------------------------------- */

static int order_has(const char *order, char c)
{
    for (; order && *order; order++) {
        if (*order == c || *order == c - 'A' + 'a') {
            return 1;
        }
    }
    return 0;
}

/* $_SERVER's key names, interned once per server (by the address of the literal: only ever
 * called with string literals), so that building it allocates only the values. */
#define KEY_SLOTS 64
static struct {
    const char *lit;
    zend_string *key;
} keys[KEY_SLOTS];

static zend_string *key_of(const char *lit)
{
    size_t i = ((uintptr_t) lit >> 3) % KEY_SLOTS;
    for (size_t n = 0; n < KEY_SLOTS; n++, i = (i + 1) % KEY_SLOTS) {
        if (keys[i].lit == lit) {
            return keys[i].key;
        }
        if (!keys[i].lit) {
            keys[i].lit = lit;
            keys[i].key = zend_string_init_interned(lit, strlen(lit), 1);
            return keys[i].key;
        }
    }
    return NULL; /* more literals than slots: never with the keys below */
}

static void set_zval(HashTable *ht, const char *key, zval *z)
{
    zend_string *k = key_of(key);
    if (k) {
        zend_hash_update(ht, k, z);
    } else {
        zend_hash_str_update(ht, key, strlen(key), z);
    }
}

static void set_str(HashTable *ht, const char *key, const char *v, size_t len)
{
    zval z;
    ZVAL_STRINGL_FAST(&z, v, len);
    set_zval(ht, key, &z);
}

static void set_cstr(HashTable *ht, const char *key, const char *v)
{
    set_str(ht, key, v ? v : "", v ? strlen(v) : 0);
}

static void set_long(HashTable *ht, const char *key, zend_long l)
{
    zval z;
    ZVAL_LONG(&z, l);
    set_zval(ht, key, &z);
}

static void set_global(int i, zval *arr)
{
    if (sg_track[i] >= 0 && arr != &PG(http_globals)[sg_track[i]]) {
        zval_ptr_dtor(&PG(http_globals)[sg_track[i]]);
        ZVAL_COPY(&PG(http_globals)[sg_track[i]], arr);
    }
    Z_TRY_ADDREF_P(arr);
    zend_hash_update(&EG(symbol_table), g.names[i], arr);
}

/* main/php_variables.c's php_autoglobal_merge: later sources win, nested arrays merge. */
static void merge_into(HashTable *dest, HashTable *src)
{
    zend_string *key;
    zend_ulong idx;
    zval *sv;
    ZEND_HASH_FOREACH_KEY_VAL(src, idx, key, sv) {
        zval *dv = key ? zend_hash_find(dest, key) : zend_hash_index_find(dest, idx);
        if (Z_TYPE_P(sv) == IS_ARRAY && dv && Z_TYPE_P(dv) == IS_ARRAY) {
            SEPARATE_ARRAY(dv);
            merge_into(Z_ARRVAL_P(dv), Z_ARRVAL_P(sv));
            continue;
        }
        Z_TRY_ADDREF_P(sv);
        if (key) {
            zend_hash_update(dest, key, sv);
        } else {
            zend_hash_index_update(dest, idx, sv);
        }
    } ZEND_HASH_FOREACH_END();
}

/* ---- server start / stop ------------------------------------------------------------------- */

/* SCRIPT_FILENAME, SCRIPT_NAME, DOCUMENT_ROOT as nginx sets them for a front controller
 * reached through try_files: the script that started the server, named from the root. */
static void script_keys(HashTable *ht, const char *document_root)
{
    char script[MAXPATHLEN] = "", root[MAXPATHLEN] = "";
    const char *given = SG(request_info).path_translated;
    if (given && !VCWD_REALPATH(given, script)) {
        strlcpy(script, given, sizeof(script));
    }
    if (document_root && !VCWD_REALPATH(document_root, root)) {
        strlcpy(root, document_root, sizeof(root));
    }
    if (!root[0]) {
        strlcpy(root, script, sizeof(root));
        char *slash = strrchr(root, '/');
        if (slash) {
            *(slash == root ? slash + 1 : slash) = '\0';
        }
    }
    size_t rl = strlen(root);
    const char *name = strrchr(script, '/');
    if (rl && strncmp(script, root, rl) == 0 && (script[rl] == '/' || root[rl - 1] == '/')) {
        name = script + rl - (root[rl - 1] == '/');
    }
    set_cstr(ht, "DOCUMENT_ROOT", root);
    set_cstr(ht, "SCRIPT_FILENAME", script);
    set_cstr(ht, "SCRIPT_NAME", name ? name : "");
    set_cstr(ht, "DOCUMENT_URI", name ? name : "");
    set_cstr(ht, "PHP_SELF", name ? name : "");
}

/* The script's own $_SERVER when the server starts: the process environment (as php-fpm with
 * clear_env = no and FrankenPHP give it) plus what the bootstrap put there (a .env loader's
 * APP_ENV...), without the keys of the CLI invocation, which each request sets its own way. */
static void import_cli_server(zval *base)
{
    static const char *const cli_only[] = {"argv", "argc", "PHP_SELF", "SCRIPT_NAME", "SCRIPT_FILENAME",
                                           "PATH_TRANSLATED", "DOCUMENT_ROOT", "REQUEST_TIME", "REQUEST_TIME_FLOAT"};
    zval *cli = &g.saved_sym[SG_SERVER];
    ZVAL_DEREF(cli);
    if (Z_TYPE_P(cli) != IS_ARRAY) {
        php_import_environment_variables(base);
        return;
    }
    zend_hash_copy(Z_ARRVAL_P(base), Z_ARRVAL_P(cli), zval_add_ref);
    for (size_t i = 0; i < sizeof(cli_only) / sizeof(cli_only[0]); i++) {
        zend_hash_str_del(Z_ARRVAL_P(base), cli_only[i], strlen(cli_only[i]));
    }
}

static void build_server_base(const lyger_sg_options *o)
{
    zval base;
    array_init(&base);
    if (order_has(PG(variables_order), 'S')) {
        import_cli_server(&base);
        set_cstr(Z_ARRVAL(base), "GATEWAY_INTERFACE", "CGI/1.1");
        set_cstr(Z_ARRVAL(base), "SERVER_SOFTWARE", "Lyger/" PHP_LYGER_VERSION);
        set_cstr(Z_ARRVAL(base), "REDIRECT_STATUS", "200");
        set_cstr(Z_ARRVAL(base), "REMOTE_USER", ""); /* nginx's $remote_user: no auth of its own */
        script_keys(Z_ARRVAL(base), o->document_root);
        /* room for each request's keys and headers: zend_array_dup() keeps the size, so the
         * per-request copy is never rehashed while it is filled */
        zend_hash_extend(Z_ARRVAL(base), zend_hash_num_elements(Z_ARRVAL(base)) + 48, 0);
    }
    g.server_base = Z_ARRVAL(base);
}

void lyger_sg_server_start(const lyger_sg_options *o)
{
    memset(keys, 0, sizeof(keys)); /* interned strings live as long as the PHP request */
    for (int i = 0; i < SG_N; i++) {
        g.names[i] = zend_string_init_interned(sg_names[i], strlen(sg_names[i]), 1);
        /* A just-in-time global ($_SERVER, $_REQUEST) is created now, so that compiling a
         * file that names it during a request does not create it again over ours. */
        zend_is_auto_global(g.names[i]);
        zval *v = zend_hash_find_ind(&EG(symbol_table), g.names[i]);
        if (v) {
            ZVAL_COPY(&g.saved_sym[i], v);
        } else {
            ZVAL_UNDEF(&g.saved_sym[i]);
        }
    }
    for (int t = 0; t < NUM_TRACK_VARS; t++) {
        ZVAL_COPY(&g.saved_http[t], &PG(http_globals)[t]);
    }
    g.trust_proxy = o->trust_proxy;
    g.filter = zend_hash_str_find_ptr(&module_registry, "filter", sizeof("filter") - 1);
    build_server_base(o);
    lyger_sapi_install();
    g.on = 1;
}

void lyger_sg_server_stop(void)
{
    if (!g.on) {
        return;
    }
    lyger_sg_request_end();
    lyger_sapi_uninstall();
    for (int i = 0; i < SG_N; i++) {
        zval_ptr_dtor(&g.saved_sym[i]);
    }
    for (int t = 0; t < NUM_TRACK_VARS; t++) {
        zval_ptr_dtor(&g.saved_http[t]);
    }
    zend_array_destroy(g.server_base);
    g.server_base = NULL;
    g.on = 0;
}

void lyger_sg_server_abandon(void)
{
    lyger_sapi_abandon();
    g.on = 0;
}

/* ---- one request ------------------------------------------------------------------------------ */

/* The filter extension keeps raw copies of GET/POST/COOKIE for filter_input(): its request
 * shutdown drops the last request's, its input_filter_init starts empty ones. */
static void reset_filter_copies(void)
{
    zend_module_entry *m = g.filter;
    if (m && m->request_shutdown_func) {
        m->request_shutdown_func(m->type, m->module_number);
    }
    if (sapi_module.input_filter_init) {
        sapi_module.input_filter_init();
    }
}

static void header_key(char *key, const char *name, size_t len)
{
    memcpy(key, "HTTP_", 5);
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        key[5 + i] = c == '-' ? '_' : (char) toupper((unsigned char) c);
    }
    key[5 + len] = '\0';
}

/* HTTP_* for every header, named as nginx names them: names with '_' are ignored (nginx's
 * underscores_in_headers off: no spoofing X-Forwarded-For as X_Forwarded_For), Proxy is
 * dropped (httpoxy), repeated fields joined with ", " ("; " for Cookie). */
static void add_http_headers(HashTable *ht, const lyger_http_request *req)
{
    char key[5 + 256 + 1];
    for (size_t i = 0; i < req->nheaders; i++) {
        const lyger_http_header *h = &req->headers[i];
        const char *name = req->head + h->name_off;
        if (h->name_len > 256 || memchr(name, '_', h->name_len) ||
            (h->name_len == 5 && memcmp(name, "proxy", 5) == 0)) {
            continue;
        }
        header_key(key, name, h->name_len);
        const char *v = req->head + h->value_off;
        zval *prev = zend_hash_str_find(ht, key, 5 + h->name_len);
        if (prev && Z_TYPE_P(prev) == IS_STRING) {
            int cookie = h->name_len == 6 && memcmp(name, "cookie", 6) == 0;
            zend_string *joined = zend_string_concat3(Z_STRVAL_P(prev), Z_STRLEN_P(prev), cookie ? "; " : ", ", 2, v,
                                                      h->value_len);
            zval_ptr_dtor(prev);
            ZVAL_STR(prev, joined);
        } else {
            zval z; /* a key of its own: key_of() is for literals */
            ZVAL_STRINGL_FAST(&z, v, h->value_len);
            zend_hash_str_update(ht, key, 5 + h->name_len, &z);
        }
    }
}

/* SERVER_NAME: the Host header's name (lower-case, no port) or the address served on. */
static void add_server_name(HashTable *ht, const lyger_http_request *req)
{
    size_t len = 0;
    const char *host = lyger_http_request_header(req, "host", 4, &len);
    if (!host || len == 0) {
        set_cstr(ht, "SERVER_NAME", req->local_addr);
        return;
    }
    size_t end = 0;
    if (host[0] == '[') {
        while (end < len && host[end] != ']') {
            end++;
        }
        end += end < len;
    } else {
        while (end < len && host[end] != ':') {
            end++;
        }
    }
    zval z;
    ZVAL_STRINGL(&z, host, end);
    zend_str_tolower(Z_STRVAL(z), end);
    set_zval(ht, "SERVER_NAME", &z);
}

static int forwarded_https(const lyger_http_request *req)
{
    size_t len = 0;
    const char *v = lyger_http_request_header(req, "x-forwarded-proto", 17, &len);
    return v && len >= 5 && strncasecmp(v, "https", 5) == 0 && (len == 5 || v[5] == ',' || v[5] == ' ');
}

static void build_server(zval *out, const lyger_http_request *req, double now)
{
    ZVAL_ARR(out, zend_array_dup(g.server_base));
    if (!order_has(PG(variables_order), 'S')) {
        return;
    }
    HashTable *ht = Z_ARRVAL_P(out);
    add_http_headers(ht, req);
    size_t ct_len = 0;
    const char *ct = lyger_http_request_header(req, "content-type", 12, &ct_len);
    char proto[16], port[16];
    set_str(ht, "QUERY_STRING", req->head + req->query_off, req->query_len);
    set_cstr(ht, "REQUEST_METHOD", req->method);
    set_str(ht, "CONTENT_TYPE", ct ? ct : "", ct ? ct_len : 0);
    if (req->body_len || lyger_http_request_header(req, "content-length", 14, &ct_len)) {
        snprintf(port, sizeof(port), "%zu", req->body_len);
        set_cstr(ht, "CONTENT_LENGTH", port);
    } else {
        set_cstr(ht, "CONTENT_LENGTH", "");
    }
    set_str(ht, "REQUEST_URI", req->head + req->url_off, req->url_len);
    snprintf(proto, sizeof(proto), "HTTP/%d.%d", req->http_major, req->http_minor);
    set_cstr(ht, "SERVER_PROTOCOL", proto);
    int https = g.trust_proxy && forwarded_https(req);
    set_cstr(ht, "REQUEST_SCHEME", https ? "https" : "http");
    if (https) {
        set_cstr(ht, "HTTPS", "on");
    }
    set_cstr(ht, "REMOTE_ADDR", req->remote_addr);
    snprintf(port, sizeof(port), "%d", req->remote_port);
    set_cstr(ht, "REMOTE_PORT", port);
    set_cstr(ht, "SERVER_ADDR", req->local_addr);
    snprintf(port, sizeof(port), "%d", req->local_port);
    set_cstr(ht, "SERVER_PORT", port);
    add_server_name(ht, req);
    if (SG(request_info).auth_user) {
        set_cstr(ht, "PHP_AUTH_USER", SG(request_info).auth_user);
    }
    if (SG(request_info).auth_password) {
        set_cstr(ht, "PHP_AUTH_PW", SG(request_info).auth_password);
    }
    if (SG(request_info).auth_digest) {
        set_cstr(ht, "PHP_AUTH_DIGEST", SG(request_info).auth_digest);
    }
    zval t;
    ZVAL_DOUBLE(&t, now);
    set_zval(ht, "REQUEST_TIME_FLOAT", &t);
    set_long(ht, "REQUEST_TIME", (zend_long) now);
}

static int is_form_urlencoded(const char *ct)
{
    static const char form[] = "application/x-www-form-urlencoded";
    return ct && strncasecmp(ct, form, sizeof(form) - 1) == 0 &&
           (ct[sizeof(form) - 1] == '\0' || ct[sizeof(form) - 1] == ';' || ct[sizeof(form) - 1] == ' ');
}

/* What php-fpm says at request startup when a body is over post_max_size. */
static void post_too_large(const lyger_http_request *req)
{
    bool during = PG(during_request_startup);
    PG(during_request_startup) = 1;
    php_error_docref(NULL, E_WARNING, "POST Content-Length of %zu bytes exceeds the limit of " ZEND_LONG_FMT " bytes",
                     req->body_len, SG(post_max_size));
    PG(during_request_startup) = during;
}

/* $_POST and $_FILES as sapi_activate() fills them: POST requests only; urlencoded bodies
 * through php-fpm's own reader into PG(http_globals)[TRACK_VARS_POST] itself (the filter
 * extension registers the fields there), multipart ones through src/engine_upload.c. */
static void build_post_files(const lyger_http_request *req, zval *files)
{
    zval *post = &PG(http_globals)[TRACK_VARS_POST];
    zval_ptr_dtor(post);
    array_init(post);
    array_init(files);
    if (req->method_id != HTTP_POST || !req->body_len || !PG(enable_post_data_reading) ||
        !order_has(PG(variables_order), 'P')) {
        return;
    }
    zval p, f;
    if (lyger_engine_upload_parse(req, &p, &f, LYGER_UPLOAD_SAPI)) {
        zval_ptr_dtor(post);
        ZVAL_COPY_VALUE(post, &p);
        zval_ptr_dtor(files);
        ZVAL_COPY_VALUE(files, &f);
        lyger_sapi_drop_input();
        return;
    }
    zval_ptr_dtor(&p);
    zval_ptr_dtor(&f);
    if (!is_form_urlencoded(SG(request_info).content_type)) {
        return;
    }
    if (SG(post_max_size) > 0 && (zend_long) req->body_len > SG(post_max_size)) {
        post_too_large(req);
        return;
    }
    php_std_post_handler(NULL, post); /* binary-safe, over SG(request_info).request_body */
}

static void build_request_var(zval *out)
{
    array_init(out);
    const char *order = PG(request_order) ? PG(request_order) : PG(variables_order);
    int done[3] = {0, 0, 0};
    for (const char *p = order; p && *p; p++) {
        int which = (*p == 'g' || *p == 'G') ? 0 : (*p == 'p' || *p == 'P') ? 1 : (*p == 'c' || *p == 'C') ? 2 : -1;
        if (which < 0 || done[which]) {
            continue;
        }
        done[which] = 1;
        int track = which == 0 ? TRACK_VARS_GET : which == 1 ? TRACK_VARS_POST : TRACK_VARS_COOKIE;
        merge_into(Z_ARRVAL_P(out), Z_ARRVAL(PG(http_globals)[track]));
    }
}

/* $_GET or $_COOKIE: the SAPI's parser fills PG(http_globals) when variables_order names
 * the letter, else the array is empty; then the superglobal is that array. */
static void fill_parsed(char letter, int parse, int i)
{
    int track = sg_track[i];
    if (order_has(PG(variables_order), letter)) {
        sapi_module.treat_data(parse, NULL, NULL);
    } else {
        zval_ptr_dtor(&PG(http_globals)[track]);
        array_init(&PG(http_globals)[track]);
    }
    set_global(i, &PG(http_globals)[track]);
}

void lyger_sg_request_begin(const lyger_http_request *req, lyger_http_response *res)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    double now = (double) tv.tv_sec + (double) tv.tv_usec / 1000000.0;
    lyger_sapi_request_begin(req, res, now);
    reset_filter_copies();

    zval v;
    fill_parsed('G', PARSE_GET, SG_GET);       /* reads SG(request_info).query_string */
    fill_parsed('C', PARSE_COOKIE, SG_COOKIE); /* reads SG(request_info).cookie_data */
    build_post_files(req, &v);
    set_global(SG_POST, &PG(http_globals)[TRACK_VARS_POST]);
    set_global(SG_FILES, &v);
    zval_ptr_dtor(&v);
    build_server(&v, req, now);
    set_global(SG_SERVER, &v);
    zval_ptr_dtor(&v);
    build_request_var(&v);
    set_global(SG_REQUEST, &v);
    zval_ptr_dtor(&v);
    lyger_sapi_request_ready();
}

void lyger_sg_request_end(void)
{
    if (!g.on) {
        return;
    }
    lyger_sapi_request_end();
    for (int t = 0; t < NUM_TRACK_VARS; t++) {
        zval_ptr_dtor(&PG(http_globals)[t]);
        ZVAL_COPY(&PG(http_globals)[t], &g.saved_http[t]);
    }
    for (int i = 0; i < SG_N; i++) {
        if (Z_TYPE(g.saved_sym[i]) == IS_UNDEF) {
            zend_hash_del(&EG(symbol_table), g.names[i]);
        } else {
            Z_TRY_ADDREF(g.saved_sym[i]);
            zend_hash_update(&EG(symbol_table), g.names[i], &g.saved_sym[i]);
        }
    }
}
