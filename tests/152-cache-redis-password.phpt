--TEST--
Redis tier: a wrong password (requirepass) is an unavailable tier (cacheSet false, batch throws, get misses) whose reason is shown without the password; the right one works; phpinfo() never prints the DSN
--SKIPIF--
<?php require __DIR__ . '/inc/redis.inc'; lyger_redis_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/redis.inc';
$pw = 'pw-' . bin2hex(random_bytes(6));
$srv = lyger_redis_private($pw);
try {
    $addr = "127.0.0.1:{$srv['port']}";
    $code = <<<'PHP'
var_dump($e->cacheSet('k', 'v'), $e->cacheGet('k'), $e->cacheHas('k'));
try { $e->cacheSetBatch('{"a":"1"}'); } catch (Lyger\Core\EngineException $x) { $m = $x->getMessage(); echo preg_replace('/:\d+/', ':PORT', substr($m, 0, strpos($m, ' failed:') + 8)), "\n"; }
$i = json_decode($e->systemInfo(), true)['cache']['redis'];
echo $i['state'], ' ', $i['errors'] > 0 ? 'errors counted' : 'no errors', ' ', preg_match('/WRONGPASS|invalid password|auth/i', $i['last_error']) ? 'auth named' : $i['last_error'], "\n";
ob_start(); phpinfo(INFO_MODULES); $pi = ob_get_clean();
$all = $pi . $e->systemInfo() . ($m ?? '');
echo str_contains($all, getenv('LYGER_T152_PW')) || str_contains($all, 'wrong-' . getenv('LYGER_T152_PW')) ? "PASSWORD SHOWN\n" : "password not shown\n";
PHP;
    putenv("LYGER_T152_PW=$pw");
    foreach (["redis://:wrong-$pw@$addr/0", "redis://default:wrong-$pw@$addr/0", "redis://:$pw@$addr/0"] as $dsn) {
        $res = lyger_redis_php($code, lyger_redis_ini('t152:', $dsn));
        echo $res['out'], $res['err'];
    }
    $r = lyger_redis_client($srv['dsn'], $pw);
    var_dump($r->get('t152:k'), $r->get('t152:a'));
} finally {
    lyger_redis_private_stop($srv);
}
?>
--EXPECT--
bool(false)
string(0) ""
bool(false)
cacheSetBatch(): Redis at 127.0.0.1:PORT failed:
unavailable errors counted auth named
password not shown
bool(false)
string(0) ""
bool(false)
cacheSetBatch(): Redis at 127.0.0.1:PORT failed:
unavailable errors counted auth named
password not shown
bool(true)
string(1) "v"
bool(true)
connected no errors 
password not shown
string(1) "v"
string(1) "1"
