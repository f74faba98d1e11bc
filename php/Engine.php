<?php

declare(strict_types=1);

namespace Lyger\Core;

use Lyger\Core\Internal\Args;
use Lyger\Core\Internal\CacheTrait;
use Lyger\Core\Internal\DatabaseTrait;
use Lyger\Core\Internal\ServerTrait;

/**
 * Pure-PHP fallback of the lyger extension's Engine: same methods, signatures and
 * behaviour (stubs/lyger.stub.php is the reference). Loaded by the autoloader only
 * when the extension is absent. Each concern's methods live in a trait under
 * Internal/, as each lives in src/engine_<concern>.c natively.
 */
final class Engine
{
    use CacheTrait;
    use DatabaseTrait;
    use ServerTrait;

    /** Must equal PHP_LYGER_VERSION in php_lyger.h (tests/006 checks). */
    private const VERSION = '0.1.0';

    private static ?Engine $instance = null;

    private function __construct()
    {
    }

    private function __clone(): void
    {
    }

    /** @return never */
    public function __serialize(): array
    {
        throw new \Exception("Serialization of 'Lyger\\Core\\Engine' is not allowed");
    }

    /** @param array<mixed> $data */
    public function __unserialize(array $data): void
    {
        throw new \Exception("Unserialization of 'Lyger\\Core\\Engine' is not allowed");
    }

    public static function getInstance(): Engine
    {
        return self::$instance ??= new self();
    }

    public function helloWorld(): string
    {
        return 'Hello from Lyger ' . self::VERSION . ' (PHP fallback)';
    }

    public function heavyComputation(int $iterations = 1000000): float
    {
        if ($iterations < 0) {
            throw Args::valueError('heavyComputation', 1, 'iterations', 'must be greater than or equal to 0');
        }
        $sum = 0.0;
        for ($i = 0; $i < $iterations; $i++) {
            $sum += sqrt($i) * sin($i);
        }
        return $sum;
    }

    public function systemInfo(): string
    {
        return json_encode([
            'framework' => 'Lyger',
            'version' => self::VERSION,
            'mode' => 'php',
            'status' => 'ok',
            'php_version' => PHP_VERSION,
            'pid' => getmypid(),
            'cache' => self::cacheInfo(),
            'db' => self::dbInfo(),
            'server' => self::serverInfo(),
        ], JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION | JSON_THROW_ON_ERROR);
    }
}
