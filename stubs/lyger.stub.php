<?php

/**
 * The PHP API of the lyger extension: the one source of truth.
 * stubs/lyger_arginfo.h is generated from this file (scripts/gen-arginfo.sh) and
 * stubs/lyger.ide.php, the stub for IDEs and static analysers, is generated from it
 * too (scripts/gen-ide-stub.php); the pure-PHP fallback under php/ implements the
 * same signatures. Every class and method carries its user documentation here.
 * (gen_stub.php reads @param/@return types: keep them plain, no hyphenated types.)
 *
 * @generate-class-entries
 */

namespace Lyger\Core {

    /**
     * The Lyger engine: an in-process key/value cache, PostgreSQL queries whose
     * results stay in C memory until turned into typed JSON, and an always-alive
     * HTTP/1.1 server that hands each request to a PHP router.
     *
     * One instance per process (per request under PHP-FPM), got with
     * Engine::getInstance(). It cannot be constructed, cloned or serialized.
     * The class is the extension's when ext-lyger is loaded, else the pure-PHP
     * fallback's (same API and behaviour).
     *
     * @strict-properties
     * @not-serializable
     */
    final class Engine
    {
        /** Not constructible: use Engine::getInstance(). */
        private function __construct() {}

        /** Not clonable: there is one engine per process. */
        private function __clone(): void {}

        /**
         * The one Engine instance of this process.
         *
         * @return Engine the same object on every call within a request
         */
        public static function getInstance(): Engine {}

        /**
         * A greeting naming the version and the implementation that answered,
         * e.g. "Hello from Lyger 0.1.0 (native extension)" or "... (PHP fallback)".
         *
         * @return string the greeting
         */
        public function helloWorld(): string {}

        /**
         * Sum over i = 0..n-1 of sqrt(i)*sin(i), added in order in double precision.
         * The native and PHP implementations return the same float, bit for bit.
         *
         * @param int $iterations n, the number of terms (>= 0)
         * @return float the sum (0.0 for n = 0)
         * @throws \ValueError when $iterations is negative
         */
        public function heavyComputation(int $iterations = 1000000): float {}

        /**
         * A JSON object describing the engine: framework, version, mode ("native"
         * or "php"), status, php_version, pid, and live figures of the "cache",
         * "db" and "server" subsystems (the same keys in both implementations).
         *
         * @return string JSON text of one object
         */
        public function systemInfo(): string {}

        /**
         * Stores a copy of $value under $key for $ttl seconds (0: no expiry),
         * replacing any entry under $key. When the cache's memory budget
         * (lyger.cache_memory) or entry cap (lyger.cache_max_entries) is reached,
         * expired entries go first, then the least recently used ones.
         *
         * @param string $key a non-empty key (binary-safe)
         * @param string $value the value (binary-safe, any length up to the budget, under 2 GiB)
         * @param int $ttl seconds the entry lives (>= 0; 0 = until evicted)
         * @phpstan-param non-empty-string $key
         * @phpstan-param int<0, max> $ttl
         * @return bool true when stored; false only when key + value + 64 bytes can
         *              never fit the whole budget, or the value is 2 GiB or longer (the
         *              cache is then unchanged)
         * @throws \ValueError when $key is empty or $ttl is negative
         */
        public function cacheSet(string $key, string $value, int $ttl = 0): bool {}

        /**
         * The value stored under $key; refreshes the entry's recency and counts
         * a hit or a miss.
         *
         * @param string $key a non-empty key
         * @phpstan-param non-empty-string $key
         * @return string the value, or '' when the key is missing or expired
         *                (cacheHas() tells a stored '' from a miss)
         * @throws \ValueError when $key is empty
         */
        public function cacheGet(string $key): string {}

        /**
         * Whether a live entry exists for $key. Neither counts a hit or miss nor
         * refreshes recency.
         *
         * @param string $key a non-empty key
         * @phpstan-param non-empty-string $key
         * @return bool true when a live (unexpired) entry exists
         * @throws \ValueError when $key is empty
         */
        public function cacheHas(string $key): bool {}

        /**
         * Removes the entry under $key.
         *
         * @param string $key a non-empty key
         * @phpstan-param non-empty-string $key
         * @return bool true when a live entry was removed (false for a missing or
         *              expired one)
         * @throws \ValueError when $key is empty
         */
        public function cacheDelete(string $key): bool {}

        /**
         * Removes every entry (the hit, miss and eviction counters keep counting).
         *
         * @return void
         */
        public function cacheClear(): void {}

        /**
         * The number of live entries (expired ones never count).
         *
         * @return int entries, >= 0
         * @phpstan-return int<0, max>
         */
        public function cacheSize(): int {}

        /**
         * Stores many entries from one JSON document, all or nothing, in order as
         * successive cacheSet() calls would: either an array of
         * {"key": string, "value": any, "ttl"?: int >= 0} objects, or an object map
         * {"key": value}. String values are stored as they are; other values as
         * their compact JSON text.
         *
         * @param string $json the JSON document
         * @return int the number of entries stored
         * @phpstan-return int<0, max>
         * @throws \ValueError when $json is not valid JSON, not an array or object,
         *                     has an invalid item, or an item that can never fit
         *                     the budget (nothing is stored then)
         * @throws EngineException when memory runs out while storing
         */
        public function cacheSetBatch(string $json): int {}

