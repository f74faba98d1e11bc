<?php

/**
 * The PHP API of the lyger extension: the one source of truth.
 * stubs/lyger_arginfo.h is generated from this file (scripts/gen-arginfo.sh);
 * the pure-PHP fallback under php/ implements the same signatures.
 *
 * @generate-class-entries
 */

namespace Lyger\Core {

    /**
     * The engine: one instance per process (per request under PHP-FPM), got
     * with Engine::getInstance(). It cannot be constructed, cloned or serialized.
     *
     * @strict-properties
     * @not-serializable
     */
    final class Engine
    {
        private function __construct() {}

        private function __clone(): void {}

        /** The one Engine instance of this process. */
        public static function getInstance(): Engine {}

        /** A greeting naming the implementation that answered ("native" or "PHP"). */
        public function helloWorld(): string {}

        /**
         * Sum over i = 0..n-1 of sqrt(i)*sin(i), in order, in double precision.
         * The native and PHP implementations return the same float.
         */
        public function heavyComputation(int $iterations = 1000000): float {}

        /** A JSON object describing the engine and live figures of its subsystems (schema in README). */
        public function systemInfo(): string {}

        /**
         * Stores a copy of $value under $key for $ttl seconds (0: no expiry).
         * Returns false only when the value can never fit in the cache's memory budget.
         */
        public function cacheSet(string $key, string $value, int $ttl = 0): bool {}

        /** The stored value, or '' when the key is missing or expired. */
        public function cacheGet(string $key): string {}

        /** Whether a live entry exists for $key (tells a stored '' from a miss). */
        public function cacheHas(string $key): bool {}

        /** Removes $key; true when a live entry was removed. */
        public function cacheDelete(string $key): bool {}

        /** Removes every entry. */
        public function cacheClear(): void {}

        /** The number of live (unexpired) entries. */
        public function cacheSize(): int {}

        /**
         * Stores many entries from one JSON document, all or nothing: an array of
         * {"key": ..., "value": ..., "ttl"?: ...} objects, or an object map {"key": "value"}.
         * Returns the number of entries stored.
         */
        public function cacheSetBatch(string $json): int {}

        /** Runs $query on PostgreSQL and returns a handle (>= 1) to the result, kept in C memory. */
        public function dbQuery(string $dsn, string $query, array $params = []): int {}

        /** The result behind $ptr as a JSON array of row objects; 0 gives '[]'. */
        public function jsonifyResult(int $ptr): string {}

        /** Frees the result behind $ptr; freeing twice or freeing 0 does nothing. */
        public function freeResult(int $ptr): void {}

        /** dbQuery + jsonifyResult + freeResult in one call. */
        public function dbQueryJson(string $dsn, string $query, array $params = []): string {}

        /** Runs a statement without rows and returns the affected row count. */
        public function dbExecute(string $dsn, string $query, array $params = []): int {}

        /**
         * Serves HTTP/1.1 on $host:$port, handing each request to $routerHandler
         * ($uri, $method, $data, $request). Returns when the server is stopped.
         */
        public function startServer(callable $routerHandler, int $port = 8000, array $options = []): void {}

        /** Asks a running server to stop gracefully (from a handler or a signal). */
        public function stopServer(): void {}
    }

    /** A runtime failure of the engine. */
    class EngineException extends \RuntimeException
    {
    }

    /** A database failure; getSqlState() gives the SQLSTATE ('' when none, e.g. a refused connection). */
    class DatabaseException extends EngineException
    {
        protected string $sqlState = '';

        public function getSqlState(): string {}
    }
}
