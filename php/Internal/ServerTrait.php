<?php

declare(strict_types=1);

namespace Lyger\Core\Internal;

use Lyger\Core\EngineException;

/** @internal The HTTP server methods of the fallback Engine. Placeholder until the server issue lands. */
trait ServerTrait
{
    /** @return array<string, mixed> the "server" section of systemInfo() */
    private static function serverInfo(): array
    {
        return ['available' => false];
    }

    public function startServer(callable $routerHandler, int $port = 8000, array $options = []): void { throw new EngineException('startServer() is not implemented yet'); }
    public function stopServer(): void { throw new EngineException('stopServer() is not implemented yet'); }
}
