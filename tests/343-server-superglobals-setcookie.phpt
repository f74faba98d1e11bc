--TEST--
Superglobals mode: setcookie() and setrawcookie() (options array, expiry, deletion) send one Set-Cookie each, and the next request's $_COOKIE reads them back
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc'; ?>
--FILE--
<?php
require __DIR__ . '/inc/superglobals.inc';
$srv = sg_start('
    if ($_SERVER["REQUEST_URI"] === "/set") {
        var_dump(setcookie("plain", "a value; with=stuff"));
        var_dump(setrawcookie("raw", "a%20b"));
        var_dump(setcookie("opts", "1", ["expires" => 2000000000, "path" => "/app", "domain" => "example.com",
            "secure" => true, "httponly" => true, "samesite" => "Strict"]));
        var_dump(setcookie("gone", "", 1));
        try { setcookie("bad=name", "x"); } catch (ValueError $e) { echo get_class($e), "\n"; }
        return;
    }
    echo json_encode($_COOKIE), "\n";
');
sg_with($srv, function ($srv) {
    $r = lyger_request($srv, 'GET', '/set');
    echo sg_show($r);
    $jar = [];
    foreach (explode("\n", $r['headers']['set-cookie']) as $c) {
        [$pair] = explode(';', $c, 2);
        [$k, $v] = explode('=', $pair, 2);
        if ($v !== 'deleted') $jar[] = "$k=$v";
    }
    echo sg_show(lyger_request($srv, 'GET', '/read', ['Cookie' => implode('; ', $jar)]));
});
?>
--EXPECTF--
200
Set-Cookie: plain=a%20value%3B%20with%3Dstuff
Set-Cookie: raw=a%20b
Set-Cookie: opts=1; expires=Wed, 18 May 2033 03:33:20 GMT; Max-Age=%d; path=/app; domain=example.com; secure; HttpOnly; SameSite=Strict
Set-Cookie: gone=deleted; expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0
Content-Type: text/html; charset=UTF-8

bool(true)
bool(true)
bool(true)
bool(true)
ValueError
200
Content-Type: text/html; charset=UTF-8

{"plain":"a value; with=stuff","raw":"a b","opts":"1"}
