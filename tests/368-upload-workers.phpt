--TEST--
Uploads with 'workers' => 2: each worker process parses its requests' bodies, the temp files of every request are deleted when it ends, and a worker recycled by max_requests leaves none behind
--SKIPIF--
<?php if (!extension_loaded('lyger')) die('skip workers need the extension (the fallback serves with one process)'); ?>
--FILE--
<?php
require __DIR__ . '/inc/upload.inc';
$dir = up_tmpdir('368');
$srv = up_start($dir, '
    $f = $request["files"]["doc"] ?? null;
    return json_encode([$data["n"] ?? null, $f ? md5_file($f["tmp_name"]) === $data["md5"] && is_uploaded_file($f["tmp_name"]) : null]);
', [], ['workers' => 2, 'max_requests' => 7]);
try {
    $bad = 0;
    for ($i = 0; $i < 40; $i++) {
        $len = $i === 0 ? 0 : mt_rand(1, 5000); // the first upload is an empty file
        $content = $len === 0 ? '' : random_bytes($len);
        $r = up_post($srv, up_body([['name' => 'n', 'value' => (string) $i], ['name' => 'md5', 'value' => md5($content)], ['name' => 'doc', 'filename' => "f$i.bin", 'value' => $content]]));
        if (($r['body'] ?? '') !== json_encode([(string) $i, true])) {
            $bad++;
            echo "request $i: ", $r['status'] ?? 'none', " ", $r['body'] ?? '', "\n";
        }
    }
    echo "$bad bad answers, temp files left: ", count(up_ls($dir)), "\n";
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
    echo "after stop: ", count(up_ls($dir)), "\n";
    up_rmdir($dir);
}
?>
--EXPECT--
0 bad answers, temp files left: 0
after stop: 0
