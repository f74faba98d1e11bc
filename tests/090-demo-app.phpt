--TEST--
The demo app (examples/app.php, what scripts/demo.sh serves) answers its routes: cache, database, compute, info, health
--SKIPIF--
<?php
require __DIR__ . '/inc/db.inc';
lyger_db_skipif();
?>
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
require __DIR__ . '/inc/db.inc';
$dir = sys_get_temp_dir() . '/lyger-demo-' . getmypid() . '-' . bin2hex(random_bytes(4));
mkdir($dir);
$cmd = array_merge(lyger_php_cmd(), [dirname(__DIR__) . '/examples/app.php', '0']);
$proc = proc_open($cmd, [0 => ['pipe', 'r'], 1 => ['file', "$dir/stdout", 'w'], 2 => ['file', "$dir/stderr", 'w']],
    $pipes, $dir, ['LYGER_DSN' => lyger_dsn()] + getenv());
$srv = ['proc' => $proc, 'pipes' => $pipes, 'dir' => $dir, 'port' => 0, 'host' => '127.0.0.1'];
$deadline = microtime(true) + 20;
while (!$srv['port'] && microtime(true) < $deadline && proc_get_status($proc)['running']) {
    if (preg_match('#Lyger demo at http://127\.0\.0\.1:(\d+)/#', (string) file_get_contents("$dir/stderr"), $m)) {
        $srv['port'] = (int) $m[1];
    }
    usleep(20000);
}
try {
    if (!$srv['port']) {
        echo "demo did not start:\n", file_get_contents("$dir/stderr");
    }
    $show = function (string $method, string $target, string $body = '', array $headers = []) use ($srv) {
        $r = lyger_request($srv, $method, $target, $headers, $body);
        return $r === null ? 'no response' : $r['status'] . ' ' . trim($r['body']);
    };
    echo $show('GET', '/hello?name=lyger'), "\n";
    echo $show('GET', '/cache/greeting'), "\n";
    echo $show('PUT', '/cache/greeting', "hi\0there"), "\n";
    var_dump(str_replace("\0", '\0', $show('GET', '/cache/greeting'))); // binary-safe through HTTP and the cache
    $note = 'note ' . bin2hex(random_bytes(4));
    $posted = json_decode(substr($show('POST', '/notes', json_encode(['body' => $note]), ['Content-Type' => 'application/json']), 4), true);
    var_dump($posted[0]['body'] === $note, is_int($posted[0]['id']));
    $list = json_decode(substr($show('GET', '/notes'), 4), true);
    var_dump(in_array($note, array_column($list, 'body'), true));
    echo $show('GET', '/compute?n=10'), "\n";
    $info = json_decode(substr($show('GET', '/info'), 4), true);
    var_dump($info['mode'] === (extension_loaded('lyger') ? 'native' : 'php'), $info['cache']['entries'] >= 1);
    $health = json_decode(substr($show('GET', '/health'), 4), true);
    var_dump($health['status']);
    echo $show('GET', '/nope'), "\n";
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}
?>
--EXPECT--
200 {"hello":"lyger"}
404 {"error":"no cache entry 'greeting'"}
201 {"stored":true,"key":"greeting"}
string(13) "200 hi\0there"
bool(true)
bool(true)
bool(true)
200 {"n":10,"sum":3.8024948226079944}
bool(true)
bool(true)
string(2) "ok"
404 {"error":"no route for GET \/nope"}
