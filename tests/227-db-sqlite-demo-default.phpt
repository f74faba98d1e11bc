--TEST--
The demo app with no LYGER_DSN keeps its notes in SQLite in the data directory it creates (LYGER_DATA_DIR): no database server needed
--SKIPIF--
<?php
require __DIR__ . '/inc/db.inc';
lyger_sqlite_skipif();
?>
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
require __DIR__ . '/inc/db.inc';
$dir = sys_get_temp_dir() . '/lyger-demo-' . getmypid() . '-' . bin2hex(random_bytes(4));
mkdir($dir);
$cmd = array_merge(lyger_php_cmd(), [dirname(__DIR__) . '/examples/app.php', '0']);
$proc = proc_open($cmd, [0 => ['pipe', 'r'], 1 => ['file', "$dir/stdout", 'w'], 2 => ['file', "$dir/stderr", 'w']],
    $pipes, $dir, ['LYGER_DATA_DIR' => "$dir/data"] + array_diff_key(getenv(), ['LYGER_DSN' => 1]));
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
    $note = 'note ' . bin2hex(random_bytes(4));
    $posted = json_decode(substr($show('POST', '/notes', json_encode(['body' => $note]), ['Content-Type' => 'application/json']), 4), true);
    var_dump($posted[0]['body'] === $note, is_int($posted[0]['id']));
    $list = json_decode(substr($show('GET', '/notes'), 4), true);
    var_dump(in_array($note, array_column($list, 'body'), true));
    var_dump(is_file("$dir/data/demo.sqlite"));
    echo preg_match('/notes are kept in .*demo\.sqlite \(SQLite/', (string) file_get_contents("$dir/stderr")) ? "banner names the file\n" : file_get_contents("$dir/stderr");
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
banner names the file
