/* startServer()'s options (src/engine_server_options.c). */
#ifndef LYGER_ENGINE_SERVER_OPTIONS_H
#define LYGER_ENGINE_SERVER_OPTIONS_H

#include "engine.h"
#include "http_server.h"

/* The options that are the binding's, not the HTTP server's. */
typedef struct lyger_server_options {
    zval on_start;                /* UNDEF when none; the caller releases it */
    int superglobals;
    int trust_proxy;
} lyger_server_options;

/* Fills cfg and out from the options array; -1 with a TypeError/ValueError thrown. */
int lyger_server_parse_options(HashTable *opts, lyger_http_config *cfg, lyger_server_options *out);

#endif
