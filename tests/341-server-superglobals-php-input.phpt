--TEST--
Superglobals mode: php://input reads the raw body (JSON, any method, read twice, in pieces, 1 MB), and is empty for a request without one
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc'; ?>
--FILE--
<?php
require __DIR__ . '/inc/superglobals.inc';
$srv = sg_start('
    $raw = file_get_contents("php://input");
    if ($_SERVER["REQUEST_URI"] === "/big") { echo strlen($raw), " ", md5($raw), " ", strlen(file_get_contents("php://input")); return; }
    $f = fopen("php://input", "r");
    $first = fread($f, 4);
    $rest = stream_get_contents($f);
    fclose($f);
    $json = json_decode($raw, true);
    echo $_SERVER["REQUEST_METHOD"], " len=", strlen($raw), " again=", file_get_contents("php://input") === $raw ? "same" : "differs",
        " pieces=", $first . $rest === $raw ? "same" : "differs", " json=", json_encode($json), " POST=", json_encode($_POST), "\n";
');
sg_with($srv, function ($srv) {
    echo lyger_request($srv, 'POST', '/api', ['Content-Type' => 'application/json'], '{"a":1,"b":[true,null]}')['body'];
    echo lyger_request($srv, 'PUT', '/api', ['Content-Type' => 'application/json'], '{"put":"yes"}')['body'];
    echo lyger_request($srv, 'PATCH', '/api', ['Content-Type' => 'text/plain'], 'plain text')['body'];
    // a form body is in php://input too (as under php-fpm, for application/x-www-form-urlencoded)
    echo lyger_request($srv, 'POST', '/form', ['Content-Type' => 'application/x-www-form-urlencoded'], 'a=1&b=2')['body'];
    echo lyger_request($srv, 'GET', '/none')['body'];
    $big = str_repeat(random_bytes(1024), 1024);
    $r = lyger_request($srv, 'POST', '/big', ['Content-Type' => 'application/octet-stream'], $big);
    echo $r['body'] === strlen($big) . ' ' . md5($big) . ' ' . strlen($big) ? "1 MB body read twice: same\n" : "1 MB: {$r['body']}\n";
    echo lyger_request($srv, 'GET', '/none')['body'];
});
?>
--EXPECT--
POST len=23 again=same pieces=same json={"a":1,"b":[true,null]} POST=[]
PUT len=13 again=same pieces=same json={"put":"yes"} POST=[]
PATCH len=10 again=same pieces=same json=null POST=[]
POST len=7 again=same pieces=same json=null POST={"a":"1","b":"2"}
GET len=0 again=same pieces=same json=null POST=[]
1 MB body read twice: same
GET len=0 again=same pieces=same json=null POST=[]
