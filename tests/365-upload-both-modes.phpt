--TEST--
Uploads, extension and fallback alike: multipart fields in $data, files in $request['files'] ($_FILES's shape) with their content in temp files under upload_tmp_dir, rename() of one keeps it, the others are deleted when the request ends (also after an exception), PHP's error codes for upload_max_filesize, MAX_FILE_SIZE, a truncated part and an empty file input, and nothing over post_max_size
--FILE--
<?php
require __DIR__ . '/inc/upload.inc';
$dir = up_tmpdir('365');
$dest = up_tmpdir('365-dest');
$srv = up_start($dir, '
    if ($uri === "/rename") {
        rename($request["files"]["a"]["tmp_name"], ' . var_export($dest, true) . ' . "/kept");
    }
    $files = $request["files"];
    array_walk_recursive($files, function (&$v) {
        if (is_string($v) && str_starts_with($v, ini_get("upload_tmp_dir") . "/")) {
            $v = is_file($v) ? "tmp:" . file_get_contents($v) : "moved";
        }
    });
    if ($uri === "/throw") throw new RuntimeException("thrown");
    return json_encode(["data" => $data, "files" => $files]);
', ['upload_max_filesize' => '50', 'post_max_size' => '4000']);
$f = fn (string $name, string $value, string $file = 'f.txt') => ['name' => $name, 'filename' => $file, 'value' => $value, 'type' => 'text/plain'];
$v = fn (string $name, string $value) => ['name' => $name, 'value' => $value];
try {
    echo up_post($srv, up_body([$v('title', 'hi'), $v('t[]', '1'), $v('t[]', '2'), $f('a', 'AAA', 'x/a.txt'), $f('m[]', 'M0'), $f('m[]', 'M1')]), '/up?q=1')['body'], "\n";
    echo "left: ", count(up_ls($dir)), "\n";
    echo up_post($srv, up_body([$f('a', 'kept content'), $f('b', 'dropped')]), '/rename')['body'], "\n";
    echo "left: ", count(up_ls($dir)), ", kept: ", file_get_contents("$dest/kept"), "\n";
    echo up_post($srv, up_body([$f('a', 'x')]), '/throw')['status'], " left: ", count(up_ls($dir)), "\n";
    echo up_post($srv, up_body([$f('big', str_repeat('b', 51)), $v('MAX_FILE_SIZE', '5'), $f('form', '123456'), ['name' => 'none', 'filename' => '', 'value' => '']]))['body'], "\n";
    echo up_post($srv, substr(up_body([$v('k', 'v'), $f('cut', str_repeat('c', 40))]), 0, -30))['body'], "\n";
    echo up_post($srv, up_body([$v('k', 'v'), $f('huge', str_repeat('h', 4000))]))['body'], "\n";
    echo "left: ", count(up_ls($dir)), "\n";
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
    up_rmdir($dir);
    up_rmdir($dest);
}
?>
--EXPECT--
{"data":{"q":"1","title":"hi","t":["1","2"]},"files":{"a":{"name":"a.txt","full_path":"x\/a.txt","type":"text\/plain","tmp_name":"tmp:AAA","error":0,"size":3},"m":{"name":["f.txt","f.txt"],"full_path":["f.txt","f.txt"],"type":["text\/plain","text\/plain"],"tmp_name":["tmp:M0","tmp:M1"],"error":[0,0],"size":[2,2]}}}
left: 0
{"data":[],"files":{"a":{"name":"f.txt","full_path":"f.txt","type":"text\/plain","tmp_name":"moved","error":0,"size":12},"b":{"name":"f.txt","full_path":"f.txt","type":"text\/plain","tmp_name":"tmp:dropped","error":0,"size":7}}}
left: 0, kept: kept content
500 left: 0
{"data":{"MAX_FILE_SIZE":"5"},"files":{"big":{"name":"f.txt","full_path":"f.txt","type":"","tmp_name":"","error":1,"size":0},"form":{"name":"f.txt","full_path":"f.txt","type":"","tmp_name":"","error":2,"size":0},"none":{"name":"","full_path":"","type":"","tmp_name":"","error":4,"size":0}}}
{"data":{"k":"v"},"files":{"cut":{"name":"f.txt","full_path":"f.txt","type":"","tmp_name":"","error":3,"size":0}}}
{"data":[],"files":[]}
left: 0
