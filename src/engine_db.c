/* Engine methods of the database concern: argument parsing, parameter conversion
 * and thin calls into src/db.c (connections, handles) and src/json_writer.c. */
#include "engine.h"

#include "zend_exceptions.h"
#include "zend_interfaces.h"
#include "zend_smart_str.h"

#include "db.h"
#include "db_pg_float.h"
#include "json_writer.h"

/* Lifecycle ------------------------------------------------------------------ */

/* Doubles in JSON (SQLite's REAL values) through the formatter json_encode itself uses,
 * with this request's serialize_precision (src/json_writer.h). */
static size_t php_double_format(double d, char *buf)
{
    zend_gcvt(d, (int) PG(serialize_precision), '.', 'e', buf);
    return strlen(buf);
}

/* Shortest round-trip digits of PostgreSQL's binary float8 values outside the range
 * src/db_pg_float.c computes itself, through zend_dtoa's mode 0. */
static int php_shortest_digits(double d, char digits[24], int *decpt)
{
    bool sign;
    char *end;
    char *s = zend_dtoa(d, 0, 0, decpt, &sign, &end);
    int n = (int) (end - s);
    if (n > 17) {
        n = 17;
    }
    memcpy(digits, s, (size_t) n);
    zend_freedtoa(s);
    return n;
}

/* lyger.db_pg_binary: "auto", "all" or "off" (anything else is refused, as PHP refuses
 * a bad value: ini_set() returns false and the setting keeps its value). */
ZEND_INI_MH(lyger_db_on_update_pg_binary)
{
    zend_long mode;
    if (zend_string_equals_literal_ci(new_value, "auto")) {
        mode = LYGER_PG_BINARY_AUTO;
    } else if (zend_string_equals_literal_ci(new_value, "all")) {
        mode = LYGER_PG_BINARY_ALL;
    } else if (zend_string_equals_literal_ci(new_value, "off") || zend_string_equals_literal(new_value, "0")) {
        mode = LYGER_PG_BINARY_OFF;
    } else {
        return FAILURE;
    }
    *(zend_long *) ZEND_INI_GET_ADDR() = mode;
    return SUCCESS;
}

void lyger_db_binding_minit(void)
{
    lyger_json_set_double_format(php_double_format);
    lyger_pgf_set_dtoa(php_shortest_digits);
}

void lyger_db_binding_gshutdown(zend_lyger_globals *g)
{
    lyger_db_free(g->db);
    g->db = NULL;
}

void lyger_db_binding_rinit(void) {}

void lyger_db_binding_rshutdown(void)
{
    if (LYGER_G(db)) {
        lyger_db_request_end(LYGER_G(db));
    }
}

void lyger_db_binding_info(zval *section)
{
    lyger_db_stats st;
    lyger_db_get_stats(LYGER_G(db), &st);
    add_assoc_bool(section, "available", 1);
    add_assoc_string(section, "driver", "libpq");
    add_assoc_long(section, "connections", (zend_long) st.connections);
    add_assoc_long(section, "open_results", (zend_long) st.open_results);
    add_assoc_long(section, "result_bytes", (zend_long) st.result_bytes);
    add_assoc_long(section, "max_results", LYGER_G(db_max_results));
    add_assoc_long(section, "queries", (zend_long) st.queries);
    add_assoc_long(section, "reconnects", (zend_long) st.reconnects);
    zval engines;
    array_init(&engines);
    lyger_db_engine_info ei;
    for (int i = 0; lyger_db_engine_info_at(LYGER_G(db), i, &ei); i++) {
        zval e;
        array_init(&e);
        add_assoc_string(&e, "library", (char *) ei.library);
        add_assoc_long(&e, "connections", (zend_long) ei.connections);
        add_assoc_long(&e, "queries", (zend_long) ei.queries);
        add_assoc_long(&e, "reconnects", (zend_long) ei.reconnects);
        add_assoc_long(&e, "statements_cached", (zend_long) ei.statements_cached);
        add_assoc_long(&e, "results_streamed", (zend_long) ei.results_streamed);
        add_assoc_zval(&engines, ei.name, &e);
    }
    add_assoc_zval(section, "engines", &engines);
}

