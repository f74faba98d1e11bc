<?php

declare(strict_types=1);

namespace Lyger\Core\Internal;

/** @internal A driver failure: the message (without the method prefix) and the SQLSTATE. */
final class DbFailure extends \Exception
{
    public function __construct(string $message, public readonly string $sqlState = '')
    {
        parent::__construct($message);
    }
}
