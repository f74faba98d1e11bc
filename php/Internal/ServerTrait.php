<?php

declare(strict_types=1);

namespace Lyger\Core\Internal;

use Lyger\Core\EngineException;

/**
 * @internal The HTTP server methods of the fallback Engine: the same options, checks and
 * messages as src/engine_server.c; the serving loop is Internal\Server (one process,
 * stream_socket_server + stream_select).
 */
trait ServerTrait
{
    /** @return array<string, mixed> the "server" section of systemInfo() */
    private static function serverInfo(): array
    {
        $s = Server::current();
        return [
            'available' => true,
            'implementation' => 'php',
            'running' => $s !== null,
            'requests' => $s?->requests ?? 0,
            'connections' => $s?->connectionCount() ?? 0,
            'workers' => $s !== null ? 1 : 0,
            'port' => $s?->port ?? 0,
        ];
    }

    public static function startServer(callable $routerHandler, int $port = 8000, array $options = []): void
    {
        if ($port < 0 || $port > 65535) {
            throw Args::valueError('startServer', 2, 'port', 'must be between 0 and 65535 (0 picks a free port)');
        }
        if (Server::current() !== null) {
            throw new EngineException('startServer(): a server is already running in this process');
        }
        $config = ServerConfig::fromOptions($options);
        $config->port = $port;
        (new Server($config, $routerHandler))->run();
    }

    public static function stopServer(): void
    {
        Server::current()?->stop();
    }
}