/* Helpers -------------------------------------------------------------------- */

static lyger_db *db_state(void)
{
    if (!LYGER_G(db)) {
        LYGER_G(db) = lyger_db_new();
        if (!LYGER_G(db)) {
            zend_throw_exception(lyger_ce_engine_exception, "out of memory", 0);
        }
    }
    return LYGER_G(db);
}

static void throw_db_error(const char *method, lyger_db_error *err)
{
    lyger_throw_database_exception(err->sqlstate, "%s(): %s", method,
                                   err->message ? err->message : "out of memory");
    lyger_db_error_clear(err);
}

/* Query parameters: each value's kind (engines that bind typed values use it) and
 * its text (PostgreSQL's text format): null -> NULL, bool -> 't'/'f', int ->
 * decimal, float -> shortest round-trip text (serialize_precision, as json_encode)
 * or NaN/Infinity/-Infinity, string/Stringable -> as is. */
typedef struct {
    uint32_t n;
    zend_string **strs;
    lyger_db_param *values;
} db_params;

static void params_free(db_params *p)
{
    for (uint32_t i = 0; i < p->n; i++) {
        if (p->strs[i]) {
            zend_string_release(p->strs[i]);
        }
    }
    efree(p->strs);
    efree(p->values);
    p->n = 0;
}

static zend_string *param_text(zval *v, uint32_t pos, lyger_db_param *out)
{
    switch (Z_TYPE_P(v)) {
        case IS_NULL:
            out->kind = LYGER_DB_NULL;
            return NULL;
        case IS_FALSE:
            out->kind = LYGER_DB_BOOL;
            out->i = 0;
            return ZSTR_CHAR('f');
        case IS_TRUE:
            out->kind = LYGER_DB_BOOL;
            out->i = 1;
            return ZSTR_CHAR('t');
        case IS_LONG:
            out->kind = LYGER_DB_INT;
            out->i = (int64_t) Z_LVAL_P(v);
            return zend_long_to_str(Z_LVAL_P(v));
        case IS_DOUBLE: {
            double d = Z_DVAL_P(v);
            out->kind = LYGER_DB_FLOAT;
            out->d = d;
            if (zend_isnan(d)) {
                return zend_string_init("NaN", 3, 0);
            }
            if (zend_isinf(d)) {
                return d > 0 ? zend_string_init("Infinity", 8, 0) : zend_string_init("-Infinity", 9, 0);
            }
            smart_str s = {0};
            smart_str_append_double(&s, d, (int) PG(serialize_precision), false);
            return smart_str_extract(&s);
        }
        case IS_STRING:
            out->kind = LYGER_DB_TEXT;
            return zend_string_copy(Z_STR_P(v));
        case IS_OBJECT:
            if (Z_OBJCE_P(v)->__tostring) {
                out->kind = LYGER_DB_TEXT;
                return zval_try_get_string_func(v); /* NULL with an exception on failure */
            }
            ZEND_FALLTHROUGH;
        default:
            zend_argument_type_error(3, "must contain only null, bool, int, float, string or Stringable values, %s given for $%u",
                                     Z_TYPE_P(v) == IS_OBJECT ? ZSTR_VAL(Z_OBJCE_P(v)->name) : zend_zval_type_name(v), pos);
            return NULL;
    }
}

static int params_build(HashTable *ht, db_params *p)
{
    uint32_t count = zend_hash_num_elements(ht);
    p->n = 0;
    p->strs = ecalloc(count ? count : 1, sizeof(zend_string *));
    p->values = ecalloc(count ? count : 1, sizeof(lyger_db_param));
    zval *v;
    ZEND_HASH_FOREACH_VAL(ht, v) {
        ZVAL_DEREF(v);
        uint32_t i = p->n++;
        zend_string *s = param_text(v, i + 1, &p->values[i]);
        if (EG(exception)) {
            return 0;
        }
        if (s && memchr(ZSTR_VAL(s), '\0', ZSTR_LEN(s))) {
            zend_string_release(s);
            zend_argument_value_error(3, "must not contain strings with null bytes, found in $%u", i + 1);
            return 0;
        }
        p->strs[i] = s;
        p->values[i].text = s ? ZSTR_VAL(s) : NULL;
        p->values[i].len = s ? ZSTR_LEN(s) : 0;
    } ZEND_HASH_FOREACH_END();
    return 1;
}

