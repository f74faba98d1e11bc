--TEST--
cache: startServer with workers => 4: a value set through one worker is read by every worker, and after a delete through one, no worker serves the old value
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc'; ?>
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
$router = 'function (string $uri) {
    $e = Lyger\Core\Engine::getInstance();
    if ($uri === "/set") { $e->cacheSet("greeting", "hello from " . getmypid()); return "ok"; }
    if ($uri === "/delete") { return $e->cacheDelete("greeting") ? "deleted" : "missing"; }
    return getmypid() . " " . $e->cacheGet("greeting");
}';
$srv = lyger_server_start($router, ['workers' => 4]);
try {
    // every worker answers a read with its pid and what it sees
    $readAll = function () use ($srv): array {
        $seen = [];
        for ($i = 0; $i < 400 && count($seen) < 4; $i++) {
            $r = lyger_request($srv, 'GET', '/get');
            if ($r) {
                [$pid, $value] = explode(' ', $r['body'], 2) + [1 => ''];
                $seen[$pid][$value] = true;
            }
        }
        return $seen;
    };
    echo lyger_request($srv, 'GET', '/set')['body'], "\n";
    $seen = $readAll();
    $values = array_unique(array_merge(...array_map('array_keys', array_values($seen))));
    echo count($seen), " workers, values seen: ", count($values), " ", str_starts_with($values[0], 'hello from ') ? 'hello' : $values[0], "\n";
    echo lyger_request($srv, 'GET', '/delete')['body'], "\n";
    $seen = $readAll();
    $values = array_unique(array_merge(...array_map('array_keys', array_values($seen))));
    echo count($seen), " workers, values seen: ", json_encode($values), "\n";
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}
?>
--EXPECT--
ok
4 workers, values seen: 1 hello
deleted
4 workers, values seen: [""]
