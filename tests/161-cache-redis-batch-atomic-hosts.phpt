--TEST--
Redis tier, batches atomic across hosts: host A writes batches {k1..k10 => n} in a loop; both workers of host B read k10 (never held by the near cache: its ttl is under two seconds) then k9..k1 (held by B's warm near cache), over and over: no read returns a value older than one read before it on the same host (so never "k10 new, then k1 old", and once any key of batch n was read, no later read on the host returns a value older than n)
--SKIPIF--
<?php require __DIR__ . '/inc/redis.inc'; lyger_redis_skipif(); require __DIR__ . '/inc/skip_native_only.inc'; ?>
--FILE--
<?php
require __DIR__ . '/inc/redis_batches.inc';
lyger_redis_batches_across_hosts('161', [false]);
?>
--EXPECT--
A (the extension) wrote batches: many
B read rounds: many, over batches that moved: yes
k10 absent (expired between batches): rarely or never
reads older than a read before them on host B: 0
B waited for batches: yes, flushed instead in fewer than half: yes
