--TEST--
Uploads (argument mode): nothing of one request's upload reaches the next on the same keep-alive connection (its temp files are gone and no longer uploaded files, the next request's files are its own, a plain request has files []); the parse's warnings go to PHP's own handler, never to the application's set_error_handler(); filter_input(INPUT_POST) keeps no copy of multipart fields; a PHP_SESSION_UPLOAD_PROGRESS field starts no session; PUT bodies are parsed too
--SKIPIF--
<?php if (!extension_loaded('lyger')) die('skip the fallback cannot register temp files for is_uploaded_file() (PHP code has no access to SG(rfc1867_uploaded_files))'); ?>
--FILE--
<?php
require __DIR__ . '/inc/upload.inc';
$dir = up_tmpdir('367');
$sess = up_tmpdir('367-sess');
$srv = lyger_server_start('function (string $uri, string $method, array $data, array $request) {
    static $prev = [];
    $now = [];
    array_walk_recursive($request["files"], function ($v, $k) use (&$now) { if ($k === "tmp_name" && $v !== "") $now[] = $v; });
    $out = [
        "method" => $method,
        "fields" => $data,
        "files" => count($now),
        "mine uploaded" => array_map("is_uploaded_file", $now),
        "previous uploaded" => array_map("is_uploaded_file", $prev),
        "previous exist" => array_map("file_exists", $prev),
        "filter_input" => filter_input(INPUT_POST, "k"),
        "session" => session_status(),
        "handler calls" => $GLOBALS["handler_calls"],
    ];
    $prev = $now;
    return json_encode($out);
}', [], ['upload_tmp_dir' => $dir, 'session.save_path' => $sess, 'session.upload_progress.enabled' => '1', 'max_input_vars' => '3'],
    '$handler_calls = 0; set_error_handler(function () { $GLOBALS["handler_calls"]++; throw new ErrorException("the application\'s handler"); });');
try {
    $s = lyger_connect($srv);
    $send = function (string $method, string $body, string $ct) use ($s) {
        fwrite($s, "$method /up HTTP/1.1\r\nHost: x\r\nContent-Type: $ct\r\nContent-Length: " . strlen($body) . "\r\n\r\n$body");
        $r = lyger_read_response($s);
        echo $r['status'], " ", $r['body'], "\n";
    };
    $mp = 'multipart/form-data; boundary=XyZb0und4ry';
    $send('POST', up_body([['name' => 'k', 'value' => 'v1'], ['name' => 'a', 'filename' => 'a.txt', 'value' => 'A'], ['name' => 'b', 'filename' => 'b.txt', 'value' => 'B']]), $mp);
    $send('POST', up_body([['name' => 'PHPSESSID', 'value' => 'abcdef123'], ['name' => 'PHP_SESSION_UPLOAD_PROGRESS', 'value' => 'p'], ['name' => 'c', 'filename' => 'c.txt', 'value' => 'C']]), $mp);
    $send('POST', 'k=plain', 'application/x-www-form-urlencoded');
    $send('PUT', up_body([['name' => 'k', 'value' => 'put'], ['name' => 'd', 'filename' => 'd.txt', 'value' => 'D']]), $mp);
    $send('POST', up_body([['name' => 'k', 'value' => 'v']]), 'multipart/form-data');
    $send('POST', up_body([['name' => 'v1', 'value' => '1'], ['name' => 'v2', 'value' => '2'], ['name' => 'v3', 'value' => '3'], ['name' => 'v4', 'value' => '4']]), $mp);
    fclose($s);
    echo "temp files left: ", count(up_ls($dir)), ", session files: ", count(up_ls($sess)), "\n";
    echo "messages: ", json_encode(up_warnings(lyger_server_output($srv))), "\n";
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
    up_rmdir($dir);
    up_rmdir($sess);
}
?>
--EXPECT--
200 {"method":"POST","fields":{"k":"v1"},"files":2,"mine uploaded":[true,true],"previous uploaded":[],"previous exist":[],"filter_input":null,"session":1,"handler calls":0}
200 {"method":"POST","fields":{"PHPSESSID":"abcdef123","PHP_SESSION_UPLOAD_PROGRESS":"p"},"files":1,"mine uploaded":[true],"previous uploaded":[false,false],"previous exist":[false,false],"filter_input":null,"session":1,"handler calls":0}
200 {"method":"POST","fields":{"k":"plain"},"files":0,"mine uploaded":[],"previous uploaded":[false],"previous exist":[false],"filter_input":null,"session":1,"handler calls":0}
200 {"method":"PUT","fields":{"k":"put"},"files":1,"mine uploaded":[true],"previous uploaded":[],"previous exist":[],"filter_input":null,"session":1,"handler calls":0}
200 {"method":"POST","fields":[],"files":0,"mine uploaded":[],"previous uploaded":[false],"previous exist":[false],"filter_input":null,"session":1,"handler calls":0}
200 {"method":"POST","fields":{"v1":"1","v2":"2","v3":"3"},"files":0,"mine uploaded":[],"previous uploaded":[],"previous exist":[],"filter_input":null,"session":1,"handler calls":0}
temp files left: 0, session files: 0
messages: ["Warning: Missing boundary in multipart\/form-data POST data","Warning: PHP Request Startup: Input variables exceeded 3. To increase the limit change max_input_vars in php.ini."]
