/* Responses: the API handlers build a response with (headers refused when they could split
 * the response; the framing headers stay the server's), the status reasons, and the head the
 * server writes before a body (status line, Server, Date, Content-Length, Connection). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "http_server_impl.h"

#include <strings.h>
#include <time.h>

static time_t date_second;
static char date_str[LYGER_HTTP_DATE_LEN + 1];

static const char *cached_date(void)
{
    time_t now = time(NULL);
    if (now != date_second) {
        date_second = now;
        lyger_http_format_date(now, date_str);
    }
    return date_str;
}

const char *lyger_http_status_reason(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

void lyger_http_response_init(lyger_http_response *res)
{
    memset(res, 0, sizeof(*res));
    res->status = 200;
}

void lyger_http_response_free(lyger_http_response *res)
{
    free(res->headers);
    free(res->body);
    memset(res, 0, sizeof(*res));
}

static int name_eq(const char *a, size_t alen, const char *b)
{
    return alen == strlen(b) && strncasecmp(a, b, alen) == 0;
}

static int valid_token(const char *s, size_t len)
{
    if (len == 0) {
        return 0;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char) s[i];
        if (ch <= 32 || ch >= 127 || ch == ':') {
            return 0;
        }
    }
    return 1;
}

int lyger_http_response_add_header(lyger_http_response *res, const char *name, size_t name_len,
                                   const char *value, size_t value_len)
{
    if (!valid_token(name, name_len) || memchr(value, '\r', value_len) || memchr(value, '\n', value_len) ||
        memchr(value, '\0', value_len)) {
        return -1;
    }
    if (name_eq(name, name_len, "content-length") || name_eq(name, name_len, "transfer-encoding") ||
        name_eq(name, name_len, "date")) {
        return 0;
    }
    if (name_eq(name, name_len, "connection")) {
        if (value_len == 5 && strncasecmp(value, "close", 5) == 0) {
            res->close = 1;
        }
        return 0;
    }
    if (name_eq(name, name_len, "content-type")) {
        res->has_content_type = 1;
    }
    if (lyger_http_grow(&res->headers, &res->headers_cap, res->headers_len + name_len + value_len + 4)) {
        return -1;
    }
    char *p = res->headers + res->headers_len;
    memcpy(p, name, name_len);
    p += name_len;
    *p++ = ':';
    *p++ = ' ';
    memcpy(p, value, value_len);
    p += value_len;
    *p++ = '\r';
    *p++ = '\n';
    res->headers_len = (size_t) (p - res->headers);
    return 0;
}

int lyger_http_response_append_body(lyger_http_response *res, const char *data, size_t len)
{
    if (len == 0) {
        return 0;
    }
    if (lyger_http_grow(&res->body, &res->body_cap, res->body_len + len)) {
        return -1;
    }
    memcpy(res->body + res->body_len, data, len);
    res->body_len += len;
    return 0;
}

void lyger_http_build_head(buf *b, int status, int minor, int keep_alive, const char *extra,
                           size_t extra_len, const char *content_type, int with_length, size_t length)
{
    buf_printf(b, "HTTP/1.%d %d %s\r\nServer: Lyger\r\nDate: %s\r\n", minor, status,
               lyger_http_status_reason(status), cached_date());
    if (content_type) {
        buf_adds(b, "Content-Type: ");
        buf_adds(b, content_type);
        buf_adds(b, "\r\n");
    }
    if (extra_len) {
        buf_add(b, extra, extra_len);
    }
    if (with_length) {
        buf_printf(b, "Content-Length: %zu\r\n", length);
    }
    if (!keep_alive) {
        buf_adds(b, "Connection: close\r\n\r\n");
    } else if (minor == 0) {
        buf_adds(b, "Connection: keep-alive\r\n\r\n");
    } else {
        buf_adds(b, "\r\n");
    }
}
