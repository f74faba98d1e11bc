--TEST--
Worker mode side by side with nginx + php-fpm: one front controller written for php-fpm (tests/apps/front) answers the same requests with the same status, headers and body under startServer's superglobals mode as under Debian's nginx + php-fpm
--SKIPIF--
<?php require __DIR__ . '/inc/nginx_fpm.inc'; nginx_fpm_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/nginx_fpm.inc';
require __DIR__ . '/inc/server.inc';
$app = realpath(__DIR__ . '/apps/front');
$tmp = sys_get_temp_dir() . '/lyger-380-' . getmypid();
register_shutdown_function(fn () => exec('rm -rf ' . escapeshellarg($tmp))); // also when a start fails
@mkdir("$tmp/fpm-sessions", 0777, true);
@mkdir("$tmp/worker-sessions", 0777, true);
// The same php settings on both sides; output_buffering as Debian's php.ini ships it
// (the worker buffers the whole response, so headers_sent() is false until the end).
$ini = ['expose_php' => '0', 'output_buffering' => '4096', 'display_errors' => 'stderr', 'log_errors' => '0'];

$fpm = nginx_fpm_start("$app/public", $ini + ['session.save_path' => "$tmp/fpm-sessions"]);
// worker mode: the application's own bootstrap, tests/apps/front/worker/index.php, which loads
// the classes once and requires the unchanged public/index.php for each request
$dir = "$tmp/worker";
mkdir($dir);
$cmd = array_merge(lyger_php_cmd($ini + ['session.save_path' => "$tmp/worker-sessions"]), ["$app/worker/index.php", '0', '1']);
$proc = proc_open($cmd, [0 => ['pipe', 'r'], 1 => ['file', "$dir/stdout", 'w'], 2 => ['file', "$dir/stderr", 'w']], $pipes, $dir);
$srv = ['proc' => $proc, 'pipes' => $pipes, 'dir' => $dir, 'port' => 0, 'host' => '127.0.0.1'];
for ($i = 0; $i < 750 && !$srv['port']; $i++) {
    usleep(20000);
    if (preg_match('#listening on http://[^:]+:(\d+)#', (string) @file_get_contents("$dir/stdout"), $m)) {
        $srv['port'] = (int) $m[1];
    }
}
if (!$srv['port']) {
    nginx_fpm_stop($fpm);
    lyger_server_kill($srv);
    die("worker did not start: " . @file_get_contents("$dir/stderr"));
}

/*
 * What is compared: the status, every header but those below (names case-insensitively,
 * headers of one name in their order), and the body. Ignored: Date (the clock), Server (the
 * product), Content-Length / Transfer-Encoding / Connection / Keep-Alive (framing: nginx
 * streams php-fpm's answer chunked, the worker knows the length), X-Powered-By (off on both).
 * Normalised: the session id in PHPSESSID cookies and the port each server listens on.
 */
function normalise(?array $r, int $port): string
{
    if ($r === null) {
        return "(no response)";
    }
    $ignored = ['date', 'server', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'x-powered-by'];
    $byName = [];
    foreach ($r['headers'] as [$k, $v]) {
        $k = strtolower($k);
        if (!in_array($k, $ignored, true)) {
            $byName[$k][] = preg_replace('/PHPSESSID=[^;]+/', 'PHPSESSID={sid}', $v);
        }
    }
    ksort($byName);
    $out = $r['status'] . "\n";
    foreach ($byName as $k => $vs) {
        foreach ($vs as $v) {
            $out .= "$k: $v\n";
        }
    }
    return $out . "\n" . str_replace((string) $port, '{port}', $r['body']);
}

$boundary = '----lyger380';
$multipart = "--$boundary\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nA title\r\n"
    . "--$boundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\nContent-Type: text/plain\r\n\r\n"
    . str_repeat("line of the upload\n", 200) . "\r\n--$boundary--\r\n";
$requests = [
    ['GET', '/hello'],
    ['HEAD', '/hello'],
    ['GET', '/json'],
    ['GET', '/query?a[]=1&a[]=2&b=x%20y&c', ['X-Trace-Id' => 'abc']],
    ['GET', '/server?x=1', ['X-Trace-Id' => 'abc', 'Accept' => 'text/html']],
    ['POST', '/server', ['Content-Type' => 'application/x-www-form-urlencoded'], 'a=1'],
    ['POST', '/form', ['Content-Type' => 'application/x-www-form-urlencoded'], 'name=Bob+%26+Ann&age=7'],
    ['POST', '/api/items', ['Content-Type' => 'application/json'], '{"name":"pen","tags":["a","b"]}'],
    ['POST', '/api/items', ['Content-Type' => 'application/json'], '{"nope":1}'],
    ['GET', '/headers', ['Cookie' => 'theme=light; other=1']],
    ['GET', '/redirect'],
    ['POST', '/redirect', ['Content-Type' => 'application/x-www-form-urlencoded'], 'a=1'],
    ['GET', '/missing/page'],
    ['POST', '/upload', ['Content-Type' => "multipart/form-data; boundary=$boundary"], $multipart],
    'session',
];

try {
    foreach ($requests as $req) {
        if ($req === 'session') {
            // a session counter: a new session (Set-Cookie), then the same one again (no Set-Cookie)
            $same = true;
            $show = '';
            foreach ([$fpm['port'] => 'fpm', $srv['port'] => 'worker'] as $port => $side) {
                $a = http_exchange($port, 'GET', '/session');
                preg_match('/PHPSESSID=([^;]+)/', implode("\n", array_map(fn ($h) => $h[1], $a['headers'] ?? [])), $m);
                $b = http_exchange($port, 'GET', '/session', ['Cookie' => 'PHPSESSID=' . ($m[1] ?? 'none')]);
                $t[$side] = normalise($a, $port) . "\n--\n" . normalise($b, $port);
            }
            $label = 'GET /session twice';
            $fpmOut = $t['fpm'];
            $workerOut = $t['worker'];
        } else {
            [$method, $target, $headers, $body] = $req + [2 => [], 3 => ''];
            $label = "$method $target";
            $fpmOut = normalise(http_exchange($fpm['port'], $method, $target, $headers, $body), $fpm['port']);
            $workerOut = normalise(http_exchange($srv['port'], $method, $target, $headers, $body), $srv['port']);
        }
        if ($fpmOut === $workerOut) {
            echo "$label: same (", strtok($fpmOut, "\n"), ")\n";
        } else {
            echo "$label: DIFFERENT\n--- nginx + php-fpm\n$fpmOut\n--- worker mode\n$workerOut\n";
        }
    }
} finally {
    nginx_fpm_stop($fpm);
    lyger_server_stop($srv);
    $err = trim(lyger_server_output($srv, 'stderr'));
    lyger_server_cleanup($srv);
    exec('rm -rf ' . escapeshellarg($tmp));
}
// the bootstrap's stderr holds the server's start banner and nothing else
$err = trim(preg_replace('/^(Lyger server .* listening on .*|  to listen on all interfaces .*)$/m', '', $err));
echo "worker stderr: ", $err === '' ? '(empty)' : $err, "\n";
?>
--EXPECT--
GET /hello: same (200)
HEAD /hello: same (200)
GET /json: same (200)
GET /query?a[]=1&a[]=2&b=x%20y&c: same (200)
GET /server?x=1: same (200)
POST /server: same (200)
POST /form: same (200)
POST /api/items: same (201)
POST /api/items: same (422)
GET /headers: same (200)
GET /redirect: same (302)
POST /redirect: same (302)
GET /missing/page: same (404)
POST /upload: same (200)
GET /session twice: same (200)
worker stderr: (empty)
