--TEST--
Superglobals mode: header() (replace, add, status line, response code argument, CGI's Status header), header_remove(), headers_list(), headers_sent(), http_response_code() and the default Content-type behave as under php-fpm and make the response (no Content-Type on a 304, as php-fpm sends it)
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc'; ?>
--FILE--
<?php
require __DIR__ . '/inc/superglobals.inc';
$srv = sg_start('
    switch ($_SERVER["REQUEST_URI"]) {
    case "/list":
        var_dump(headers_sent($file, $line), $file, $line, http_response_code(), headers_list());
        header("X-One: 1");
        header("X-Multi: a");
        header("X-Multi: b", false);
        header("X-Replaced: old");
        header("x-replaced: new");
        header("X-Gone: 1");
        header_remove("x-gone");
        var_dump(headers_list());
        echo "body\n";
        var_dump(headers_sent());
        return;
    case "/status":
        header("HTTP/1.1 404 Not Found");
        echo http_response_code(), "\n";
        var_dump(http_response_code(418));
        echo http_response_code(), "\n";
        return;
    case "/code-arg":
        header("X-Code: 1", true, 503);
        echo "unavailable";
        return;
    case "/type":
        header("Content-Type: text/plain");
        echo "plain";
        return;
    case "/json-type":
        header("Content-Type: application/json");
        echo "{}";
        return;
    case "/remove-all":
        header("X-A: 1");
        header("X-B: 2");
        header_remove();
        var_dump(headers_list());
        return;
    case "/no-content":
        http_response_code(204);
        return;
    case "/callback":
        header_register_callback(function () { header("X-From-Callback: yes"); });
        echo "cb";
        return;
    case "/status-header":
        header("Status: 404 Not Found");
        echo "CGI status header";
        return;
    case "/status-both":
        header("HTTP/1.1 410 Gone");
        header("Status: 404 Not Found");
        return;
    case "/not-modified":
        http_response_code(304);
        header("Content-Type: text/plain");
        header("ETag: \"x\"");
        return;
    case "/flush-all":
        // what Symfony\Component\HttpFoundation\Response::send() does without fastcgi_finish_request()
        header("X-Before-Flush: 1");
        echo "a";
        while (ob_get_level() > 0) ob_end_flush();
        flush();
        echo "b";
        var_dump(headers_sent());
        header("X-After-Flush: 1");
        return;
    case "/bad":
        header("X-Bad: a\r\nInjected: yes");
        echo "after bad header";
        return;
    }
');
sg_with($srv, function ($srv) {
    foreach (['/list', '/status', '/code-arg', '/type', '/json-type', '/remove-all', '/no-content', '/callback', '/status-header', '/status-both', '/not-modified', '/flush-all', '/bad'] as $p) {
        echo "== $p\n", sg_show(lyger_request($srv, 'GET', $p));
    }
}, true);
// expose_php=On adds X-Powered-By, which header_remove() can take away, as under php-fpm
$srv = lyger_server_start('function () { if ($_SERVER["REQUEST_URI"] === "/rm") header_remove("X-Powered-By"); echo "x"; }', ['superglobals' => true], ['expose_php' => '1']);
sg_with($srv, function ($srv) {
    $r = lyger_request($srv, 'GET', '/');
    echo "== expose_php\n", preg_replace('/PHP\/[0-9.]+\S*/', 'PHP/{version}', sg_show($r));
    echo "== expose_php, removed\n", sg_show(lyger_request($srv, 'GET', '/rm'));
});
?>
--EXPECTF--
== /list
200
X-One: 1
X-Multi: a
X-Multi: b
x-replaced: new
Content-Type: text/html; charset=UTF-8

bool(false)
string(0) ""
int(0)
int(200)
array(0) {
}
array(4) {
  [0]=>
  string(8) "X-One: 1"
  [1]=>
  string(10) "X-Multi: a"
  [2]=>
  string(10) "X-Multi: b"
  [3]=>
  string(15) "x-replaced: new"
}
body
bool(false)
== /status
418
Content-Type: text/html; charset=UTF-8

404
int(404)
418
== /code-arg
503
X-Code: 1
Content-Type: text/html; charset=UTF-8

unavailable
== /type
200
Content-Type: text/plain;charset=UTF-8

plain
== /json-type
200
Content-Type: application/json

{}
== /remove-all
200
Content-Type: text/html; charset=UTF-8

array(0) {
}
== /no-content
204
Content-Type: text/html; charset=UTF-8

== /callback
200
Content-Type: text/html; charset=UTF-8
X-From-Callback: yes

cb
== /status-header
404
Content-Type: text/html; charset=UTF-8

CGI status header
== /status-both
410
Content-Type: text/html; charset=UTF-8

== /not-modified
304
ETag: "x"

== /flush-all
200
X-Before-Flush: 1
Content-Type: text/html; charset=UTF-8

abbool(true)
== /bad
200
Content-Type: text/html; charset=UTF-8

after bad header
stderr: %AWarning: Header may not contain more than a single header, new line detected in %s on line %d
== expose_php
200
X-Powered-By: PHP/{version}
Content-Type: text/html; charset=UTF-8

x
== expose_php, removed
200
Content-Type: text/html; charset=UTF-8

x