/* The DSN with a relative SQLite file name made absolute against PHP's working
 * directory (as ext/sqlite3 and PDO do): a ZTS build keeps one per thread, which the
 * process's own (what SQLite would use) is not, and "sqlite:app.db" after a chdir()
 * names another file, so another connection. Every other DSN comes back as it is (a
 * new reference). NULL with an exception thrown when the path cannot be resolved. */
static zend_string *sqlite_absolute(zend_string *dsn)
{
    long at = lyger_db_sqlite_relative_path(ZSTR_VAL(dsn), ZSTR_LEN(dsn));
    if (at < 0) {
        return zend_string_copy(dsn);
    }
    char *path = expand_filepath(ZSTR_VAL(dsn) + at, NULL);
    if (!path) {
        zend_throw_exception_ex(lyger_ce_database_exception, 0,
                                "could not resolve the SQLite file name against the working directory");
        return NULL;
    }
    zend_string *abs = zend_string_concat2(ZSTR_VAL(dsn), (size_t) at, path, strlen(path));
    efree(path);
    return abs;
}

/* dbQueryJson's out buffer (lyger_db_options.json_out), for an engine that writes the
 * JSON as the rows arrive: the zend_string returned to PHP, allocated on the first write
 * and grown by half, never past memory_limit. A growth that would pass it fails instead
 * (over_limit), and the engine drains the rest of the result and reports it: PHP's fatal
 * error there would leave the connection in the middle of a result. */
typedef struct {
    lyger_jbuf b;   /* first: out_grow finds the rest from it; ctx is the zend_string */
    int over_limit; /* the last growth asked for was refused (a refused reservation that
                       later writes did without is no failure) */
} json_out;

/* Whether `bytes` more of PHP's memory stay within memory_limit. */
static int within_memory_limit(size_t bytes)
{
    zend_long limit = PG(memory_limit);
    size_t used = zend_memory_usage(1);
    return limit <= 0 || (used <= (size_t) limit && bytes <= (size_t) limit - used);
}

/* A JSON that memory_limit has no room for: an exception (SQLSTATE 53200, out of memory),
 * the same whether the rows were kept or streamed, rather than PHP's fatal error. */
static void throw_over_limit(const char *method)
{
    lyger_throw_database_exception("53200", "%s(): the result's JSON does not fit in memory_limit (" ZEND_LONG_FMT
                                   " bytes)", method, PG(memory_limit));
}

static int out_grow(lyger_jbuf *b, size_t need)
{
    json_out *o = (json_out *) b;
    size_t used = lyger_jbuf_len(b), cap = (size_t) (b->end - b->start);
    if (need > ZSTR_MAX_LEN - used) {
        return 0;
    }
    size_t want = used + need, next = cap + cap / 2;
    if (next < want || next > ZSTR_MAX_LEN) {
        next = want;
    }
    if (next < 256) { /* a stream starts with one byte */
        next = 256;
    }
    /* the whole new size: a string that cannot grow in place is copied */
    o->over_limit = !within_memory_limit(next + 4096);
    if (o->over_limit) {
        return 0;
    }
    zend_string *s = b->ctx ? zend_string_realloc(b->ctx, next, 0) : zend_string_alloc(next, 0);
    b->ctx = s;
    b->start = ZSTR_VAL(s);
    b->pos = b->start + used;
    b->end = b->start + next;
    lyger_jbuf_want_huge_pages(b->start, next);
    return 1;
}

