/* Uploads: a multipart/form-data request body parsed by PHP's own parser (main/rfc1867.c,
 * the handler every SAPI registers for that type), for the server, which runs in the CLI
 * SAPI and reads bodies itself. What the parser gives is what php-fpm gives for the same
 * body: the fields, a $_FILES-shaped array, temp files under upload_tmp_dir that
 * is_uploaded_file() and move_uploaded_file() accept, the limits (post_max_size,
 * upload_max_filesize, max_file_uploads, max_input_vars, max_multipart_body_parts,
 * MAX_FILE_SIZE) with PHP's UPLOAD_ERR_* codes and warnings. */
#ifndef LYGER_ENGINE_UPLOAD_H
#define LYGER_ENGINE_UPLOAD_H

#include "engine.h"
#include "http_request.h"

/* lyger_engine_upload_parse() flags. Without LYGER_UPLOAD_SAPI the fields pass the input
 * filter as parse_str()'s do (the filter extension keeps no copy for filter_input(), which
 * would pile up over requests) and the session's upload-progress hook is off: the argument
 * mode. With it, as the SAPI's own POST reading under php-fpm: filter_input(INPUT_POST)
 * copies, session.upload_progress (the superglobals mode, which resets the filter's
 * copies and closes the session after each request). */
#define LYGER_UPLOAD_SAPI 1

/* When req's Content-Type is multipart/form-data (any method: the caller decides which
 * it parses; PHP parses POST only, and not with enable_post_data_reading off): parses the
 * body, puts its fields into *post and the $_FILES array into *files (both arrays, empty
 * after an error PHP reports with its warning, e.g. over post_max_size or no boundary) and
 * returns 1. The temp files stay until lyger_engine_upload_end(). Otherwise *post and
 * *files are empty arrays and it returns 0.
 * A second call in the same request (before lyger_engine_upload_end()) parses nothing: it
 * gives copies of the first call's arrays (same temp files; the first call's flags hold),
 * so the argument mode's $data/$request and the superglobals may both ask. The argument
 * mode asks while dispatch() builds the router's arguments (src/engine_request.c, flags
 * 0): a caller that wants LYGER_UPLOAD_SAPI's behaviour calls first (before the
 * arguments are built, after the filter's copies of the last request are dropped).
 * Errors raised while parsing go to PHP's own handler (display/log), never to a handler of
 * set_error_handler(), as at php-fpm's request startup. The SAPI and globals it touches
 * (sapi_module.read_post/input_filter, SG(request_info).content_length, SG(read_post_bytes),
 * PG(http_globals)[POST/FILES]) are put back before it returns; only
 * SG(rfc1867_uploaded_files) keeps the temp files' names until the request ends. */
int lyger_engine_upload_parse(const lyger_http_request *req, zval *post, zval *files, int flags);

/* Request end, however the router ended (return, exception, exit()): deletes every temp
 * file the router did not move and forgets the parse. Harmless when nothing was parsed;
 * may be called more than once. After a fatal error's bailout no Zend call is made: PHP's
 * own request shutdown (sapi_deactivate) deletes the files left in
 * SG(rfc1867_uploaded_files). */
void lyger_engine_upload_end(void);

#endif
