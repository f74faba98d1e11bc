/* The SAPI side of a request in superglobals mode: header(), http_response_code(),
 * setcookie() and output that reaches the SAPI become the HTTP response; php://input reads
 * the request body; the session is written and closed at the end. The CLI SAPI drops
 * headers, so while a server runs in this mode its hooks are replaced by ours, which act
 * only inside a request and defer to the CLI's otherwise. */
#ifndef LYGER_ENGINE_SAPI_H
#define LYGER_ENGINE_SAPI_H

#include "engine.h"
#include "http_request.h"
#include "http_server.h"

/* Server start / stop: our hooks in, the CLI's back. */
void lyger_sapi_install(void);
void lyger_sapi_uninstall(void);
/* After a fatal error's bailout (no Zend allocation allowed): the CLI's hooks and header
 * flags back, request memory left to PHP's own shutdown. */
void lyger_sapi_abandon(void);

/* Request start: SG(request_info) describes req, header state as a fresh php-fpm request
 * (200, no headers, not sent), php://input over the body. What the SAPI sends from here
 * on (headers, output escaping every buffer) goes into res. */
void lyger_sapi_request_begin(const lyger_http_request *req, lyger_http_response *res, double now);

/* Once the superglobals are filled: session.auto_start starts the session. */
void lyger_sapi_request_ready(void);

/* After a multipart body was parsed: php://input reads nothing, as under php-fpm (PHP's
 * multipart reader consumes the body instead of keeping it). */
void lyger_sapi_drop_input(void);

/* The response head from header()/http_response_code()/setcookie(), as PHP sends it at
 * the end of a request (header_register_callback() runs; default_type adds PHP's default
 * Content-type when none was set). A no-op when headers were sent already. */
void lyger_sapi_send_headers(int default_type);

/* Request end: the session written and closed (its id and $_SESSION gone), header state,
 * request info, php://input and output state back to the CLI's. */
void lyger_sapi_request_end(void);

#endif
