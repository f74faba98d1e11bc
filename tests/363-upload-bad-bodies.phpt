--TEST--
Uploads (argument mode): bad multipart bodies (no, unterminated, oversized or unmatched boundary, empty or garbage body, parts cut in their headers or data, parts without a name or disposition, too many files, too many parts, an oversized header line, file name and field) give exactly what php-cgi gives for the same body and INI (fields, files, error codes, PHP's messages), no crash, and no temp file left
--SKIPIF--
<?php if (!extension_loaded('lyger')) die('skip compared with php-cgi exactly (every edge of rfc1867.c, is_uploaded_file(), E_WARNING messages): the fallback parses in PHP and raises E_USER_WARNING; tests/365 covers its uploads'); ?>
--FILE--
<?php
require __DIR__ . '/inc/upload.inc';
$dir = up_tmpdir('363');
$ini = ['max_multipart_body_parts' => '30'];
$srv = up_start($dir, UP_ROUTER, $ini);
$f = fn (string $name, string $value, string $file = 'f.txt') => ['name' => $name, 'filename' => $file, 'value' => $value];
$v = fn (string $name, string $value) => ['name' => $name, 'value' => $value];
$good = up_body([$v('field', 'value'), $f('file', str_repeat('d', 200)), $v('after', 'x')]);
$many = fn (int $n, bool $files) => up_body(array_map(fn ($i) => $files ? $f("f$i", "content $i") : $v("v$i", "$i"), range(1, $n)));
$cases = [
    'no boundary' => [$good, 'multipart/form-data'],
    'boundary= without a value' => [$good, 'multipart/form-data; boundary='],
    'unterminated quoted boundary' => [$good, 'multipart/form-data; boundary="XyZb0und4ry'],
    'quoted boundary' => [$good, 'multipart/form-data; boundary="XyZb0und4ry"'],
    'upper-case type and parameter' => [$good, 'Multipart/Form-Data; BOUNDARY=XyZb0und4ry'],
    'boundary with more parameters' => [$good, 'multipart/form-data; charset=utf-8; boundary=XyZb0und4ry; x=y'],
    'oversized boundary' => [$good, 'multipart/form-data; boundary=' . str_repeat('b', 5200)],
    'another boundary in the body' => [$good, 'multipart/form-data; boundary=other'],
    'empty body' => '',
    'garbage' => "\x00\xff garbage\r\n\r\n--\r\n",
    'cut in a part header' => substr($good, 0, strpos($good, 'name="file"') + 7),
    'cut after a part header' => substr($good, 0, strpos($good, "\r\n\r\nddd") + 4),
    'cut in file data' => substr($good, 0, strpos($good, "ddd") + 50),
    'cut before the final --' => substr($good, 0, -4),
    'no closing boundary at all' => substr($good, 0, strrpos($good, '--XyZb0und4ry')),
    'part without a name' => "--XyZb0und4ry\r\nContent-Disposition: form-data; filename=\"a.txt\"\r\n\r\nx\r\n--XyZb0und4ry\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\nv\r\n--XyZb0und4ry--\r\n",
    'part without a disposition' => "--XyZb0und4ry\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZb0und4ry\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\nv\r\n--XyZb0und4ry--\r\n",
    'odd names' => up_body([$v('a b.c', '1'), $v('arr[', '2'), $v('x[y]z', '3'), $v("nul\0byte", '4'), $f('f[a b]', 'five', '..\\..\\evil.txt'), $f('g', 'six', '/etc/passwd')]),
    'too many files (max_file_uploads 20)' => $many(25, true),
    'too many parts (max_multipart_body_parts 30)' => $many(35, false),
    'oversized header line' => "--XyZb0und4ry\r\nContent-Disposition: form-data; name=\"k\"\r\nX-Long: " . str_repeat('h', 20000) . "\r\n\r\nv\r\n--XyZb0und4ry--\r\n",
    'oversized file name' => up_body([$f('file', 'content', str_repeat('n', 10000) . '.txt')]),
    'oversized field' => up_body([$v('big', str_repeat('v', 300000)), $f('file', 'after the big field')]),
];
try {
    up_compare($srv, $dir, $cases, $ini);
    echo "still serving: ", lyger_request($srv, 'GET', '/health')['status'], "\n";
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
    echo "left at the end: ", count(up_ls($dir)), "\n";
    up_rmdir($dir);
}
?>
--EXPECT--
no boundary: 200 fields [] files [] errors [] messages ["Warning: Missing boundary in multipart\/form-data POST data"] left 0
boundary= without a value: 200 fields [] files [] errors [] messages [] left 0
unterminated quoted boundary: 200 fields [] files [] errors [] messages ["Warning: Invalid boundary in multipart\/form-data POST data"] left 0
quoted boundary: 200 fields ["field","after"] files ["file"] errors [0] messages [] left 0
upper-case type and parameter: 200 fields ["field","after"] files ["file"] errors [0] messages [] left 0
boundary with more parameters: 200 fields ["field","after"] files ["file"] errors [0] messages [] left 0
oversized boundary: 200 fields [] files [] errors [] messages ["Warning: Boundary too large in multipart\/form-data POST data"] left 0
another boundary in the body: 200 fields [] files [] errors [] messages [] left 0
empty body: 200 fields [] files [] errors [] messages [] left 0
garbage: 200 fields [] files [] errors [] messages [] left 0
cut in a part header: 200 fields ["field"] files [] errors [] messages [] left 0
cut after a part header: 200 fields ["field"] files ["file"] errors [3] messages [] left 0
cut in file data: 200 fields ["field"] files ["file"] errors [3] messages [] left 0
cut before the final --: 200 fields ["field","after"] files ["file"] errors [0] messages [] left 0
no closing boundary at all: 200 fields ["field","after"] files ["file"] errors [0] messages [] left 0
part without a name: 200 fields ["k"] files [0] errors [0] messages [] left 0
part without a disposition: 200 fields ["k"] files [] errors [] messages [] left 0
odd names: 200 fields ["a_b_c","arr_","x","nul"] files ["f","g"] errors [0] messages [] left 0
too many files (max_file_uploads 20): 200 fields [] files ["f1","f2","f3","f4","f5","f6","f7","f8","f9","f10","f11","f12","f13","f14","f15","f16","f17","f18","f19","f20"] errors [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0] messages ["Warning: Maximum number of allowable file uploads has been exceeded"] left 0
too many parts (max_multipart_body_parts 30): 200 fields ["v1","v2","v3","v4","v5","v6","v7","v8","v9","v10","v11","v12","v13","v14","v15","v16","v17","v18","v19","v20","v21","v22","v23","v24","v25","v26","v27","v28","v29","v30"] files [] errors [] messages ["Warning: PHP Request Startup: Multipart body parts limit exceeded 30. To increase the limit change max_multipart_body_parts in php.ini."] left 0
oversized header line: 200 fields ["k"] files [] errors [] messages [] left 0
oversized file name: 200 fields [] files ["file"] errors [0] messages [] left 0
oversized field: 200 fields ["big"] files ["file"] errors [0] messages [] left 0
still serving: 200
left at the end: 0
