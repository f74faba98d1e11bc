--TEST--
Superglobals mode with odd input: 200 headers, NUL and high bytes in the query, cookies and body, bad percent-encoding, empty and valueless cookies, array cookies, a 1 MB form: every request answered, the next one clean
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc'; ?>
--FILE--
<?php
require __DIR__ . '/inc/superglobals.inc';
$srv = sg_start('
    $http = 0; foreach ($_SERVER as $k => $v) if (str_starts_with($k, "HTTP_")) $http++;
    echo json_encode(["GET" => array_map(fn ($v) => is_string($v) ? bin2hex($v) : $v, $_GET), "COOKIE" => $_COOKIE,
        "POST" => count($_POST), "http" => $http, "input" => strlen(file_get_contents("php://input"))], JSON_INVALID_UTF8_SUBSTITUTE), "\n";
', ['max_header_size' => 64 * 1024], ['max_input_vars' => '100000']);
sg_with($srv, function ($srv) {
    $h = [];
    for ($i = 0; $i < 200; $i++) $h["X-H$i"] = str_repeat('v', 100);
    echo lyger_request($srv, 'GET', '/many', $h)['body'];
    echo lyger_request($srv, 'GET', '/q?a=%00%ff%zz&b=%&c=%2&d[x][y]=1&=novar&e')['body'];
    echo lyger_request($srv, 'GET', '/c', ['Cookie' => "a=1; ; b; =c; d=%FF%00; e[x]=1; e[y]=2; a=dup; f=\xe9"])['body'];
    $form = [];
    for ($i = 0; $i < 20000; $i++) $form[] = "k$i=" . str_repeat('x', 40);
    echo lyger_request($srv, 'POST', '/big', ['Content-Type' => 'application/x-www-form-urlencoded'], implode('&', $form))['body'];
    echo lyger_request($srv, 'POST', '/bin', ['Content-Type' => 'application/x-www-form-urlencoded; charset=utf-8'], "a=\0\xff&b")['body'];
    echo lyger_request($srv, 'GET', '/clean')['body'];
});
?>
--EXPECT--
{"GET":[],"COOKIE":[],"POST":0,"http":202,"input":0}
{"GET":{"a":"00ff257a7a","b":"25","c":"2532","d":{"x":{"y":"1"}},"e":""},"COOKIE":[],"POST":0,"http":2,"input":0}
{"GET":[],"COOKIE":{"a":"1","b":"","d":"\ufffd\u0000","e":{"x":"1","y":"2"},"f":"\ufffd"},"POST":0,"http":3,"input":0}
{"GET":[],"COOKIE":[],"POST":20000,"http":4,"input":948889}
{"GET":[],"COOKIE":[],"POST":2,"http":4,"input":6}
{"GET":[],"COOKIE":[],"POST":0,"http":2,"input":0}