/* The JSON an engine wrote into `o`, as the string to return. */
static zend_string *out_take(json_out *o)
{
    zend_string *s = o->b.ctx;
    size_t len = lyger_jbuf_len(&o->b);
    if ((size_t) (o->b.end - o->b.start) - len > 4096) {
        s = zend_string_truncate(s, len, 0);
    }
    ZSTR_LEN(s) = len;
    ZSTR_VAL(s)[len] = '\0';
    return s;
}

static void out_free(json_out *o)
{
    if (o->b.ctx) {
        zend_string_efree(o->b.ctx);
    }
}

/* Whether the engine failed for want of memory (it could not write the JSON), not for a
 * server's error: a refused growth is the reason only then. (A refused reservation is a
 * hint refused: the run may fail after it for any reason of its own.) */
static int is_out_of_memory(const lyger_db_error *err)
{
    return err->sqlstate[0] == '\0' || strcmp(err->sqlstate, "53200") == 0;
}

/* Runs the query; NULL with an exception thrown on any failure. */
static lyger_db_result *run(const char *method, zend_string *dsn, zend_string *query, HashTable *params, json_out *out)
{
    if (memchr(ZSTR_VAL(dsn), '\0', ZSTR_LEN(dsn))) {
        zend_argument_value_error(1, "must not contain any null bytes");
        return NULL;
    }
    if (memchr(ZSTR_VAL(query), '\0', ZSTR_LEN(query))) {
        zend_argument_value_error(2, "must not contain any null bytes");
        return NULL;
    }
    lyger_db_error err = {0};
    if (!lyger_db_dsn_check(ZSTR_VAL(dsn), ZSTR_LEN(dsn), &err)) {
        throw_db_error(method, &err);
        return NULL;
    }
    zend_string *resolved = sqlite_absolute(dsn);
    if (!resolved) {
        return NULL;
    }
    dsn = resolved;
    db_params p = {0};
    if (params && !params_build(params, &p)) {
        params_free(&p);
        zend_string_release(resolved);
        return NULL;
    }
    lyger_db *db = db_state();
    lyger_db_result *res = NULL;
    if (db) {
        lyger_db_options opts = {(long) LYGER_G(db_connect_timeout), (long) LYGER_G(db_busy_timeout),
                                 (int) LYGER_G(db_pg_statement_cache), (int) LYGER_G(db_mysql_statement_cache),
                                 (int) LYGER_G(db_pg_binary), out ? &out->b : NULL};
        res = lyger_db_exec(db, ZSTR_VAL(dsn), ZSTR_LEN(dsn), &opts,
                            ZSTR_VAL(query), ZSTR_LEN(query), (int) p.n, p.values, &err);
        if (!res && out && out->over_limit && is_out_of_memory(&err)) {
            lyger_db_error_clear(&err);
            throw_over_limit(method);
        } else if (!res) {
            throw_db_error(method, &err);
        }
    }
    if (params) {
        params_free(&p);
    }
    zend_string_release(resolved);
    return res;
}

/* A kept result's JSON, written into a string sized once from its estimate (grown by
 * half when escapes overflow it, within memory_limit), so nothing is copied at the end. */
static zend_string *result_json(const char *method, const lyger_db_result *res)
{
    size_t est = lyger_db_result_estimate(res);
    if (est <= 2) {
        return ZSTR_INIT_LITERAL("[]", 0);
    }
    json_out out = {{NULL, NULL, NULL, out_grow, NULL}, 0};
    if (!lyger_jbuf_reserve(&out.b, est) || !lyger_db_result_json(&out.b, res)) {
        out_free(&out);
        if (out.over_limit) {
            throw_over_limit(method);
        } else {
            zend_throw_exception(lyger_ce_engine_exception, "result too large for a PHP string", 0);
        }
        return NULL;
    }
    return out_take(&out);
}

/* Methods -------------------------------------------------------------------- */

