--TEST--
Superglobals mode: redirects as under php-fpm: http_response_code(302) + header('Location'), Location alone (302, or 303 after a POST on HTTP/1.1), an explicit 301, and a 201 kept
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc'; ?>
--FILE--
<?php
require __DIR__ . '/inc/superglobals.inc';
$srv = sg_start('
    switch (parse_url($_SERVER["REQUEST_URI"], PHP_URL_PATH)) {
    case "/explicit": http_response_code(302); header("Location: /target?from=explicit"); return;
    case "/location": header("Location: /target"); exit;
    case "/moved": header("Location: https://example.com/new", true, 301); return;
    case "/created": http_response_code(201); header("Location: /items/9"); echo "created"; return;
    }
    echo "target ", $_SERVER["QUERY_STRING"];
');
sg_with($srv, function ($srv) {
    echo "== GET /explicit\n", sg_show(lyger_request($srv, 'GET', '/explicit'));
    echo "== GET /location\n", sg_show(lyger_request($srv, 'GET', '/location'));
    echo "== POST /location\n", sg_show(lyger_request($srv, 'POST', '/location', [], 'a=1'));
    echo "== POST /location HTTP/1.0\n", sg_show(lyger_request($srv, 'POST', '/location', [], '', "POST /location HTTP/1.0\r\nContent-Length: 0\r\n\r\n"));
    echo "== GET /moved\n", sg_show(lyger_request($srv, 'GET', '/moved'));
    echo "== POST /created\n", sg_show(lyger_request($srv, 'POST', '/created', [], ''));
    // curl follows the redirect: the server goes on after exit
    echo "== curl -L\n", lyger_curl(['-L', "http://127.0.0.1:{$srv['port']}/explicit"]), "\n";
});
?>
--EXPECT--
== GET /explicit
302
Location: /target?from=explicit
Content-Type: text/html; charset=UTF-8

== GET /location
302
Location: /target
Content-Type: text/html; charset=UTF-8

== POST /location
303
Location: /target
Content-Type: text/html; charset=UTF-8

== POST /location HTTP/1.0
302
Location: /target
Content-Type: text/html; charset=UTF-8

== GET /moved
301
Location: https://example.com/new
Content-Type: text/html; charset=UTF-8

== POST /created
201
Location: /items/9
Content-Type: text/html; charset=UTF-8

created
== curl -L
target from=explicit
