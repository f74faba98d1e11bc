--TEST--
Uploads (argument mode): PHP's limits and error codes, the same as php-cgi gives for the same body and INI: upload_max_filesize (UPLOAD_ERR_INI_SIZE), a MAX_FILE_SIZE field (UPLOAD_ERR_FORM_SIZE), max_file_uploads, post_max_size (nothing parsed, PHP's warning), max_input_vars, a truncated part (UPLOAD_ERR_PARTIAL), an empty file input (UPLOAD_ERR_NO_FILE); no temp file left after any
--SKIPIF--
<?php if (!extension_loaded('lyger')) die('skip compared with php-cgi exactly (every edge of rfc1867.c, is_uploaded_file(), E_WARNING messages): the fallback parses in PHP and raises E_USER_WARNING; tests/365 covers its uploads'); ?>
--FILE--
<?php
require __DIR__ . '/inc/upload.inc';
$dir = up_tmpdir('362');
$ini = ['upload_max_filesize' => '100', 'max_file_uploads' => '3', 'post_max_size' => '2000', 'max_input_vars' => '4'];
$srv = up_start($dir, UP_ROUTER, $ini);
$f = fn (string $name, string $value, string $file = 'f.txt') => ['name' => $name, 'filename' => $file, 'value' => $value];
$v = fn (string $name, string $value) => ['name' => $name, 'value' => $value];
$cases = [
    'upload_max_filesize' => up_body([$f('big', str_repeat('x', 101)), $f('ok', str_repeat('y', 100))]),
    'MAX_FILE_SIZE' => up_body([$v('MAX_FILE_SIZE', '10'), $f('big', str_repeat('x', 11)), $f('ok', 'tiny')]),
    'max_file_uploads' => up_body([$f('a', '1'), $f('b', '2'), $f('c', '3'), $f('d', '4'), $v('after', 'field')]),
    'post_max_size' => up_body([$v('field', 'v'), $f('a', str_repeat('z', 1990))]),
    'max_input_vars' => up_body([$v('v1', '1'), $v('v2', '2'), $v('v3', '3'), $v('v4', '4'), $v('v5', '5'), $f('a', 'file')]),
    'truncated part' => substr(up_body([$v('field', 'v'), $f('a', str_repeat('t', 90))]), 0, -40),
    'no file chosen' => up_body([['name' => 'a', 'filename' => '', 'value' => '']]),
];
try {
    up_compare($srv, $dir, $cases, $ini);
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
    echo "left at the end: ", count(up_ls($dir)), "\n";
    up_rmdir($dir);
}
?>
--EXPECT--
upload_max_filesize: 200 fields [] files ["big","ok"] errors [1,0] messages [] left 0
MAX_FILE_SIZE: 200 fields ["MAX_FILE_SIZE"] files ["big","ok"] errors [2,0] messages [] left 0
max_file_uploads: 200 fields ["after"] files ["a","b","c"] errors [0,0,0] messages ["Warning: Maximum number of allowable file uploads has been exceeded"] left 0
post_max_size: 200 fields [] files [] errors [] messages ["Warning: POST Content-Length of 2192 bytes exceeds the limit of 2000 bytes"] left 0
max_input_vars: 200 fields ["v1","v2","v3","v4"] files ["a"] errors [0] messages ["Warning: PHP Request Startup: Input variables exceeded 4. To increase the limit change max_input_vars in php.ini."] left 0
truncated part: 200 fields ["field"] files ["a"] errors [3] messages [] left 0
no file chosen: 200 fields [] files ["a"] errors [4] messages [] left 0
left at the end: 0
