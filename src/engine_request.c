/* The request in PHP terms: what the router's $data and $request arguments hold for one
 * HTTP request (the query and a form, multipart or JSON body parsed by PHP's own parsers;
 * the request line, headers, body, uploaded files and peer). Called by dispatch() in
 * src/engine_server.c. */
#include "engine_request.h"
#include "engine_upload.h"

#include "SAPI.h"
#include "ext/json/php_json.h"
#include "php_variables.h"

static void parse_urlencoded(zval *into, const char *s, size_t len)
{
    if (len == 0) {
        return;
    }
    /* PHP's own parser (what parse_str() uses): a[]=1&b[k]=2 nest, max_input_vars applies. */
    sapi_module.treat_data(PARSE_STRING, estrndup(s, len), into);
}

static int starts_with_ci(const char *s, size_t len, const char *prefix)
{
    size_t pl = strlen(prefix);
    return len >= pl && strncasecmp(s, prefix, pl) == 0;
}

static int is_json_type(const char *ct, size_t len)
{
    size_t end = 0;
    while (end < len && ct[end] != ';') {
        end++;
    }
    while (end > 0 && (ct[end - 1] == ' ' || ct[end - 1] == '\t')) {
        end--;
    }
    return (end == 16 && strncasecmp(ct, "application/json", 16) == 0) ||
           (end > 5 && strncasecmp(ct + end - 5, "+json", 5) == 0);
}

void lyger_engine_request_build_data(zval *data, const lyger_http_request *req)
{
    array_init(data);
    parse_urlencoded(data, req->head + req->query_off, req->query_len);
    if (req->body_len == 0) {
        return;
    }
    size_t ct_len = 0;
    const char *ct = lyger_http_request_header(req, "content-type", 12, &ct_len);
    if (!ct) {
        return;
    }
    zval body, files;
    ZVAL_UNDEF(&body);
    if (lyger_engine_upload_parse(req, &body, &files, 0)) {
        zval_ptr_dtor(&files); /* $request['files'] (the parse is kept for the request) */
    } else if (starts_with_ci(ct, ct_len, "application/x-www-form-urlencoded")) {
        array_init(&body);
        parse_urlencoded(&body, req->body, req->body_len);
    } else if (is_json_type(ct, ct_len)) {
        size_t i = 0;
        while (i < req->body_len && strchr(" \t\r\n", req->body[i])) {
            i++;
        }
        if (i < req->body_len && req->body[i] == '{') {
            php_json_decode_ex(&body, req->body, req->body_len, PHP_JSON_OBJECT_AS_ARRAY, PHP_JSON_PARSER_DEFAULT_DEPTH);
        }
    }
    if (Z_TYPE(body) == IS_ARRAY) {
        zend_hash_merge(Z_ARRVAL_P(data), Z_ARRVAL(body), zval_add_ref, 1);
    }
    zval_ptr_dtor(&body);
}

void lyger_engine_request_build_request(zval *r, const lyger_http_request *req)
{
    array_init_size(r, 12);
    zval headers;
    array_init_size(&headers, (uint32_t) req->nheaders);
    for (size_t i = 0; i < req->nheaders; i++) {
        const lyger_http_header *h = &req->headers[i];
        const char *name = req->head + h->name_off;
        zval *prev = zend_hash_str_find(Z_ARRVAL(headers), name, h->name_len);
        if (prev) {
            /* Repeated fields fold into one value, as RFC 9110 allows (cookies with "; "). */
            int cookie = h->name_len == 6 && memcmp(name, "cookie", 6) == 0;
            zend_string *joined = zend_string_concat3(Z_STRVAL_P(prev), Z_STRLEN_P(prev), cookie ? "; " : ", ", 2,
                                                      req->head + h->value_off, h->value_len);
            zval_ptr_dtor(prev);
            ZVAL_STR(prev, joined);
        } else {
            zval v;
            ZVAL_STRINGL(&v, req->head + h->value_off, h->value_len);
            zend_hash_str_update(Z_ARRVAL(headers), name, h->name_len, &v);
        }
    }
    char proto[16];
    snprintf(proto, sizeof(proto), "HTTP/%d.%d", req->http_major, req->http_minor);
    add_assoc_string(r, "method", (char *) req->method);
    add_assoc_stringl(r, "uri", req->head + req->url_off, req->url_len);
    add_assoc_stringl(r, "path", req->path, req->path_len);
    add_assoc_stringl(r, "query", req->head + req->query_off, req->query_len);
    add_assoc_string(r, "protocol", proto);
    add_assoc_zval(r, "headers", &headers);
    add_assoc_stringl(r, "body", req->body ? req->body : "", req->body_len);
    add_assoc_string(r, "remote_addr", (char *) req->remote_addr);
    add_assoc_long(r, "remote_port", req->remote_port);
    zval post, files;
    lyger_engine_upload_parse(req, &post, &files, 0); /* the one build_data made, or none */
    zval_ptr_dtor(&post);
    add_assoc_zval(r, "files", &files);
}
