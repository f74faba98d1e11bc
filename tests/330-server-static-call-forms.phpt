--TEST--
startServer()/stopServer() are static: Engine::startServer(...) and Engine::getInstance()->startServer(...) both serve, and both stopServer() forms stop
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
$m = new ReflectionMethod(Lyger\Core\Engine::class, 'startServer');
$s = new ReflectionMethod(Lyger\Core\Engine::class, 'stopServer');
var_dump($m->isStatic(), $s->isStatic(), $m->isPublic());
// no server: both stop forms are no-ops
Lyger\Core\Engine::stopServer();
Lyger\Core\Engine::getInstance()->stopServer();
$forms = [
    'static' => ['Lyger\\Core\\Engine::startServer', 'Lyger\\Core\\Engine::stopServer();'],
    'instance' => ['Lyger\\Core\\Engine::getInstance()->startServer', 'Lyger\\Core\\Engine::getInstance()->stopServer();'],
];
foreach ($forms as $name => [$call, $stop]) {
    $srv = lyger_server_start('function (string $uri) { if ($uri === "/stop") { ' . $stop . ' return "stopping"; } return "hello " . $uri; }', [], [], '', [], 15.0, [], $call);
    try {
        $r = lyger_request($srv, 'GET', '/x');
        echo $name, ': ', $r['status'], ' ', $r['body'], "\n";
        $r = lyger_request($srv, 'GET', '/stop');
        echo $name, ': ', $r['status'], ' ', $r['body'], "\n";
        echo $name, ': exit ', lyger_server_wait($srv), "\n";
        echo lyger_server_output($srv, 'stdout');
        echo preg_match('/Warning|Deprecated|Fatal/', lyger_server_output($srv, 'stderr')) ? "stderr has errors\n" : '';
    } finally {
        lyger_server_cleanup($srv);
    }
}
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
static: 200 hello /x
static: 200 stopping
static: exit 0
RETURNED
instance: 200 hello /x
instance: 200 stopping
instance: exit 0
RETURNED
