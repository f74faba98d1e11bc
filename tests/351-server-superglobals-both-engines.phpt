--TEST--
Superglobals mode in both engines (extension and pure-PHP fallback): the same superglobals, $_SERVER keys, php://input (other php:// streams still work), status from http_response_code() and Location, sessions by cookie, multipart uploads in $_POST/$_FILES (php://input then empty, temp files gone after), a bootstrap's $_SERVER additions kept, and a clean next request
--FILE--
<?php
require __DIR__ . '/inc/superglobals.inc';
$dir = sys_get_temp_dir() . '/lyger-sess-both-' . getmypid();
@mkdir($dir);
@mkdir(sys_get_temp_dir() . '/lyger-sg-up-' . getmypid());
$srv = sg_start('
    $path = parse_url($_SERVER["REQUEST_URI"], PHP_URL_PATH);
    if ($path === "/status") { http_response_code(418); echo "teapot"; return; }
    if ($path === "/location") { header("Location: /elsewhere"); return; }
    if ($path === "/session") { session_start(); $_SESSION["n"] = ($_SESSION["n"] ?? 0) + 1; echo "n=", $_SESSION["n"]; return; }
    if ($path === "/streams") {
        $m = fopen("php://memory", "w+"); fwrite($m, "mem"); rewind($m);
        $t = fopen("php://temp", "w+"); fwrite($t, "tmp"); fseek($t, 0);
        $out = fopen("php://output", "w"); fwrite($out, "to output;");
        echo stream_get_contents($m), stream_get_contents($t), ";", file_get_contents("php://input"), ";";
        echo file_get_contents("php://filter/read=string.toupper/resource=data:text/plain,abc");
        return;
    }
    if ($path === "/upload") {
        $f = $_FILES["doc"];
        echo json_encode(["POST" => $_POST, "name" => $f["name"], "type" => $f["type"], "size" => $f["size"], "error" => $f["error"],
            "tmp" => is_file($f["tmp_name"]) && dirname($f["tmp_name"]) === ini_get("upload_tmp_dir"), "content" => file_get_contents($f["tmp_name"]),
            "input" => strlen(file_get_contents("php://input")), "REQUEST" => $_REQUEST], JSON_UNESCAPED_SLASHES);
        return;
    }
    if ($path === "/dirty") {
        $_GET["x"] = 1; $_SERVER["X"] = 1; http_response_code(500); session_start(); $_SESSION["s"] = 1; ob_start(); echo "dirty";
        return;
    }
    $s = $_SERVER;
    $pick = array_intersect_key($s, array_flip(["REQUEST_METHOD", "REQUEST_URI", "QUERY_STRING", "SCRIPT_NAME", "PHP_SELF",
            "SERVER_PROTOCOL", "SERVER_NAME", "SERVER_ADDR", "REMOTE_ADDR", "CONTENT_TYPE", "CONTENT_LENGTH", "REQUEST_SCHEME",
            "GATEWAY_INTERFACE", "REDIRECT_STATUS", "HTTP_HOST", "HTTP_X_TEST", "HTTP_COOKIE", "HTTP_AUTHORIZATION", "PHP_AUTH_USER", "PHP_AUTH_PW", "REMOTE_USER"]));
    ksort($pick);
    echo json_encode(["GET" => $_GET, "POST" => $_POST, "COOKIE" => $_COOKIE, "FILES" => $_FILES, "REQUEST" => $_REQUEST,
        "input" => file_get_contents("php://input"), "status" => http_response_code(),
        "session" => session_status(), "id" => session_id(), "SESSION" => isset($_SESSION), "X" => isset($s["X"]),
        "server" => $pick,
        "keys" => [isset($s["SCRIPT_FILENAME"]), isset($s["DOCUMENT_ROOT"]), isset($s["REMOTE_PORT"]), isset($s["SERVER_PORT"]),
            is_int($s["REQUEST_TIME"]), is_float($s["REQUEST_TIME_FLOAT"]), isset($s["PATH"])],
        "bootstrap" => [$s["APP_ENV"] ?? null, isset($s["argv"]), isset($s["argc"])]], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
', [], ['session.save_path' => $dir, 'upload_tmp_dir' => $up = sys_get_temp_dir() . '/lyger-sg-up-' . getmypid()],
    '$_SERVER["APP_ENV"] = "prod"; // what a .env loader does at bootstrap');
sg_with($srv, function ($srv) {
    $r = lyger_request($srv, 'POST', '/form?a=1&b[]=2', ['Cookie' => 'c=3; a=cookie', 'X-Test' => 'yes', 'Authorization' => 'Basic ' . base64_encode('ann:pa:ss'),
        'Content-Type' => 'application/x-www-form-urlencoded', 'Host' => 'app.test'], 'p=4&a=post');
    echo $r['status'], "\n", $r['body'];
    $r = lyger_request($srv, 'PUT', '/json', ['Content-Type' => 'application/json'], '{"k":"v"}');
    echo $r['status'], ' ', json_encode(json_decode($r['body'], true)['input']), "\n";
    foreach (['/status', '/location', '/streams'] as $p) {
        $r = lyger_request($srv, $p === '/location' ? 'GET' : 'POST', $p, [], 'BODY');
        echo "$p: ", $r['status'], ' ', $r['body'], "\n";
    }
    $r = lyger_request($srv, 'GET', '/session');
    preg_match('/PHPSESSID=([^;]+)/', $r['headers']['set-cookie'] ?? '', $m);
    echo "session: ", $r['body'], ", cookie sent: ", $m ? 'yes' : 'no', "\n";
    $r = lyger_request($srv, 'GET', '/session', ['Cookie' => "PHPSESSID={$m[1]}"]);
    echo "session again: ", $r['body'], ", cookie sent: ", isset($r['headers']['set-cookie']) ? 'yes' : 'no', "\n";
    $r = lyger_request($srv, 'GET', '/session');
    echo "session without cookie: ", $r['body'], "\n";
    $up = sys_get_temp_dir() . '/lyger-sg-up-' . getmypid();
    $b = "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nhi\r\n"
        . "--XyZ\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nfile body\r\n--XyZ--\r\n";
    echo "upload: ", lyger_request($srv, 'POST', '/upload', ['Content-Type' => 'multipart/form-data; boundary=XyZ'], $b)['body'], "\n";
    echo "temp files left: ", count(glob("$up/*")), "\n";
    echo "dirty: ", lyger_request($srv, 'GET', '/dirty?x=0')['status'], "\n";
    $j = json_decode(lyger_request($srv, 'GET', '/clean')['body'], true);
    echo "after dirty: ", json_encode([$j['GET'], $j['status'], $j['session'], $j['id'], $j['SESSION'], $j['X']]), "\n";
});
array_map('unlink', glob("$dir/sess_*"));
rmdir($dir);
@rmdir(sys_get_temp_dir() . '/lyger-sg-up-' . getmypid());
?>
--EXPECT--
200
{
    "GET": {
        "a": "1",
        "b": [
            "2"
        ]
    },
    "POST": {
        "p": "4",
        "a": "post"
    },
    "COOKIE": {
        "c": "3",
        "a": "cookie"
    },
    "FILES": [],
    "REQUEST": {
        "a": "cookie",
        "b": [
            "2"
        ],
        "p": "4",
        "c": "3"
    },
    "input": "p=4&a=post",
    "status": 200,
    "session": 1,
    "id": "",
    "SESSION": false,
    "X": false,
    "server": {
        "CONTENT_LENGTH": "10",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "GATEWAY_INTERFACE": "CGI/1.1",
        "HTTP_AUTHORIZATION": "Basic YW5uOnBhOnNz",
        "HTTP_COOKIE": "c=3; a=cookie",
        "HTTP_HOST": "app.test",
        "HTTP_X_TEST": "yes",
        "PHP_AUTH_PW": "pa:ss",
        "PHP_AUTH_USER": "ann",
        "PHP_SELF": "/server.php",
        "QUERY_STRING": "a=1&b[]=2",
        "REDIRECT_STATUS": "200",
        "REMOTE_ADDR": "127.0.0.1",
        "REMOTE_USER": "",
        "REQUEST_METHOD": "POST",
        "REQUEST_SCHEME": "http",
        "REQUEST_URI": "/form?a=1&b[]=2",
        "SCRIPT_NAME": "/server.php",
        "SERVER_ADDR": "127.0.0.1",
        "SERVER_NAME": "app.test",
        "SERVER_PROTOCOL": "HTTP/1.1"
    },
    "keys": [
        true,
        true,
        true,
        true,
        true,
        true,
        true
    ],
    "bootstrap": [
        "prod",
        false,
        false
    ]
}
200 "{\"k\":\"v\"}"
/status: 418 teapot
/location: 302 
/streams: 200 to output;memtmp;BODY;ABC
session: n=1, cookie sent: yes
session again: n=2, cookie sent: no
session without cookie: n=1
upload: {"POST":{"title":"hi"},"name":"a.txt","type":"text/plain","size":9,"error":0,"tmp":true,"content":"file body","input":0,"REQUEST":{"title":"hi"}}
temp files left: 0
dirty: 500
after dirty: [[],200,1,"",false,false]
