--TEST--
Redis tier: a bad lyger.cache_redis makes every cache method throw an EngineException naming the cause (never the DSN, which may hold a password); systemInfo says invalid; both modes word it alike
--SKIPIF--
<?php require __DIR__ . '/inc/redis.inc'; lyger_redis_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/redis.inc';
$bad = [
    'http://127.0.0.1:6379',
    'redis://',
    'redis://:sekrit@',
    'redis://host:0',
    'redis://host:65536',
    'redis://host:port',
    'redis://ho st:1',
    'redis://[::1:1',
    'redis://[::1]x',
    'redis://h:1/db',
    'redis://h:1/99999999999',
    'redis://sekrit@h:1',
    'redis://:sek%zzrit@h:1',
    'unix:relative/path',
    'unix:/tmp/s?db=x',
    'unix:/tmp/s?dbx',
    'unix:/tmp/s?color=red',
    'unix:/tmp/s?user=u',
    'unix:/' . str_repeat('p', 120),
];
$code = <<<'PHP'
foreach (['cacheGet' => ['k'], 'cacheSet' => ['k', 'v'], 'cacheHas' => ['k'], 'cacheDelete' => ['k'], 'cacheClear' => [], 'cacheSize' => [], 'cacheSetBatch' => ['{"a":1}']] as $m => $args) {
    try { $e->$m(...$args); echo "$m: no exception\n"; }
    catch (Lyger\Core\EngineException $x) { $msgs[] = $x->getMessage(); }
}
echo $msgs[0], "\n";
echo count(array_unique(array_map(fn ($m) => preg_replace('/^\w+\(\)/', '', $m), $msgs))) === 1 ? "same cause for all 7\n" : "differs\n";
echo str_contains(implode(' ', $msgs) . $e->systemInfo(), 'sekrit') ? "LEAK\n" : '';
$i = json_decode($e->systemInfo(), true)['cache']['redis'];
echo $i['state'], "\n";
PHP;
foreach ($bad as $dsn) {
    $res = lyger_redis_php($code, lyger_redis_ini('x:', $dsn));
    echo $res['out'], $res['err'];
}
?>
--EXPECT--
cacheGet(): lyger.cache_redis is invalid: the DSN must start with redis:// or unix:
same cause for all 7
invalid
cacheGet(): lyger.cache_redis is invalid: the host is empty
same cause for all 7
invalid
cacheGet(): lyger.cache_redis is invalid: the host is empty
same cause for all 7
invalid
cacheGet(): lyger.cache_redis is invalid: the port must be a number from 1 to 65535
same cause for all 7
invalid
cacheGet(): lyger.cache_redis is invalid: the port must be a number from 1 to 65535
same cause for all 7
invalid
cacheGet(): lyger.cache_redis is invalid: the port must be a number from 1 to 65535
same cause for all 7
invalid
cacheGet(): lyger.cache_redis is invalid: the host holds an invalid character
same cause for all 7
invalid
cacheGet(): lyger.cache_redis is invalid: the IPv6 host has no closing ']'
same cause for all 7
invalid
cacheGet(): lyger.cache_redis is invalid: unexpected text after the IPv6 host
same cause for all 7
invalid
cacheGet(): lyger.cache_redis is invalid: the database must be a number from 0 to 2147483647
same cause for all 7
invalid
cacheGet(): lyger.cache_redis is invalid: the database must be a number from 0 to 2147483647
same cause for all 7
invalid
cacheGet(): lyger.cache_redis is invalid: credentials must be written [user]:password@ (the colon is missing)
same cause for all 7
invalid
cacheGet(): lyger.cache_redis is invalid: the password is malformed or too long (percent-encode '@', '/' and '%')
same cause for all 7
invalid
cacheGet(): lyger.cache_redis is invalid: the socket path must be absolute
same cause for all 7
invalid
cacheGet(): lyger.cache_redis is invalid: the database must be a number from 0 to 2147483647
same cause for all 7
invalid
cacheGet(): lyger.cache_redis is invalid: a query parameter has no '='
same cause for all 7
invalid
cacheGet(): lyger.cache_redis is invalid: unknown query parameter (db, user and password are known)
same cause for all 7
invalid
cacheGet(): lyger.cache_redis is invalid: a user needs a password
same cause for all 7
invalid
cacheGet(): lyger.cache_redis is invalid: the socket path is too long (at most 107 bytes)
same cause for all 7
invalid
