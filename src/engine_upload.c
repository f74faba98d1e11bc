/* Uploads (see engine_upload.h): PHP's multipart/form-data handler run on a body the server
 * has already read.
 *
 * The handler (rfc1867_post_handler, found as PHP finds it: SG(known_post_content_types))
 * reads the body through sapi_module.read_post, counts it in SG(read_post_bytes), checks
 * SG(request_info).content_length against post_max_size, registers the fields into the
 * array it is given (the filter extension registers them into PG(http_globals)[POST],
 * which is why that slot is the array we give), the files into PG(http_globals)[FILES],
 * and the temp files' names into SG(rfc1867_uploaded_files). Each of those is set up for
 * the call and put back after it.
 *
 * sapi_module is one for the whole process: read_post and input_filter are replaced by
 * hooks while at least one thread parses (a counted install under a lock), and the hooks
 * act only for a thread that is parsing (a thread-local pointer); any other thread gets the
 * SAPI's own functions. */
#include "engine_upload.h"

#include <pthread.h>

#include "SAPI.h"
#include "rfc1867.h"
#include "php_variables.h"
#ifdef HAVE_PHP_SESSION
#include "ext/session/php_session.h"
#endif

#define MULTIPART_TYPE "multipart/form-data"

/* The body one thread is parsing. */
typedef struct body_src {
    const char *p;
    size_t left;
    int flags;
} body_src;

/* What a parse changes, kept to be put back. */
typedef struct saved_globals {
    zend_long content_length;
    int64_t read_post_bytes;
    zval post, files;                 /* PG(http_globals)[TRACK_VARS_POST / FILES] */
    zval user_error_handler;
    int progress_enabled;             /* session.upload_progress.enabled, -1: no session */
    bool during_startup;              /* PG(during_request_startup) */
} saved_globals;

/* One request's parse, per thread. */
typedef struct upload_state {
    int parsed;
    zval post, files;                 /* the result, for a second caller */
    HashTable *prev_uploaded;         /* SG(rfc1867_uploaded_files) before the parse */
} upload_state;

ZEND_TLS body_src *cur_src;
ZEND_TLS upload_state st;

static pthread_mutex_t hook_lock = PTHREAD_MUTEX_INITIALIZER;
static int hook_users;
static size_t (*orig_read_post)(char *buf, size_t len);
static unsigned int (*orig_input_filter)(int arg, const char *var, char **val, size_t val_len, size_t *new_len);

/* ---- SAPI hooks ---------------------------------------------------------------------------- */

static size_t hook_read_post(char *buf, size_t len)
{
    body_src *s = cur_src;
    if (!s) {
        return orig_read_post ? orig_read_post(buf, len) : 0;
    }
    size_t n = len < s->left ? len : s->left;
    memcpy(buf, s->p, n);
    s->p += n;
    s->left -= n;
    return n;
}

/* The argument mode's fields. The filter extension registers a POST field itself (into
 * PG(http_globals)[POST], the array we parse into, so a field named as a file before it
 * stays) and keeps a raw copy for filter_input(INPUT_POST), which would pile up over the
 * server's requests: here it filters as for parse_str() and we register the field as it
 * would. PHP's default filter keeps no copy: it is called as under php-fpm. */
static unsigned int hook_input_filter(int arg, const char *var, char **val, size_t val_len, size_t *new_len)
{
    body_src *s = cur_src;
    if (!s || arg != PARSE_POST || (s->flags & LYGER_UPLOAD_SAPI) || orig_input_filter == php_default_input_filter) {
        return orig_input_filter(arg, var, val, val_len, new_len);
    }
    size_t len = val_len;
    if (!orig_input_filter(PARSE_STRING, var, val, val_len, &len)) {
        return 0;
    }
    zval z;
    ZVAL_STRINGL(&z, *val, len);
    php_register_variable_ex(var, &z, &PG(http_globals)[TRACK_VARS_POST]);
    return 0;
}

static void hooks_install(void)
{
    pthread_mutex_lock(&hook_lock);
    if (hook_users++ == 0) {
        orig_read_post = sapi_module.read_post;
        orig_input_filter = sapi_module.input_filter;
        sapi_module.read_post = hook_read_post;
        sapi_module.input_filter = hook_input_filter;
    }
    pthread_mutex_unlock(&hook_lock);
}

static void hooks_uninstall(void)
{
    pthread_mutex_lock(&hook_lock);
    if (--hook_users == 0) {
        sapi_module.read_post = orig_read_post;
        sapi_module.input_filter = orig_input_filter;
    }
    pthread_mutex_unlock(&hook_lock);
}

/* ---- helpers ------------------------------------------------------------------------------- */

/* The media type as SAPI's sapi_read_post_data() reads it: up to ';', ',' or ' ', any case. */
static int is_multipart(const char *ct, size_t len)
{
    size_t end = 0;
    while (end < len && ct[end] != ';' && ct[end] != ',' && ct[end] != ' ') {
        end++;
    }
    return end == sizeof(MULTIPART_TYPE) - 1 && strncasecmp(ct, MULTIPART_TYPE, end) == 0;
}

static sapi_post_entry *multipart_entry(void)
{
    return zend_hash_str_find_ptr(&SG(known_post_content_types), MULTIPART_TYPE, sizeof(MULTIPART_TYPE) - 1);
}

static int session_progress(int set)
{
#ifdef HAVE_PHP_SESSION
    if (!zend_hash_str_exists(&module_registry, "session", sizeof("session") - 1)) {
        return -1;
    }
    int was = PS(rfc1867_enabled);
    if (set >= 0) {
        PS(rfc1867_enabled) = set;
    }
    return was;
#else
    (void) set;
    return -1;
#endif
}

