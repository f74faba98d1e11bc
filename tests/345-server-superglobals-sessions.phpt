--TEST--
Superglobals mode: session_start() reads the request's session cookie, sends Set-Cookie only when it creates a session, is written and closed at request end; a cookieless request gets a new session, never the last one's; session.auto_start too
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc'; ?>
--FILE--
<?php
require __DIR__ . '/inc/superglobals.inc';
$dir = sys_get_temp_dir() . '/lyger-sess-' . getmypid();
@mkdir($dir);
$srv = sg_start('
    $path = parse_url($_SERVER["REQUEST_URI"], PHP_URL_PATH);
    if ($path === "/peek") {
        echo "status=", session_status(), " id=", var_export(session_id(), true), " SESSION set=", isset($_SESSION) ? "yes" : "no", "\n";
        return;
    }
    if ($path === "/early-close") {
        session_start();
        $_SESSION["early"] = 1;
        session_write_close();
        echo "closed: ", session_status(), "\n";
        return;
    }
    if ($path === "/destroy") {
        session_start();
        session_destroy();
        echo "destroyed\n";
        return;
    }
    session_start();
    $_SESSION["n"] = ($_SESSION["n"] ?? 0) + 1;
    echo "n=", $_SESSION["n"], " early=", $_SESSION["early"] ?? 0, " id=", strlen(session_id()), "chars\n";
', [], ['session.save_path' => $dir, 'session.use_strict_mode' => '1']);
sg_with($srv, function ($srv) use ($dir) {
    $cookie = null;
    $show = function (?array $r) use (&$cookie) {
        $set = $r['headers']['set-cookie'] ?? null;
        if ($set !== null) {
            preg_match('/^PHPSESSID=([^;]+)/', $set, $m);
            $cookie = $m[1];
            $set = preg_replace('/=[^;]+/', '={id}', $set, 1);
        }
        echo rtrim($r['body']), " | Set-Cookie: ", $set ?? '(none)', " | cache: ", $r['headers']['cache-control'] ?? '(none)', "\n";
    };
    $show(lyger_request($srv, 'GET', '/count'));
    $first = $cookie;
    $show(lyger_request($srv, 'GET', '/count', ['Cookie' => "PHPSESSID=$cookie"]));
    $show(lyger_request($srv, 'GET', '/count', ['Cookie' => "PHPSESSID=$cookie"]));
    // no cookie: a new session, not the previous request's id
    $show(lyger_request($srv, 'GET', '/count'));
    echo "new id differs: ", $cookie !== $first ? "yes" : "no", "\n";
    // nothing of the last session is seen by a request that does not start one
    $show(lyger_request($srv, 'GET', '/peek'));
    // write and close early: the request end does not write it again
    $show(lyger_request($srv, 'GET', '/early-close', ['Cookie' => "PHPSESSID=$first"]));
    $show(lyger_request($srv, 'GET', '/count', ['Cookie' => "PHPSESSID=$first"]));
    // an id the store does not know (strict mode): replaced by a new one
    $show(lyger_request($srv, 'GET', '/count', ['Cookie' => 'PHPSESSID=unknownid0123456789abcdef']));
    echo "unknown id replaced: ", $cookie !== 'unknownid0123456789abcdef' ? "yes" : "no", "\n";
    $show(lyger_request($srv, 'GET', '/destroy', ['Cookie' => "PHPSESSID=$first"]));
    $show(lyger_request($srv, 'GET', '/count', ['Cookie' => "PHPSESSID=$first"]));
    $show(lyger_request($srv, 'GET', '/peek'));
    echo "session files: ", count(glob("$dir/sess_*")), "\n";
}, true);
// session.auto_start: started for each request with that request's cookie
$srv = sg_start('echo "auto: status=", session_status(), " n=", $_SESSION["n"] = ($_SESSION["n"] ?? 0) + 1, "\n";', [],
    ['session.save_path' => $dir, 'session.auto_start' => '1']);
sg_with($srv, function ($srv) {
    $r = lyger_request($srv, 'GET', '/');
    echo $r['body'];
    preg_match('/PHPSESSID=([^;]+)/', $r['headers']['set-cookie'] ?? '', $m);
    echo lyger_request($srv, 'GET', '/', ['Cookie' => "PHPSESSID={$m[1]}"])['body'];
    echo lyger_request($srv, 'GET', '/')['body'];
});
array_map('unlink', glob("$dir/sess_*"));
rmdir($dir);
?>
--EXPECTF--
n=1 early=0 id=%dchars | Set-Cookie: PHPSESSID={id}; path=/ | cache: no-store, no-cache, must-revalidate
n=2 early=0 id=%dchars | Set-Cookie: (none) | cache: no-store, no-cache, must-revalidate
n=3 early=0 id=%dchars | Set-Cookie: (none) | cache: no-store, no-cache, must-revalidate
n=1 early=0 id=%dchars | Set-Cookie: PHPSESSID={id}; path=/ | cache: no-store, no-cache, must-revalidate
new id differs: yes
status=1 id='' SESSION set=no | Set-Cookie: (none) | cache: (none)
closed: 1 | Set-Cookie: (none) | cache: no-store, no-cache, must-revalidate
n=4 early=1 id=%dchars | Set-Cookie: (none) | cache: no-store, no-cache, must-revalidate
n=1 early=0 id=%dchars | Set-Cookie: PHPSESSID={id}; path=/ | cache: no-store, no-cache, must-revalidate
unknown id replaced: yes
destroyed | Set-Cookie: (none) | cache: no-store, no-cache, must-revalidate
n=1 early=0 id=%dchars | Set-Cookie: PHPSESSID={id}; path=/ | cache: no-store, no-cache, must-revalidate
status=1 id='' SESSION set=no | Set-Cookie: (none) | cache: (none)
session files: 3
stderr: %A
auto: status=2 n=1
auto: status=2 n=2
auto: status=2 n=1