        /**
         * Runs one SQL statement on PostgreSQL and keeps its result in C memory,
         * behind a handle, until freeResult() or the end of the request. One
         * connection per DSN per process is opened on first use and reused.
         *
         * @param string $dsn a postgres:// or postgresql:// URL, or a libpq
         *                    keyword/value string ("host=... dbname=...")
         * @param string $query one statement; $1, $2, ... are placeholders
         * @param array $params the placeholders' values in order (null, bool, int,
         *                      float, string or Stringable; keys are ignored)
         * @phpstan-param array<array-key, scalar|null|\Stringable> $params
         * @return int a handle >= 1 for jsonifyResult() and freeResult()
         * @phpstan-return int<1, max>
         * @throws \TypeError when a parameter is an array, another object or a resource
         * @throws \ValueError when a parameter string contains a NUL byte
         * @throws DatabaseException when the DSN is unsupported, the connection
         *                           fails, the SQL fails (getSqlState() gives the
         *                           SQLSTATE) or lyger.db_max_results results are open
         */
        public function dbQuery(string $dsn, string $query, array $params = []): int {}

        /**
         * The result behind a handle as a JSON array of row objects, typed like
         * PostgreSQL's json_agg (numbers, booleans, json/jsonb embedded, NULL as
         * null, everything else as its text). The result stays open.
         *
         * @param int $ptr a handle from dbQuery(), or 0
         * @phpstan-param int<0, max> $ptr
         * @return string JSON text; '[]' for 0
         * @throws \ValueError when $ptr is negative
         * @throws DatabaseException when the handle is not live (never issued,
         *                           freed, or from an earlier request)
         */
        public function jsonifyResult(int $ptr): string {}

        /**
         * Frees the result behind a handle. Freeing twice, freeing 0 or a handle
         * that is not live does nothing.
         *
         * @param int $ptr a handle from dbQuery(), or 0
         * @phpstan-param int<0, max> $ptr
         * @return void
         * @throws \ValueError when $ptr is negative
         */
        public function freeResult(int $ptr): void {}

        /**
         * Runs dbQuery() + jsonifyResult() + freeResult() in one call: the query's
         * rows as JSON, without a handle (so lyger.db_max_results does not apply).
         *
         * @param string $dsn as for dbQuery()
         * @param string $query one statement with $1, $2, ... placeholders
         * @param array $params the placeholders' values in order
         * @phpstan-param array<array-key, scalar|null|\Stringable> $params
         * @return string JSON array of row objects
         * @throws \TypeError when a parameter has an unsupported type
         * @throws \ValueError when a parameter string contains a NUL byte
         * @throws DatabaseException as dbQuery()
         */
        public function dbQueryJson(string $dsn, string $query, array $params = []): string {}

        /**
         * Runs a statement and returns the number of rows it affected (a SELECT
         * gives its row count, DDL gives 0).
         *
         * @param string $dsn as for dbQuery()
         * @param string $query one statement with $1, $2, ... placeholders
         * @param array $params the placeholders' values in order
         * @phpstan-param array<array-key, scalar|null|\Stringable> $params
         * @return int affected rows
         * @phpstan-return int<0, max>
         * @throws \TypeError when a parameter has an unsupported type
         * @throws \ValueError when a parameter string contains a NUL byte
         * @throws DatabaseException as dbQuery()
         */
        public function dbExecute(string $dsn, string $query, array $params = []): int {}

        /**
         * Serves HTTP/1.1 on $options["host"] (default 127.0.0.1) and $port,
         * keeping this process and the loaded application alive, and hands each
         * request to $routerHandler($uri, $method, $data, $request). The router
         * returns a string (200 text/html), null (what it echoed), an array
         * ["status" => int, "headers" => array, "body" => string|array] or a
         * response object. GET /health is answered without PHP. Returns when the
         * server is stopped (stopServer(), SIGINT/SIGTERM, or exit() in the router).
         *
         * @param callable $routerHandler function (string $uri, string $method,
         *                                array $data, array $request): mixed
         * @param int $port 1..65535, or 0 for a free port (passed to on_start)
         * @param array $options host, workers, max_body_size, max_header_size,
         *                       read_timeout, keepalive_timeout, max_requests,
         *                       document_root, access_log, debug, on_start,
         *                       superglobals (worker mode: $_GET, $_POST, $_SERVER,
         *                       header(), sessions...), trust_proxy
         * @phpstan-param callable(string, string, array<string, mixed>, array<string, mixed>): mixed $routerHandler
         * @phpstan-param int<0, 65535> $port
         * @phpstan-param array<string, mixed> $options
         * @return void
         * @throws \ValueError when the port or an option value is out of range, or
         *                     an option is unknown
         * @throws \TypeError when an option has the wrong type
         * @throws EngineException when the port is in use, the host does not
         *                         resolve, a server already runs in this process,
         *                         or document_root / access_log cannot be used
         */
        public static function startServer(callable $routerHandler, int $port = 8000, array $options = []): void {}

        /**
         * Asks the server running in this process to stop gracefully: stop
         * accepting, finish requests in flight, then return from startServer().
         * Callable from a router or a signal handler; a no-op when no server runs.
         *
         * @return void
         */
        public static function stopServer(): void {}
    }

    /**
     * A runtime failure of the engine (not an argument error: those are PHP's
     * own ValueError and TypeError).
     */
    class EngineException extends \RuntimeException
    {
    }

    /**
     * A database failure: connecting, running SQL, or a result handle that is
     * not live. The message never contains the DSN's password.
     */
    class DatabaseException extends EngineException
    {
        /** The SQLSTATE of the failure ('' when none). */
        protected string $sqlState = '';

        /**
         * The SQLSTATE of the failure: the server's (e.g. "42P01" for a missing
         * table), "08006" for a connection failure, '' when there is none (e.g.
         * an unsupported DSN or a stale handle).
         *
         * @return string five characters, or ''
         */
        public function getSqlState(): string {}
    }
}
