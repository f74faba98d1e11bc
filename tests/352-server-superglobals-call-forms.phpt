--TEST--
Both call forms of startServer/stopServer (Engine::startServer(...) and Engine::getInstance()->startServer(...)) in both modes (argument and superglobals), in both engines; the new options' type errors are the same in both engines
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
use Lyger\Core\Engine;
foreach ([['superglobals' => 1], ['trust_proxy' => 'yes']] as $o) {
    try {
        Engine::startServer(fn () => '', 0, $o);
    } catch (TypeError $e) {
        echo $e->getMessage(), "\n";
    }
}
$forms = [
    'static' => ['Lyger\\Core\\Engine::startServer', 'Lyger\\Core\\Engine::stopServer();'],
    'instance' => ['Lyger\\Core\\Engine::getInstance()->startServer', 'Lyger\\Core\\Engine::getInstance()->stopServer();'],
];
$router = 'function (string $uri = "") {
    $sg = isset($_SERVER["REQUEST_URI"]) && isset($_SERVER["HTTP_HOST"]);
    if (($sg ? parse_url($_SERVER["REQUEST_URI"], PHP_URL_PATH) : $uri) === "/stop") { %s return "stopping"; }
    return ($sg ? "superglobals " . $_SERVER["REQUEST_URI"] . " " . json_encode($_GET) : "arguments " . $uri);
}';
foreach ([false, true] as $superglobals) {
    foreach ($forms as $name => [$call, $stop]) {
        $srv = lyger_server_start(sprintf($router, $stop), ['superglobals' => $superglobals], [], '', [], 15.0, [], $call);
        try {
            $r = lyger_request($srv, 'GET', '/x?a=1');
            echo $name, ': ', $r['status'], ' ', $r['body'], "\n";
            $r = lyger_request($srv, 'GET', '/stop');
            echo $name, ': ', $r['status'], ' ', $r['body'], "\n";
            echo $name, ': exit ', lyger_server_wait($srv), ' ', trim(lyger_server_output($srv, 'stdout')), "\n";
            echo preg_match('/Warning|Deprecated|Fatal/', lyger_server_output($srv, 'stderr')) ? "stderr has errors\n" : '';
        } finally {
            lyger_server_cleanup($srv);
        }
    }
}
?>
--EXPECT--
Lyger\Core\Engine::startServer(): Argument #3 ($options) option "superglobals" must be of type bool, int given
Lyger\Core\Engine::startServer(): Argument #3 ($options) option "trust_proxy" must be of type bool, string given
static: 200 arguments /x
static: 200 stopping
static: exit 0 RETURNED
instance: 200 arguments /x
instance: 200 stopping
instance: exit 0 RETURNED
static: 200 superglobals /x?a=1 {"a":"1"}
static: 200 stopping
static: exit 0 RETURNED
instance: 200 superglobals /x?a=1 {"a":"1"}
instance: 200 stopping
instance: exit 0 RETURNED
