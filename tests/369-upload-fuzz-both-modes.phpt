--TEST--
Fuzz, both modes (extension and fallback): random well-formed multipart/form-data bodies (fields and files under plain, nested and list names, binary contents around upload_max_filesize, MAX_FILE_SIZE fields, empty file inputs, more files than max_file_uploads, CRLF or LF lines) give the router the same fields and files (name, full path, type, size, error, content hash) as php-cgi's $_POST and $_FILES for the same body and INI, and no temp file outlives its request
--FILE--
<?php
require __DIR__ . '/inc/upload.inc';
$seed = (int) (getenv('LYGER_FUZZ_SEED') ?: 369);
mt_srand($seed);
$count = in_array(getenv('LYGER_TEST_MODE'), ['valgrind', 'asan', 'zts'], true) ? 25 : 120;
$dir = up_tmpdir('369');
$ini = ['upload_max_filesize' => '1500', 'max_file_uploads' => '5'];
$srv = up_start($dir, UP_ROUTER, $ini);
function pick(array $a) { return $a[mt_rand(0, count($a) - 1)]; }
/** The report without what only the extension can do (is_uploaded_file()). */
function comparable(?string $json): string
{
    return preg_replace('/"uploaded":(true|false),/', '', (string) $json);
}
try {
    $bad = 0;
    $left = 0;
    for ($i = 0; $i < $count; $i++) {
        $bnd = pick(['XyZb0und4ry', '----WebKitFormBoundary7MA4YWxkTrZu0gW', 'b']);
        $eol = mt_rand(0, 4) ? "\r\n" : "\n";
        $body = '';
        for ($p = mt_rand(0, 8); $p > 0; $p--) {
            $name = pick(['a', 'b', 'title', 'f[]', 'f[]', 'g[k]', 'g[k][]', 'h[x][y]', 'MAX_FILE_SIZE', 'with space', 'dot.ted', "\u{e9}t\u{e9}"]);
            $file = mt_rand(0, 1) === 1 && $name !== 'MAX_FILE_SIZE';
            $value = $name === 'MAX_FILE_SIZE' ? (string) mt_rand(100, 2000)
                : ($file && mt_rand(0, 6) === 0 ? '' : (($n = pick([0, 1, 10, 500, 1499, 1500, 1501, 3000])) ? random_bytes($n) : ""));
            $body .= "--$bnd{$eol}Content-Disposition: form-data; name=\"$name\"";
            if ($file) {
                $fname = mt_rand(0, 6) === 0 ? '' : pick(['a.txt', 'dir/b.png', 'c:\\docs\\c.pdf', "\u{e9}t\u{e9}.bin", 'no-ext']);
                $body .= "; filename=\"$fname\"";
                if (mt_rand(0, 3)) {
                    $body .= $eol . 'Content-Type: ' . pick(['text/plain', 'image/png', 'application/octet-stream', 'text/plain; charset=utf-8']);
                }
            }
            $body .= "$eol$eol$value$eol";
        }
        $body .= "--$bnd--$eol";
        $ct = "multipart/form-data; boundary=$bnd";
        $r = up_post($srv, $body, '/up', '', $ct);
        $cgi = up_cgi_report($dir, $body, $ct, $ini);
        if ($cgi === null) {
            echo "no php-cgi\n";
            break;
        }
        $files = up_ls($dir);
        $left += count($files);
        array_map('unlink', array_map(fn ($f) => "$dir/$f", $files));
        if (($r['status'] ?? 0) !== 200 || comparable($r['body']) !== comparable($cgi['json'])) {
            if (++$bad <= 3) {
                echo "differs (seed $seed, request $i): ", json_encode(['body' => base64_encode($body), 'got' => $r['body'] ?? null, 'php-cgi' => $cgi['json']]), "\n";
            }
        }
    }
    echo "$bad requests differ, $left temp files left\n";
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
    up_rmdir($dir);
}
?>
--EXPECT--
0 requests differ, 0 temp files left
