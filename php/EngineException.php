<?php

declare(strict_types=1);

namespace Lyger\Core;

/** A runtime failure of the engine (fallback twin of the extension's class). */
class EngineException extends \RuntimeException
{
}
