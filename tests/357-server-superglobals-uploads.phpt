--TEST--
Superglobals mode with uploads: $_POST and $_FILES of a multipart POST are what php-cgi gives for the same body (fields, files, error codes, messages), move_uploaded_file() keeps a file, the others are deleted at request end, php://input is empty as under php-fpm, and the next request has no $_FILES, also after an exception or exit()
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc'; ?>
--FILE--
<?php
require __DIR__ . '/inc/superglobals.inc';
require __DIR__ . '/inc/upload.inc';
$dir = up_tmpdir('sg');
$keep = up_tmpdir('sg-keep');
$ini = ['upload_max_filesize' => '1K', 'max_file_uploads' => '3', 'upload_tmp_dir' => $dir];
$srv = lyger_server_start('function () {
    $path = parse_url($_SERVER["REQUEST_URI"], PHP_URL_PATH);
    if ($path === "/move") {
        $ok = move_uploaded_file($_FILES["doc"]["tmp_name"], ' . var_export($keep, true) . ' . "/kept.txt");
        echo "moved=", var_export($ok, true), " REQUEST=", json_encode($_REQUEST), " input=", strlen(file_get_contents("php://input")), "\n";
        return;
    }
    if ($path === "/throw") { $t = $_FILES["doc"]["tmp_name"]; echo $t; throw new RuntimeException("after upload"); }
    if ($path === "/exit") { echo $_FILES["doc"]["tmp_name"]; exit; }
    if ($path === "/after") {
        echo "FILES=", json_encode($_FILES), " POST=", json_encode($_POST), "\n";
        return;
    }
    $post = $_POST; $files = $_FILES;
    echo "\n==REPORT==\n", ' . UP_REPORT . ';
}', ['superglobals' => true], $ini + ['expose_php' => '0'], UP_DESCRIBE);
sg_with($srv, function ($srv) use ($dir, $keep, $ini) {
    $body = up_body([
        ['name' => 'title', 'value' => 'hello'],
        ['name' => 'doc', 'filename' => 'a.txt', 'type' => 'text/plain', 'value' => 'file A'],
        ['name' => 'pics[]', 'filename' => 'b.png', 'type' => 'image/png', 'value' => 'PNG'],
        ['name' => 'pics[]', 'filename' => 'c.png', 'type' => 'image/png', 'value' => str_repeat('x', 2000)],
        ['name' => 'four', 'filename' => 'd.txt', 'value' => 'over max_file_uploads'],
        ['name' => 'empty', 'filename' => '', 'value' => ''],
    ]);
    $ct = 'multipart/form-data; boundary=XyZb0und4ry';
    $r = up_post($srv, $body, '/');
    [, $json] = explode("\n==REPORT==\n", $r['body'], 2);
    $j = json_decode($json, true);
    echo "fields ", json_encode($j['post']), "\n";
    foreach ($j['files'] as $name => $f) {
        echo "file $name: ", json_encode($f), "\n";
    }
    $cgi = up_cgi_report($dir, $body, $ct, $ini);
    echo $cgi === null ? "(no php-cgi)\n" : ($cgi['json'] === $json ? "same as php-cgi\n" : "differs from php-cgi: {$cgi['json']}\n");
    echo "temp files left: ", count(up_ls($dir)), "\n";
    $r = up_post($srv, up_body([['name' => 'q', 'value' => 'post'], ['name' => 'doc', 'filename' => 'k.txt', 'value' => 'keep me']]), '/move?q=get');
    echo $r['body'];
    echo "kept: ", file_get_contents("$keep/kept.txt"), ", temp files left: ", count(up_ls($dir)), "\n";
    echo lyger_request($srv, 'GET', '/after')['body'];
    // a PUT with a multipart body is not parsed (PHP parses POST only)
    echo up_post($srv, $body, '/after', 'XyZb0und4ry', null, 'PUT')['body'];
    echo "temp files left: ", count(up_ls($dir)), "\n";
    // the router threw or called exit(): its temp files are gone all the same
    foreach (['/throw', '/exit'] as $p) {
        $r = up_post($srv, up_body([['name' => 'doc', 'filename' => 'x.txt', 'value' => 'x']]), $p);
        echo "$p: ", $r['status'], ", temp files left: ", count(up_ls($dir)), "\n";
    }
    echo lyger_request($srv, 'GET', '/after')['body'];
});
// a router that also declares the argument contract's parameters: the SAPI's parse is the one
// made (filter_input() sees the fields), and $data / $request['files'] are copies of it
$srv = lyger_server_start('function ($path, $method, $data, $request) {
    echo json_encode([filter_input(INPUT_POST, "t"), $data["t"] ?? null, $_POST, array_keys($request["files"]), array_keys($_FILES),
        $request["files"]["f"]["tmp_name"] === $_FILES["f"]["tmp_name"]]), "\n";
}', ['superglobals' => true], ['upload_tmp_dir' => $dir]);
sg_with($srv, function ($srv) use ($dir) {
    echo up_post($srv, up_body([['name' => 't', 'value' => 'hello'], ['name' => 'f', 'filename' => 'f.txt', 'value' => 'F']]), '/')['body'];
    echo "temp files left: ", count(up_ls($dir)), "\n";
});
up_rmdir($dir);
up_rmdir($keep);
?>
--EXPECT--
fields {"title":"hello"}
file doc: {"name":"a.txt","full_path":"a.txt","type":"text\/plain","tmp_name":{"dir":"tmpdir","exists":true,"uploaded":true,"md5":"31d97c4d04593b21b399ace73b061c34"},"error":0,"size":6}
file pics: {"name":["b.png","c.png"],"full_path":["b.png","c.png"],"type":["image\/png",""],"tmp_name":[{"dir":"tmpdir","exists":true,"uploaded":true,"md5":"55505ba281b015ec31f03ccb151b2a34"},""],"error":[0,1],"size":[3,0]}
same as php-cgi
temp files left: 0
moved=true REQUEST={"q":"post"} input=0
kept: keep me, temp files left: 0
FILES=[] POST=[]
FILES=[] POST=[]
temp files left: 0
/throw: 500, temp files left: 0
/exit: 200, temp files left: 0
FILES=[] POST=[]
["hello","hello",{"t":"hello"},["f"],["f"],true]
temp files left: 0
