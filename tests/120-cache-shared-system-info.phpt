--TEST--
cache: systemInfo()["cache"] says whether the store is shared by the host's processes, the segment's size (twice lyger.cache_memory + 1 MiB of address space) and how many dead lock holders were repaired (and how many of those repairs emptied the store); the fallback's store is the request's own
--INI--
lyger.cache_memory=8M
--FILE--
<?php
$e = Lyger\Core\Engine::getInstance();
$c = json_decode($e->systemInfo(), true)['cache'];
$native = extension_loaded('lyger');
var_dump($c['shared'] === $native);
var_dump($c['segment_size'] === ($native ? 2 * (8 << 20) + (1 << 20) : 0));
var_dump($c['lock_repairs'], $c['lock_repairs_emptied']);
--EXPECT--
bool(true)
bool(true)
int(0)
int(0)
