--TEST--
Superglobals mode: $_GET, $_POST, $_COOKIE, $_FILES, $_REQUEST and every $_SERVER key php-fpm behind nginx sets, for a POST with a query, cookies and repeated headers; filter_input() sees the same request; getenv() answers the request's keys first, as php-fpm does
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc'; ?>
--FILE--
<?php
require __DIR__ . '/inc/superglobals.inc';
$srv = sg_start('
    $s = $_SERVER;
    $keys = ["REQUEST_METHOD", "REQUEST_URI", "QUERY_STRING", "SCRIPT_NAME", "SCRIPT_FILENAME", "PHP_SELF",
        "DOCUMENT_ROOT", "DOCUMENT_URI", "SERVER_PROTOCOL", "SERVER_NAME", "SERVER_PORT", "SERVER_ADDR", "REMOTE_ADDR",
        "REMOTE_PORT", "CONTENT_TYPE", "CONTENT_LENGTH", "REQUEST_SCHEME", "GATEWAY_INTERFACE", "SERVER_SOFTWARE",
        "REDIRECT_STATUS", "REQUEST_TIME", "REQUEST_TIME_FLOAT", "HTTPS"];
    $dir = dirname(__FILE__);
    foreach ($keys as $k) {
        $v = $s[$k] ?? "(unset)";
        if ($k === "SCRIPT_FILENAME" || $k === "DOCUMENT_ROOT") $v = str_replace($dir, "{dir}", $v);
        if ($k === "REMOTE_PORT") $v = preg_match("/^[1-9][0-9]*$/", $v) ? "(port)" : $v;
        if ($k === "REQUEST_TIME") $v = is_int($v) && abs($v - time()) < 5 ? "(int, now)" : $v;
        if ($k === "REQUEST_TIME_FLOAT") $v = is_float($v) && abs($v - microtime(true)) < 5 ? "(float, now)" : $v;
        echo "$k=", is_string($v) ? $v : var_export($v, true), "\n";
    }
    foreach ($s as $k => $v) if (str_starts_with($k, "HTTP_")) echo "$k=$v\n";
    echo "env PATH kept: ", isset($s["PATH"]) ? "yes" : "no", "\n";
    echo "getenv: ", getenv("REQUEST_METHOD"), " ", getenv("HTTP_X_CUSTOM_HEADER"), " PATH ", getenv("PATH") === $s["PATH"] ? "same" : "differs", "\n";
    echo "GET ", json_encode($_GET), "\nPOST ", json_encode($_POST), "\nCOOKIE ", json_encode($_COOKIE), "\n";
    echo "FILES ", json_encode($_FILES), "\nREQUEST ", json_encode($_REQUEST), "\n";
    echo "filter_input: ", filter_input(INPUT_GET, "id"), " ", filter_input(INPUT_POST, "name"), " ", filter_input(INPUT_COOKIE, "sid"), " ", var_export(filter_has_var(INPUT_POST, "n"), true), "\n";
    echo "same in \$GLOBALS: ", $GLOBALS["_GET"] === $_GET && $GLOBALS["_SERVER"] === $_SERVER ? "yes" : "no", "\n";
');
sg_with($srv, function ($srv) {
    // the router reads the port from the Host header the test sends
    $raw = "POST /shop/item?id=7&tags[]=a&tags[]=b&x=get HTTP/1.1\r\nHost: Example.COM:{$srv['port']}\r\n"
        . "Cookie: sid=abc; x=cookie\r\nCookie: theme=dark\r\nAccept: text/html\r\nAccept: application/json\r\n"
        . "X_Spoofed: no\r\nProxy: http://evil\r\nX-Custom-Header: yes\r\n"
        . "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 21\r\nConnection: close\r\n\r\nname=Ann+B&x=post&n=1";
    $s = lyger_connect($srv);
    fwrite($s, $raw);
    echo str_replace((string) $srv['port'], '{port}', sg_show(lyger_read_response($s)));
    fclose($s);
    // a GET without a body or query: empty CONTENT_TYPE / CONTENT_LENGTH / QUERY_STRING, as nginx sends them
    $r = lyger_request($srv, 'GET', '/');
    foreach (explode("\n", $r['body']) as $l) {
        if (preg_match('/^(QUERY_STRING|CONTENT_TYPE|CONTENT_LENGTH|REQUEST_URI|SERVER_NAME|GET|POST|REQUEST|filter_input)[ =:]/', $l)) echo $l, "\n";
    }
});
?>
--EXPECTF--
200
Content-Type: text/html; charset=UTF-8

REQUEST_METHOD=POST
REQUEST_URI=/shop/item?id=7&tags[]=a&tags[]=b&x=get
QUERY_STRING=id=7&tags[]=a&tags[]=b&x=get
SCRIPT_NAME=/server.php
SCRIPT_FILENAME={dir}/server.php
PHP_SELF=/server.php
DOCUMENT_ROOT={dir}
DOCUMENT_URI=/server.php
SERVER_PROTOCOL=HTTP/1.1
SERVER_NAME=example.com
SERVER_PORT={port}
SERVER_ADDR=127.0.0.1
REMOTE_ADDR=127.0.0.1
REMOTE_PORT=(port)
CONTENT_TYPE=application/x-www-form-urlencoded
CONTENT_LENGTH=21
REQUEST_SCHEME=http
GATEWAY_INTERFACE=CGI/1.1
SERVER_SOFTWARE=Lyger/%s
REDIRECT_STATUS=200
REQUEST_TIME=(int, now)
REQUEST_TIME_FLOAT=(float, now)
HTTPS=(unset)
HTTP_HOST=Example.COM:{port}
HTTP_COOKIE=sid=abc; x=cookie; theme=dark
HTTP_ACCEPT=text/html, application/json
HTTP_X_CUSTOM_HEADER=yes
HTTP_CONTENT_TYPE=application/x-www-form-urlencoded
HTTP_CONTENT_LENGTH=21
HTTP_CONNECTION=close
env PATH kept: yes
getenv: POST yes PATH same
GET {"id":"7","tags":["a","b"],"x":"get"}
POST {"name":"Ann B","x":"post","n":"1"}
COOKIE {"sid":"abc","x":"cookie","theme":"dark"}
FILES []
REQUEST {"id":"7","tags":["a","b"],"x":"cookie","name":"Ann B","n":"1","sid":"abc","theme":"dark"}
filter_input: 7 Ann B abc true
same in $GLOBALS: yes
REQUEST_URI=/
QUERY_STRING=
SERVER_NAME=127.0.0.1
CONTENT_TYPE=
CONTENT_LENGTH=
GET []
POST []
REQUEST []
filter_input:    false
