/* The request in PHP terms: an HTTP request of the server as the router's arguments. */
#ifndef LYGER_ENGINE_REQUEST_H
#define LYGER_ENGINE_REQUEST_H

#include "engine.h"
#include "http_request.h"

/* The router's $data: the query's parameters, merged with a form, multipart or JSON object
 * body. A multipart body's temp files stay until lyger_engine_upload_end(). */
void lyger_engine_request_build_data(zval *data, const lyger_http_request *req);
/* The router's $request: method, uri, path, query, protocol, headers, body, remote_addr/port,
 * files ($_FILES-shaped, [] unless the body is multipart/form-data). */
void lyger_engine_request_build_request(zval *r, const lyger_http_request *req);

#endif
