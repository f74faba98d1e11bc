--TEST--
Superglobals mode: a session save handler registered once at bootstrap (session_set_save_handler with an object) serves every request: opened, read, written and closed per request, the id from each request's cookie
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc'; ?>
--FILE--
<?php
require __DIR__ . '/inc/superglobals.inc';
$prelude = '
final class MemoryHandler implements SessionHandlerInterface {
    public array $data = [];
    public array $log = [];
    public function open(string $path, string $name): bool { $this->log[] = "open"; return true; }
    public function close(): bool { $this->log[] = "close"; return true; }
    public function read(string $id): string|false { $this->log[] = "read"; return $this->data[$id] ?? ""; }
    public function write(string $id, string $data): bool { $this->log[] = "write"; $this->data[$id] = $data; return true; }
    public function destroy(string $id): bool { unset($this->data[$id]); return true; }
    public function gc(int $max): int|false { return 0; }
}
$handler = new MemoryHandler();
session_set_save_handler($handler, true);
';
$srv = sg_start('
    global $handler;
    if ($_SERVER["REQUEST_URI"] === "/log") { echo json_encode($handler->log), " sessions=", count($handler->data); return; }
    $handler->log = [];
    session_start();
    $_SESSION["n"] = ($_SESSION["n"] ?? 0) + 1;
    echo "n=", $_SESSION["n"];
', [], [], $prelude);
sg_with($srv, function ($srv) {
    $r = lyger_request($srv, 'GET', '/');
    preg_match('/PHPSESSID=([^;]+)/', $r['headers']['set-cookie'] ?? '', $m);
    echo $r['body'], " cookie=", $m ? 'yes' : 'no', "\n";
    echo lyger_request($srv, 'GET', '/log')['body'], "\n";
    for ($i = 0; $i < 3; $i++) {
        echo lyger_request($srv, 'GET', '/', ['Cookie' => "PHPSESSID={$m[1]}"])['body'], "\n";
    }
    echo lyger_request($srv, 'GET', '/log')['body'], "\n";
    echo lyger_request($srv, 'GET', '/')['body'], "\n";
    echo lyger_request($srv, 'GET', '/log')['body'], "\n";
}, true);
?>
--EXPECTF--
n=1 cookie=yes
["open","read","write","close"] sessions=1
n=2
n=3
n=4
["open","read","write","close"] sessions=1
n=1
["open","read","write","close"] sessions=2
stderr: %A