PHP_METHOD(Lyger_Core_Engine, dbQuery)
{
    zend_string *dsn, *query;
    HashTable *params = NULL;

    ZEND_PARSE_PARAMETERS_START(2, 3)
        Z_PARAM_STR(dsn)
        Z_PARAM_STR(query)
        Z_PARAM_OPTIONAL
        Z_PARAM_ARRAY_HT(params)
    ZEND_PARSE_PARAMETERS_END();

    lyger_db_result *res = run("dbQuery", dsn, query, params, NULL);
    if (!res) {
        RETURN_THROWS();
    }
    int64_t handle = lyger_db_result_put(LYGER_G(db), res, (long) LYGER_G(db_max_results));
    if (!handle) {
        lyger_db_result_release(res);
        lyger_throw_database_exception("", "dbQuery(): too many open results (lyger.db_max_results = " ZEND_LONG_FMT
                                       "); free results with freeResult() or use dbQueryJson()",
                                       LYGER_G(db_max_results));
        RETURN_THROWS();
    }
    RETURN_LONG((zend_long) handle);
}

PHP_METHOD(Lyger_Core_Engine, jsonifyResult)
{
    zend_long ptr;

    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_LONG(ptr)
    ZEND_PARSE_PARAMETERS_END();

    if (ptr < 0) {
        zend_argument_value_error(1, "must be greater than or equal to 0");
        RETURN_THROWS();
    }
    if (ptr == 0) {
        RETURN_STRINGL("[]", 2);
    }
    lyger_db_result *res = LYGER_G(db) ? lyger_db_result_get(LYGER_G(db), (int64_t) ptr) : NULL;
    if (!res) {
        lyger_throw_database_exception("", "jsonifyResult(): result handle " ZEND_LONG_FMT
                                       " is not live (never issued, already freed, or from an earlier request)", ptr);
        RETURN_THROWS();
    }
    zend_string *json = result_json("jsonifyResult", res);
    if (!json) {
        RETURN_THROWS();
    }
    RETURN_STR(json);
}

PHP_METHOD(Lyger_Core_Engine, freeResult)
{
    zend_long ptr;

    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_LONG(ptr)
    ZEND_PARSE_PARAMETERS_END();

    if (ptr < 0) {
        zend_argument_value_error(1, "must be greater than or equal to 0");
        RETURN_THROWS();
    }
    if (ptr > 0 && LYGER_G(db)) {
        lyger_db_result_free(LYGER_G(db), (int64_t) ptr);
    }
}

PHP_METHOD(Lyger_Core_Engine, dbQueryJson)
{
    zend_string *dsn, *query;
    HashTable *params = NULL;

    ZEND_PARSE_PARAMETERS_START(2, 3)
        Z_PARAM_STR(dsn)
        Z_PARAM_STR(query)
        Z_PARAM_OPTIONAL
        Z_PARAM_ARRAY_HT(params)
    ZEND_PARSE_PARAMETERS_END();

    json_out out = {{NULL, NULL, NULL, out_grow, NULL}, 0};
    lyger_db_result *res = run("dbQueryJson", dsn, query, params, &out);
    if (!res) {
        out_free(&out);
        RETURN_THROWS();
    }
    zend_string *json;
    if (lyger_jbuf_len(&out.b) > 0) { /* the engine wrote it as the rows came */
        json = out_take(&out);
    } else {
        out_free(&out);
        json = result_json("dbQueryJson", res);
    }
    lyger_db_result_release(res);
    if (!json) {
        RETURN_THROWS();
    }
    RETURN_STR(json);
}

PHP_METHOD(Lyger_Core_Engine, dbExecute)
{
    zend_string *dsn, *query;
    HashTable *params = NULL;

    ZEND_PARSE_PARAMETERS_START(2, 3)
        Z_PARAM_STR(dsn)
        Z_PARAM_STR(query)
        Z_PARAM_OPTIONAL
        Z_PARAM_ARRAY_HT(params)
    ZEND_PARSE_PARAMETERS_END();

    lyger_db_result *res = run("dbExecute", dsn, query, params, NULL);
    if (!res) {
        RETURN_THROWS();
    }
    zend_long affected = (zend_long) lyger_db_result_affected(res);
    lyger_db_result_release(res);
    RETURN_LONG(affected);
}
