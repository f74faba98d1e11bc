--TEST--
Fuzz, differential: random and mutated multipart/form-data bodies (fields and files with odd names, binary data, boundary look-alikes, LF-only lines, truncated, bytes flipped or inserted, parts repeated, over the limits) sent to the server and posted to php-cgi of the PHP under test with the same INI: the same fields, files (name, type, size, error, content hash) and PHP messages, and no temp file left after any request
--SKIPIF--
<?php if (!extension_loaded('lyger')) die('skip compared with php-cgi exactly (every edge of rfc1867.c, is_uploaded_file(), E_WARNING messages): the fallback parses in PHP and raises E_USER_WARNING; tests/365 covers its uploads'); ?>
--FILE--
<?php
require __DIR__ . '/inc/upload.inc';
$seed = (int) (getenv('LYGER_FUZZ_SEED') ?: 364);
mt_srand($seed);
$count = in_array(getenv('LYGER_TEST_MODE'), ['valgrind', 'asan', 'zts'], true) ? 40 : 200;
$dir = up_tmpdir('364');
$ini = ['upload_max_filesize' => '2000', 'max_file_uploads' => '4', 'post_max_size' => '30000', 'max_input_vars' => '6'];
$srv = up_start($dir, UP_ROUTER, $ini);

function pick(array $a) { return $a[mt_rand(0, count($a) - 1)]; }
function rnd_bytes(int $n, bool $binary): string
{
    $s = '';
    for ($i = 0; $i < $n; $i++) {
        $s .= $binary ? chr(mt_rand(0, 255)) : pick(['a', 'b', 'z', '0', ' ', '.', '-', '_', '[', ']', '"', ';', '=', "\r\n", "\n", '/', '\\', "\u{e9}"]);
    }
    return $s;
}
function rnd_name(): string
{
    return pick(['a', 'b', 'f[]', 'f[]', 'f[k]', 'f[k][]', 'g[x][y]', 'MAX_FILE_SIZE', 'a b', 'a.b', 'arr[', '[]', '', 'x]y', "n\u{e9}", rnd_bytes(mt_rand(1, 6), false)]);
}
function rnd_part(string $bnd, string $eol): string
{
    $file = mt_rand(0, 2) > 0;
    $name = rnd_name();
    $q = pick(['"', '"', '', "'"]);
    $h = pick(['Content-Disposition', 'content-disposition', 'CONTENT-DISPOSITION']) . ': ' . pick(['form-data', 'form-data', 'attachment', 'inline']) . "; name=$q$name$q";
    if ($file) {
        $fname = pick(['a.txt', '', 'dir/b.bin', 'c:\\x\\y.png', '..', "\u{e9}t\u{e9}.txt", rnd_bytes(mt_rand(0, 8), false), 'a"b.txt']);
        $h .= pick(['; ', ';', '; ']) . pick(['filename', 'filename', 'FILENAME', 'filename*']) . "=\"$fname\"";
        if (mt_rand(0, 3)) {
            $h .= $eol . 'Content-Type: ' . pick(['text/plain', 'image/png', 'application/octet-stream', '', 'a/b; charset=x']);
        }
    }
    if (mt_rand(0, 4) === 0) {
        $h .= $eol . 'X-Extra: ' . rnd_bytes(mt_rand(0, 30), false);
    }
    $value = $name === 'MAX_FILE_SIZE' && !$file ? (string) mt_rand(0, 400) : match (mt_rand(0, 6)) {
        0 => '',
        1 => (string) mt_rand(0, 3000),                    // a MAX_FILE_SIZE value
        2 => rnd_bytes(mt_rand(1900, 2100), true),          // around upload_max_filesize
        3 => "x\r\n--" . substr($bnd, 0, mt_rand(0, strlen($bnd))) . "y", // a boundary look-alike
        default => rnd_bytes(mt_rand(0, 300), mt_rand(0, 1) === 1),
    };
    return "--$bnd$eol$h$eol$eol$value$eol";
}
function rnd_body(string $bnd): string
{
    $eol = mt_rand(0, 5) ? "\r\n" : "\n";
    $parts = [];
    for ($i = mt_rand(0, 9); $i > 0; $i--) {
        $parts[] = rnd_part($bnd, $eol);
    }
    if ($parts && mt_rand(0, 5) === 0) {
        $parts[] = pick($parts); // a part repeated
    }
    $body = pick(['', '', "preamble$eol", "$eol"]) . implode('', $parts) . "--$bnd--" . pick([$eol, '', "{$eol}epilogue"]);
    switch (mt_rand(0, 7)) {
        case 0: return substr($body, 0, mt_rand(0, strlen($body)));                        // truncated
        case 1: for ($i = mt_rand(1, 5); $i > 0 && $body !== ''; $i--) { $body[mt_rand(0, strlen($body) - 1)] = chr(mt_rand(0, 255)); } return $body; // bytes flipped
        case 2: $p = mt_rand(0, strlen($body)); return substr($body, 0, $p) . rnd_bytes(mt_rand(1, 20), true) . substr($body, $p); // bytes inserted
        case 3: return $body . str_repeat('p', mt_rand(0, 1) ? 0 : 30000);                   // maybe over post_max_size
        default: return $body;
    }
}

