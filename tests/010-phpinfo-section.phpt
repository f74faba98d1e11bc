--TEST--
phpinfo() shows a lyger section: version, library versions and INI settings
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc'; ?>
--INI--
lyger.db_max_results=77
--FILE--
<?php
ob_start();
phpinfo(INFO_MODULES);
$text = ob_get_clean();
$start = strpos($text, "\nlyger\n");
$section = substr($text, $start, strpos($text, "\n\n", strpos($text, 'Directive', $start)) - $start);
foreach (['Version', 'libpq version', 'jansson version', 'libuv version', 'http-parser version',
          'lyger.cache_memory', 'lyger.cache_max_entries', 'lyger.db_max_results', 'lyger.db_connect_timeout'] as $row) {
    echo $row, ': ', preg_match('/^' . preg_quote($row, '/') . ' => (\S+)/m', $section, $m) ? $m[1] : 'MISSING', "\n";
}
?>
--EXPECTF--
Version: %d.%d.%d
libpq version: %d.%d
jansson version: %d.%d%S
libuv version: %d.%d.%d
http-parser version: %d.%d.%d
lyger.cache_memory: %s
lyger.cache_max_entries: %d
lyger.db_max_results: 77
lyger.db_connect_timeout: %d
