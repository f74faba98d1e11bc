--TEST--
EngineException extends RuntimeException; DatabaseException extends it and carries a SQLSTATE
--FILE--
<?php
use Lyger\Core\{EngineException, DatabaseException};
var_dump(is_subclass_of(EngineException::class, RuntimeException::class));
var_dump(is_subclass_of(DatabaseException::class, EngineException::class));
$e = new DatabaseException('boom', 3);
var_dump($e->getMessage(), $e->getCode(), $e->getSqlState());
?>
--EXPECT--
bool(true)
bool(true)
string(4) "boom"
int(3)
string(0) ""
