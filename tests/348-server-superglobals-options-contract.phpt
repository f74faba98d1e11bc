--TEST--
Superglobals mode: option errors are TypeErrors like the other options; trust_proxy lets X-Forwarded-Proto: https set HTTPS and REQUEST_SCHEME (never without it); the argument contract still works (arguments given, a returned value wins over header() where it says something)
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc'; ?>
--FILE--
<?php
require __DIR__ . '/inc/superglobals.inc';
use Lyger\Core\Engine;
foreach ([['superglobals' => 1], ['superglobals' => 'yes'], ['trust_proxy' => null]] as $o) {
    try {
        Engine::startServer(fn () => '', 0, $o);
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
$body = '
    echo "HTTPS=", $_SERVER["HTTPS"] ?? "(unset)", " REQUEST_SCHEME=", $_SERVER["REQUEST_SCHEME"], "\n";
';
foreach ([false, true] as $trust) {
    $srv = sg_start($body, ['trust_proxy' => $trust]);
    sg_with($srv, function ($srv) use ($trust) {
        echo "trust_proxy=", var_export($trust, true), "\n";
        echo "  plain: ", lyger_request($srv, 'GET', '/')['body'];
        echo "  X-Forwarded-Proto https: ", lyger_request($srv, 'GET', '/', ['X-Forwarded-Proto' => 'https'])['body'];
        echo "  X-Forwarded-Proto http: ", lyger_request($srv, 'GET', '/', ['X-Forwarded-Proto' => 'http'])['body'];
    });
}
// the router's arguments are there too, and what it returns wins
$srv = lyger_server_start('function (string $path, string $method, array $data, array $request) {
    header("X-From-Header: 1");
    http_response_code(202);
    echo "echoed;";
    switch ($path) {
    case "/args": return "$method $path data=" . json_encode($data) . " uri=" . $request["uri"] . " GET=" . json_encode($_GET);
    case "/array": return ["status" => 201, "headers" => ["X-From-Array" => "2"], "body" => ["ok" => true]];
    case "/array-no-status": return ["body" => "b"];
    case "/null": return null;
    }
}', ['superglobals' => true], ['expose_php' => '0']);
sg_with($srv, function ($srv) {
    foreach (['/args?a=1', '/array', '/array-no-status', '/null'] as $p) {
        echo "== $p\n", sg_show(lyger_request($srv, 'GET', $p));
    }
}, true);
?>
--EXPECTF--
TypeError: Lyger\Core\Engine::startServer(): Argument #3 ($options) option "superglobals" must be of type bool, int given
TypeError: Lyger\Core\Engine::startServer(): Argument #3 ($options) option "superglobals" must be of type bool, string given
TypeError: Lyger\Core\Engine::startServer(): Argument #3 ($options) option "trust_proxy" must be of type bool, null given
trust_proxy=false
  plain: HTTPS=(unset) REQUEST_SCHEME=http
  X-Forwarded-Proto https: HTTPS=(unset) REQUEST_SCHEME=http
  X-Forwarded-Proto http: HTTPS=(unset) REQUEST_SCHEME=http
trust_proxy=true
  plain: HTTPS=(unset) REQUEST_SCHEME=http
  X-Forwarded-Proto https: HTTPS=on REQUEST_SCHEME=https
  X-Forwarded-Proto http: HTTPS=(unset) REQUEST_SCHEME=http
== /args?a=1
202
Content-Type: text/html; charset=utf-8
X-From-Header: 1

GET /args data={"a":"1"} uri=/args?a=1 GET={"a":"1"}
== /array
201
X-From-Header: 1
X-From-Array: 2
Content-Type: application/json

{"ok":true}
== /array-no-status
202
Content-Type: text/html; charset=utf-8
X-From-Header: 1

b
== /null
202
X-From-Header: 1
Content-Type: text/html; charset=UTF-8

echoed;
stderr: %A
