--TEST--
Uploads (argument mode): one file, several files, fields beside them and arrays of files (f[], f[k][]) reach the router as $request['files'] ($_FILES's shape: name, full_path, type, tmp_name, error, size) and $data; the temp files are under upload_tmp_dir and is_uploaded_file() accepts them
--SKIPIF--
<?php if (!extension_loaded('lyger')) die('skip the fallback cannot register temp files for is_uploaded_file()/move_uploaded_file() (PHP code has no access to SG(rfc1867_uploaded_files)); tests/365 covers its uploads'); ?>
--FILE--
<?php
require __DIR__ . '/inc/upload.inc';
$dir = up_tmpdir('360');
$srv = up_start($dir, 'return json_encode(["data" => $data, "files" => up_describe($request["files"])], JSON_PRETTY_PRINT);');
try {
    echo "-- one file and fields\n";
    $r = up_post($srv, up_body([
        ['name' => 'title', 'value' => 'hello'],
        ['name' => 'doc', 'filename' => 'a.txt', 'type' => 'text/plain', 'value' => "line1\nline2"],
        ['name' => 'tags[]', 'value' => 'x'],
        ['name' => 'tags[]', 'value' => 'y'],
    ]), '/up?q=1&title=fromquery');
    echo $r['status'], "\n", $r['body'], "\n";
    echo "-- several files, an array of files, a nested array, an empty file input\n";
    $r = up_post($srv, up_body([
        ['name' => 'a', 'filename' => 'one.bin', 'value' => str_repeat("\0\xff", 3000)],
        ['name' => 'b', 'filename' => 'dir/two.txt', 'type' => 'text/plain', 'value' => ''],
        ['name' => 'f[]', 'filename' => 'f0.txt', 'type' => 'text/plain', 'value' => 'zero'],
        ['name' => 'f[]', 'filename' => 'f1.txt', 'type' => 'text/plain', 'value' => 'one'],
        ['name' => 'g[k][]', 'filename' => 'g.txt', 'type' => 'text/plain', 'value' => 'gee'],
        ['name' => 'none', 'filename' => '', 'value' => ''],
    ]));
    echo $r['status'], "\n", $r['body'], "\n";
    echo "-- not multipart: files is []\n";
    $r = lyger_request($srv, 'POST', '/form', ['Content-Type' => 'application/x-www-form-urlencoded'], 'a=1');
    echo $r['body'], "\n";
    echo "temp files left: ", count(up_ls($dir)), "\n";
} finally {
    lyger_server_stop($srv);
    echo "stderr: ", up_stderr($srv), "\n";
    lyger_server_cleanup($srv);
    up_rmdir($dir);
}
?>
--EXPECT--
-- one file and fields
200
{
    "data": {
        "q": "1",
        "title": "hello",
        "tags": [
            "x",
            "y"
        ]
    },
    "files": {
        "doc": {
            "name": "a.txt",
            "full_path": "a.txt",
            "type": "text\/plain",
            "tmp_name": {
                "dir": "tmpdir",
                "exists": true,
                "uploaded": true,
                "md5": "ee5a58024a155466b43bc559d953e018"
            },
            "error": 0,
            "size": 11
        }
    }
}
-- several files, an array of files, a nested array, an empty file input
200
{
    "data": [],
    "files": {
        "a": {
            "name": "one.bin",
            "full_path": "one.bin",
            "type": "application\/octet-stream",
            "tmp_name": {
                "dir": "tmpdir",
                "exists": true,
                "uploaded": true,
                "md5": "4ea7a9c7fd813b2f10000285d19d970c"
            },
            "error": 0,
            "size": 6000
        },
        "b": {
            "name": "two.txt",
            "full_path": "dir\/two.txt",
            "type": "text\/plain",
            "tmp_name": {
                "dir": "tmpdir",
                "exists": true,
                "uploaded": true,
                "md5": "d41d8cd98f00b204e9800998ecf8427e"
            },
            "error": 0,
            "size": 0
        },
        "f": {
            "name": [
                "f0.txt",
                "f1.txt"
            ],
            "full_path": [
                "f0.txt",
                "f1.txt"
            ],
            "type": [
                "text\/plain",
                "text\/plain"
            ],
            "tmp_name": [
                {
                    "dir": "tmpdir",
                    "exists": true,
                    "uploaded": true,
                    "md5": "d02c4c4cde7ae76252540d116a40f23a"
                },
                {
                    "dir": "tmpdir",
                    "exists": true,
                    "uploaded": true,
                    "md5": "f97c5d29941bfb1b2fdab0874906ab82"
                }
            ],
            "error": [
                0,
                0
            ],
            "size": [
                4,
                3
            ]
        },
        "g": {
            "name": {
                "k": [
                    "g.txt"
                ]
            },
            "full_path": {
                "k": [
                    "g.txt"
                ]
            },
            "type": {
                "k": [
                    "text\/plain"
                ]
            },
            "tmp_name": {
                "k": [
                    {
                        "dir": "tmpdir",
                        "exists": true,
                        "uploaded": true,
                        "md5": "47de9de97f04843d5dad246beb6f8a83"
                    }
                ]
            },
            "error": {
                "k": [
                    0
                ]
            },
            "size": {
                "k": [
                    3
                ]
            }
        },
        "none": {
            "name": "",
            "full_path": "",
            "type": "",
            "tmp_name": "",
            "error": 4,
            "size": 0
        }
    }
}
-- not multipart: files is []
{
    "data": {
        "a": "1"
    },
    "files": []
}
temp files left: 0
stderr: 
