--TEST--
heavyComputation(1e8) agrees between implementations (the FFI original did not)
--SKIPIF--
<?php if (getenv('LYGER_TEST_MODE') === 'valgrind') die('skip too slow under valgrind'); ?>
--FILE--
<?php
printf("%.17g\n", Lyger\Core\Engine::getInstance()->heavyComputation(100000000));
?>
--EXPECT--
-1331.7349545224997
