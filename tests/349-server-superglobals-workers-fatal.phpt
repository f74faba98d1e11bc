--TEST--
Superglobals mode with workers => 2: both workers fill each request's superglobals and headers; a fatal error (E_USER_ERROR, memory exhausted) after setting headers, cookies and a session answers 500, its worker is replaced, and no later request on any worker sees its state
--SKIPIF--
<?php
require __DIR__ . '/inc/skip_native_only.inc';
if (getenv('LYGER_TEST_MODE') === 'valgrind') die('skip memory_limit is not enforced under valgrind (USE_ZEND_ALLOC=0)');
?>
--FILE--
<?php
require __DIR__ . '/inc/superglobals.inc';
$dir = sys_get_temp_dir() . '/lyger-sess-w-' . getmypid();
@mkdir($dir);
$srv = sg_start('
    $path = parse_url($_SERVER["REQUEST_URI"], PHP_URL_PATH);
    if ($path === "/fatal" || $path === "/oom") {
        header("X-Dirty: 1");
        setcookie("dirty", "1");
        http_response_code(599);
        $_GET["added"] = 1;
        session_start();
        $_SESSION["secret"] = 1;
        ob_start();
        echo "partial";
        if ($path === "/fatal") trigger_error("unrecoverable", E_USER_ERROR);
        $a = []; while (true) { $a[] = str_repeat("x", 1 << 20); }
    }
    header("X-Pid: " . getmypid());
    echo json_encode(["q" => $_GET["q"] ?? null, "GET" => count($_GET), "status" => http_response_code(),
        "headers" => count(headers_list()), "session" => session_status(), "id" => session_id(), "ob" => ob_get_level()]);
', ['workers' => 2], ['memory_limit' => '64M', 'session.save_path' => $dir]);
sg_with($srv, function ($srv) {
    $run = function (int $n) use ($srv) {
        $pids = [];
        $bad = [];
        $base = null;
        for ($i = 0; $i < $n; $i++) {
            $r = lyger_request($srv, 'GET', "/?q=$i");
            $j = json_decode($r['body'] ?? '', true);
            $pids[$r['headers']['x-pid'] ?? '?'] = true;
            $base ??= $j['ob'] ?? null;
            $want = ['q' => (string) $i, 'GET' => 1, 'status' => 200, 'headers' => 1, 'session' => 1, 'id' => '', 'ob' => $base];
            if ($r['status'] !== 200 || $j !== $want || isset($r['headers']['x-dirty']) || isset($r['headers']['set-cookie'])) {
                $bad[] = $r['status'] . ' ' . ($r['body'] ?? '');
            }
        }
        return [count($pids), $bad];
    };
    [$pids, $bad] = $run(40);
    echo "before: ", count($bad), " bad of 40, workers seen: ", $pids, "\n";
    foreach (['/fatal', '/oom'] as $p) {
        $r = lyger_request($srv, 'GET', $p);
        echo "$p: ", $r['status'], " dirty header sent: ", isset($r['headers']['x-dirty']) ? 'yes' : 'no', " cookie sent: ", isset($r['headers']['set-cookie']) ? 'yes' : 'no', "\n";
        [$pids, $bad] = $run(40);
        echo "after $p: ", count($bad), " bad of 40", $bad ? ': ' . implode(' | ', array_slice($bad, 0, 3)) : '', "\n";
    }
    $err = lyger_server_output($srv);
    echo "logged: ", str_contains($err, 'unrecoverable') ? 'unrecoverable' : '-', ", ", str_contains($err, 'Allowed memory size') ? 'memory' : '-', "\n";
});
array_map('unlink', glob("$dir/sess_*"));
rmdir($dir);
?>
--EXPECT--
before: 0 bad of 40, workers seen: 2
/fatal: 500 dirty header sent: no cookie sent: no
after /fatal: 0 bad of 40
/oom: 500 dirty header sent: no cookie sent: no
after /oom: 0 bad of 40
logged: unrecoverable, memory