static void globals_save(saved_globals *g, const lyger_http_request *req, int flags)
{
    g->content_length = SG(request_info).content_length;
    g->read_post_bytes = SG(read_post_bytes);
    ZVAL_COPY_VALUE(&g->post, &PG(http_globals)[TRACK_VARS_POST]);
    ZVAL_COPY_VALUE(&g->files, &PG(http_globals)[TRACK_VARS_FILES]);
    ZVAL_COPY_VALUE(&g->user_error_handler, &EG(user_error_handler));
    g->progress_enabled = session_progress((flags & LYGER_UPLOAD_SAPI) ? -1 : 0);
    g->during_startup = PG(during_request_startup);

    SG(request_info).content_length = (zend_long) req->body_len;
    SG(read_post_bytes) = 0;
    array_init(&PG(http_globals)[TRACK_VARS_POST]);
    array_init(&PG(http_globals)[TRACK_VARS_FILES]);
    ZVAL_UNDEF(&EG(user_error_handler));
    /* php-fpm parses before the script: its messages say "PHP Request Startup" and are
     * displayed per display_startup_errors, not in the name of startServer(). */
    PG(during_request_startup) = 1;
}

/* Takes the parse's arrays out and puts every global back. */
static void globals_restore(saved_globals *g, zval *post, zval *files)
{
    ZVAL_COPY_VALUE(post, &PG(http_globals)[TRACK_VARS_POST]);
    ZVAL_COPY_VALUE(files, &PG(http_globals)[TRACK_VARS_FILES]);
    if (Z_TYPE_P(post) != IS_ARRAY) {
        zval_ptr_dtor(post);
        array_init(post);
    }
    if (Z_TYPE_P(files) != IS_ARRAY) {
        zval_ptr_dtor(files);
        array_init(files);
    }
    ZVAL_COPY_VALUE(&PG(http_globals)[TRACK_VARS_POST], &g->post);
    ZVAL_COPY_VALUE(&PG(http_globals)[TRACK_VARS_FILES], &g->files);
    if (Z_TYPE(EG(user_error_handler)) != IS_UNDEF) {
        zval_ptr_dtor(&EG(user_error_handler)); /* cannot be set while parsing; kept safe */
    }
    ZVAL_COPY_VALUE(&EG(user_error_handler), &g->user_error_handler);
    SG(request_info).content_length = g->content_length;
    SG(read_post_bytes) = g->read_post_bytes;
    PG(during_request_startup) = g->during_startup;
    if (g->progress_enabled >= 0) {
        session_progress(g->progress_enabled);
    }
}

/* 1 when a fatal error (memory limit...) bailed out of the handler. */
static int call_handler(sapi_post_entry *entry, char *ct_dup)
{
    int bailed = 0;
    zend_try {
        entry->post_handler(ct_dup, &PG(http_globals)[TRACK_VARS_POST]);
    } zend_catch {
        bailed = 1;
    } zend_end_try();
    return bailed;
}

/* The handler on req's body; a bailout inside it puts everything back first. */
static void run_handler(sapi_post_entry *entry, const lyger_http_request *req, const char *ct, size_t ct_len,
                        int flags, zval *post, zval *files)
{
    body_src src = {req->body ? req->body : "", req->body_len, flags};
    saved_globals g;
    char *ct_dup = estrndup(ct, ct_len); /* the handler cuts the boundary out of it */
    globals_save(&g, req, flags);
    hooks_install();
    cur_src = &src;
    int bailed = call_handler(entry, ct_dup);
    cur_src = NULL;
    hooks_uninstall();
    efree(ct_dup);
    globals_restore(&g, post, files);
    if (bailed) {
        zval_ptr_dtor(post);
        zval_ptr_dtor(files);
        zend_bailout();
    }
}

/* ---- the unit's functions ------------------------------------------------------------------ */

int lyger_engine_upload_parse(const lyger_http_request *req, zval *post, zval *files, int flags)
{
    if (st.parsed) {
        ZVAL_COPY(post, &st.post);
        ZVAL_COPY(files, &st.files);
        return 1;
    }
    size_t ct_len = 0;
    const char *ct = lyger_http_request_header(req, "content-type", 12, &ct_len);
    sapi_post_entry *entry = ct && is_multipart(ct, ct_len) ? multipart_entry() : NULL;
    if (!entry || !entry->post_handler) {
        ZVAL_EMPTY_ARRAY(post);
        ZVAL_EMPTY_ARRAY(files);
        return 0;
    }
    st.prev_uploaded = SG(rfc1867_uploaded_files);
    SG(rfc1867_uploaded_files) = NULL;
    st.parsed = 1; /* before the handler: a bailout in it still leaves the files to PHP's shutdown */
    ZVAL_UNDEF(&st.post);
    ZVAL_UNDEF(&st.files);
    run_handler(entry, req, ct, ct_len, flags, post, files);
    ZVAL_COPY(&st.post, post);
    ZVAL_COPY(&st.files, files);
    return 1;
}

void lyger_engine_upload_end(void)
{
    if (!st.parsed) {
        return;
    }
    if (SG(rfc1867_uploaded_files)) {
        destroy_uploaded_files_hash(); /* unlinks what move_uploaded_file() did not take */
    }
    SG(rfc1867_uploaded_files) = st.prev_uploaded;
    st.prev_uploaded = NULL;
    zval_ptr_dtor(&st.post);
    zval_ptr_dtor(&st.files);
    ZVAL_UNDEF(&st.post);
    ZVAL_UNDEF(&st.files);
    st.parsed = 0;
}
