--TEST--
Superglobals mode: nothing of a request reaches the next one (headers, status, cookies, superglobals and changes to them, output buffers left open, session, header callback, error_get_last()), whether the request returned, threw or called exit()
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc'; ?>
--FILE--
<?php
require __DIR__ . '/inc/superglobals.inc';
$dir = sys_get_temp_dir() . '/lyger-sess-iso-' . getmypid();
@mkdir($dir);
$srv = sg_start('
    $path = parse_url($_SERVER["REQUEST_URI"], PHP_URL_PATH);
    if ($path === "/check") {
        echo "status=", http_response_code(), " headers=", json_encode(headers_list()), " sent=", var_export(headers_sent(), true), "\n";
        echo "GET=", json_encode($_GET), " POST=", json_encode($_POST), " COOKIE=", json_encode($_COOKIE), " REQUEST=", json_encode($_REQUEST), " FILES=", json_encode($_FILES), "\n";
        echo "SERVER extra=", json_encode(array_intersect_key($_SERVER, ["INJECTED" => 1, "HTTP_X_DIRTY" => 1, "HTTP_COOKIE" => 1])), " method=", $_SERVER["REQUEST_METHOD"], "\n";
        echo "ob level=", ob_get_level() - $GLOBALS["base_level"], " session=", session_status(), " id=", var_export(session_id(), true), " SESSION=", isset($_SESSION) ? "set" : "unset", "\n";
        echo "input=", var_export(file_get_contents("php://input"), true), " last error=", json_encode(error_get_last()), "\n";
        return;
    }
    // a dirty request: state of every kind, then an end of the kind asked for
    header("X-Dirty: 1");
    setcookie("dirty", "1");
    http_response_code(599);
    header_register_callback(function () { header("X-Callback: leaked"); });
    $_GET["added"] = 1;
    $_POST["added"] = 1;
    $_COOKIE["added"] = 1;
    $_REQUEST["added"] = 1;
    $_FILES["added"] = 1;
    $_SERVER["INJECTED"] = 1;
    session_start();
    $_SESSION["secret"] = "s";
    @$undefined_variable_for_error_get_last;
    ob_start();
    ob_start();
    echo "buffered";
    if ($path === "/throw") throw new RuntimeException("boom");
    if ($path === "/exit") exit(7);
    return "returned";
', [], ['session.save_path' => $dir], '$base_level = ob_get_level() + 1;');
sg_with($srv, function ($srv) {
    echo "== clean\n", lyger_request($srv, 'GET', '/check')['body'];
    foreach (['/return', '/throw', '/exit'] as $end) {
        $r = lyger_request($srv, 'POST', "$end?q=1", ['Cookie' => 'c=1', 'X-Dirty' => 'yes', 'Content-Type' => 'application/x-www-form-urlencoded'], 'p=1');
        echo "== after $end (", $r['status'], ")\n";
        echo lyger_request($srv, 'GET', '/check')['body'];
    }
}, false);
array_map('unlink', glob("$dir/sess_*"));
rmdir($dir);
?>
--EXPECT--
== clean
status=200 headers=[] sent=false
GET=[] POST=[] COOKIE=[] REQUEST=[] FILES=[]
SERVER extra=[] method=GET
ob level=0 session=1 id='' SESSION=unset
input='' last error=null
== after /return (599)
status=200 headers=[] sent=false
GET=[] POST=[] COOKIE=[] REQUEST=[] FILES=[]
SERVER extra=[] method=GET
ob level=0 session=1 id='' SESSION=unset
input='' last error=null
== after /throw (500)
status=200 headers=[] sent=false
GET=[] POST=[] COOKIE=[] REQUEST=[] FILES=[]
SERVER extra=[] method=GET
ob level=0 session=1 id='' SESSION=unset
input='' last error=null
== after /exit (599)
status=200 headers=[] sent=false
GET=[] POST=[] COOKIE=[] REQUEST=[] FILES=[]
SERVER extra=[] method=GET
ob level=0 session=1 id='' SESSION=unset
input='' last error=null
