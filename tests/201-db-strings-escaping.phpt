--TEST--
Database: text with quotes, backslashes, control characters and unicode is escaped into valid JSON that decodes to the same string; column names too, duplicates kept like json_agg
--SKIPIF--
<?php require __DIR__ . '/inc/db.inc'; lyger_db_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/inc/db.inc';
$e = Lyger\Core\Engine::getInstance();
$dsn = lyger_dsn();
// every byte 1..127 (0 cannot be in PostgreSQL text), then multi-byte UTF-8
$ascii = '';
for ($i = 1; $i < 128; $i++) {
    $ascii .= chr($i);
}
$unicode = "é ü ß 中文 日本語 😀 \u{2028}\u{2029} \u{FEFF} \u{10FFFF}";
$json = $e->dbQueryJson($dsn, 'select $1::text as a, $2::text as u', [$ascii, $unicode]);
$rows = json_decode($json, true, 512, JSON_THROW_ON_ERROR);
var_dump($rows[0]['a'] === $ascii, $rows[0]['u'] === $unicode);
echo $json, "\n";
echo $e->dbQueryJson($dsn, <<<'SQL'
select 'say "hi"' as "q""uote", 'back\slash\\' as "back\slash", E'tab\there\nnl\r\x01\x1f' as ctl, 'a/b' as "sl/ash", 1 as "é"
SQL), "\n";
echo $e->dbQueryJson($dsn, 'select 1 as a, 2 as a, 3 as b'), "\n";
echo $e->dbQueryJson($dsn, 'select 1, 2'), "\n";
?>
--EXPECT--
bool(true)
bool(true)
[{"a":"\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~","u":"é ü ß 中文 日本語 😀    ﻿ 􏿿"}]
[{"q\"uote":"say \"hi\"","back\\slash":"back\\slash\\\\","ctl":"tab\there\nnl\r\u0001\u001f","sl/ash":"a/b","é":1}]
[{"a":1,"a":2,"b":3}]
[{"?column?":1,"?column?":2}]
