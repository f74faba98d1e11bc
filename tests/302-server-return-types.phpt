--TEST--
Every supported router return type becomes the right response; echoed output is the body for null and otherwise logged with its content; anything else is a logged 500
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
$prelude = <<<'PHP'
final class HeaderBag { public function __construct(private array $h) {} public function allPreserveCase(): array { return $this->h; } }
final class SymfonyLike { public HeaderBag $headers; public function __construct() { $this->headers = new HeaderBag(['X-Bag' => ['one'], 'Content-Type' => ['text/plain']]); }
    public function getStatusCode(): int { return 201; } public function getContent(): string { return 'from bag'; } }
final class WithGetHeaders { public function getStatusCode(): int { return 202; } public function getContent(): string { return 'from getHeaders'; }
    public function getHeaders(): array { return ['X-Get' => 'yes', 'Set-Cookie' => ['a=1', 'b=2']]; } }
PHP;
$srv = lyger_server_start('function (string $uri) {
    switch ($uri) {
        case "/string": return "plain string";
        case "/array": return ["status" => 418, "headers" => ["X-Teapot" => "short and stout", "Content-Type" => "text/plain", "Set-Cookie" => ["c=1", "d=2"]], "body" => "teapot"];
        case "/array-json": return ["status" => 200, "body" => ["a" => 1]];
        case "/array-min": return ["body" => "just a body"];
        case "/symfony": return new SymfonyLike();
        case "/psr": return new WithGetHeaders();
        case "/echo": echo "echoed ", "output"; return null;
        case "/echo-and-return": echo "lost?"; return "returned";
        case "/int": return 42;
        case "/object": return new stdClass();
        case "/no-content": return ["status" => 204, "body" => "ignored"];
        case "/bad-header": return ["headers" => ["X-Evil" => "a\r\nInjected: yes", "Good" => "ok"], "body" => "b"];
    }
    return ["status" => 404];
}', [], [], $prelude);
try {
    foreach (['/string', '/array', '/array-json', '/array-min', '/symfony', '/psr', '/echo', '/echo-and-return', '/int', '/object', '/no-content', '/bad-header'] as $path) {
        $r = lyger_request($srv, 'GET', $path);
        $h = $r['headers'];
        echo "$path: {$r['status']} ", $h['content-type'] ?? '-', " [{$r['body']}]";
        foreach (['x-teapot', 'set-cookie', 'x-bag', 'x-get', 'x-evil', 'injected', 'good'] as $k) {
            if (isset($h[$k])) {
                echo " $k=", str_replace("\n", '|', $h[$k]);
            }
        }
        echo "\n";
    }
} finally {
    lyger_server_stop($srv);
    $log = lyger_server_output($srv);
    lyger_server_cleanup($srv);
}
var_dump(str_contains($log, 'returned int'), str_contains($log, 'returned stdClass'), str_contains($log, '/echo-and-return'));
// echoed output that is not the body is logged itself, not only counted
var_dump(str_contains($log, 'lost?'));
?>
--EXPECT--
/string: 200 text/html; charset=utf-8 [plain string]
/array: 418 text/plain [teapot] x-teapot=short and stout set-cookie=c=1|d=2
/array-json: 200 application/json [{"a":1}]
/array-min: 200 text/html; charset=utf-8 [just a body]
/symfony: 201 text/plain [from bag] x-bag=one
/psr: 202 text/html; charset=utf-8 [from getHeaders] set-cookie=a=1|b=2 x-get=yes
/echo: 200 text/html; charset=utf-8 [echoed output]
/echo-and-return: 200 text/html; charset=utf-8 [returned]
/int: 500 application/json [{"error":"the router returned an unsupported value"}]
/object: 500 application/json [{"error":"the router returned an unsupported value"}]
/no-content: 204 - []
/bad-header: 200 text/html; charset=utf-8 [b] good=ok
bool(true)
bool(true)
bool(true)
bool(true)