try {
    $bad = 0;
    $left = 0;
    $stats = ['files' => 0, 'errors' => []];
    $seen = strlen(lyger_server_output($srv));
    for ($i = 0; $i < $count; $i++) {
        $bnd = pick(['XyZb0und4ry', '----WebKitFormBoundary7MA4YWxkTrZu0gW', 'a', '--', 'b=c', str_repeat('q', 70)]);
        $ct = pick(["multipart/form-data; boundary=$bnd", "multipart/form-data; boundary=\"$bnd\"", "multipart/form-data;boundary=$bnd; charset=utf-8", 'multipart/form-data', "MULTIPART/FORM-DATA; BOUNDARY=$bnd"]);
        $body = rnd_body($bnd);
        $r = up_post($srv, $body, '/up', '', $ct);
        $err = lyger_server_output($srv);
        $warn = up_warnings(substr($err, $seen));
        $seen = strlen($err);
        $cgi = up_cgi_report($dir, $body, $ct, $ini);
        if ($cgi === null) {
            echo "no php-cgi\n";
            break;
        }
        $files = up_ls($dir);
        $left += count($files);
        array_map('unlink', array_map(fn ($f) => "$dir/$f", $files));
        $j = json_decode($r['body'] ?? '', true);
        if (is_array($j)) {
            array_walk_recursive($j['files'], function ($v, $k) use (&$stats) { if ($k === 'error') { $stats['files']++; $stats['errors'][$v] = 1; } });
        }
        if (($r['status'] ?? 0) !== 200 || $r['body'] !== $cgi['json'] || $warn !== $cgi['warnings']) {
            if (++$bad <= 3) {
                echo "differs (seed $seed, request $i): ", json_encode(['ct' => $ct, 'body' => base64_encode($body), 'status' => $r['status'] ?? null,
                    'got' => $r['body'] ?? null, 'got messages' => $warn, 'php-cgi' => $cgi['json'], 'php-cgi messages' => $cgi['warnings']]), "\n";
            }
        }
    }
    echo "$bad requests differ, $left temp files left\n";
    ksort($stats['errors']);
    $codes = array_keys($stats['errors']);
    if ($count >= 200) {
        echo "files seen: ", $stats['files'] > $count / 5 ? 'many' : $stats['files'], "; error codes seen: ", json_encode($codes), "\n";
    } else {
        echo "files seen: ", $stats['files'] > $count / 5 ? 'many' : $stats['files'], "; error codes seen: ", in_array(0, $codes, true) && count($codes) >= 3 ? "[0,1,2,3,4]" : json_encode($codes), "\n";
    }
    echo "still serving: ", lyger_request($srv, 'GET', '/health')['status'], "\n";
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
    up_rmdir($dir);
}
?>
--EXPECT--
0 requests differ, 0 temp files left
files seen: many; error codes seen: [0,1,2,3,4]
still serving: 200
