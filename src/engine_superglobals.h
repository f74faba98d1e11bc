/* Superglobals mode (startServer's 'superglobals' => true): each request reaches the router
 * as php-fpm behind nginx would run a front controller: $_GET, $_POST, $_COOKIE, $_FILES,
 * $_REQUEST, $_SERVER filled, php://input, header() & co. into the response (engine_sapi.c),
 * and everything put back after the request. */
#ifndef LYGER_ENGINE_SUPERGLOBALS_H
#define LYGER_ENGINE_SUPERGLOBALS_H

#include "engine.h"
#include "http_request.h"
#include "http_server.h"

typedef struct lyger_sg_options {
    const char *document_root;    /* the server's document_root option, NULL when none */
    int trust_proxy;              /* X-Forwarded-Proto: https sets HTTPS / REQUEST_SCHEME */
} lyger_sg_options;

/* Server start: the CLI's superglobals kept aside, the constant part of $_SERVER built, the
 * SAPI hooks installed. Server stop: all of it undone. */
void lyger_sg_server_start(const lyger_sg_options *o);
void lyger_sg_server_stop(void);
/* After a fatal error's bailout: only the CLI's hooks back, no Zend call. */
void lyger_sg_server_abandon(void);

/* Before the router: the superglobals and the SAPI state of req; the SAPI's head and
 * escaped output go into res. */
void lyger_sg_request_begin(const lyger_http_request *req, lyger_http_response *res);
/* After the router (whatever way it ended): session closed, superglobals, headers, status,
 * php://input back to the CLI's. */
void lyger_sg_request_end(void);

#endif
