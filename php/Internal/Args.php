<?php

declare(strict_types=1);

namespace Lyger\Core\Internal;

/** @internal Argument errors worded exactly as the extension's (zend_argument_value_error). */
final class Args
{
    public static function valueError(string $method, int $position, string $name, string $message): \ValueError
    {
        return new \ValueError(sprintf('Lyger\Core\Engine::%s(): Argument #%d ($%s) %s', $method, $position, $name, $message));
    }
}
