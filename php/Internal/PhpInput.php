<?php

declare(strict_types=1);

namespace Lyger\Core\Internal;

/**
 * @internal php://input for the fallback's superglobals mode. In the CLI, PHP's own php://input
 * reads the SAPI's (empty) request body, and pure PHP cannot feed it. During a request this
 * class replaces the php:// wrapper: php://input reads the HTTP request's body; any other
 * php:// stream (memory, temp, output, stdout, filter...) is opened by PHP's own wrapper,
 * briefly restored, and passed through. The original wrapper is back after the request.
 */
final class PhpInput
{
    private static ?string $body = null;

    /** @var resource|null set by PHP for stream wrappers */
    public $context;
    /** @var resource|null a stream of PHP's own wrapper (anything but php://input) */
    private $inner = null;
    private string $data = '';
    private int $pos = 0;

    public static function begin(string $body): void
    {
        self::$body = $body;
        stream_wrapper_unregister('php');
        stream_wrapper_register('php', self::class);
    }

    public static function end(): void
    {
        if (self::$body !== null) {
            self::$body = null;
            @stream_wrapper_restore('php');
        }
    }

    public function stream_open(string $path, string $mode, int $options, ?string &$opened): bool
    {
        if (strcasecmp(substr($path, 6), 'input') === 0) {
            $this->data = (string) self::$body;
            return true;
        }
        stream_wrapper_restore('php');
        try {
            $this->inner = $this->context ? @fopen($path, $mode, false, $this->context) : @fopen($path, $mode);
        } finally {
            stream_wrapper_unregister('php');
            stream_wrapper_register('php', self::class);
        }
        if ($this->inner === false) {
            $this->inner = null;
            if ($options & STREAM_REPORT_ERRORS) {
                trigger_error("fopen($path): Failed to open stream", E_USER_WARNING);
            }
            return false;
        }
        return true;
    }

    public function stream_read(int $count): string|false
    {
        if ($this->inner) {
            return fread($this->inner, $count);
        }
        $chunk = (string) substr($this->data, $this->pos, $count);
        $this->pos += strlen($chunk);
        return $chunk;
    }

    public function stream_write(string $data): int
    {
        return $this->inner ? (int) fwrite($this->inner, $data) : 0;
    }

    public function stream_eof(): bool
    {
        return $this->inner ? feof($this->inner) : $this->pos >= strlen($this->data);
    }

    public function stream_tell(): int
    {
        return $this->inner ? (int) ftell($this->inner) : $this->pos;
    }

    public function stream_seek(int $offset, int $whence): bool
    {
        if ($this->inner) {
            return fseek($this->inner, $offset, $whence) === 0;
        }
        $to = match ($whence) { SEEK_CUR => $this->pos + $offset, SEEK_END => strlen($this->data) + $offset, default => $offset };
        if ($to < 0) {
            return false;
        }
        $this->pos = $to;
        return true;
    }

    public function stream_flush(): bool
    {
        return $this->inner ? fflush($this->inner) : true;
    }

    public function stream_close(): void
    {
        if ($this->inner) {
            fclose($this->inner);
            $this->inner = null;
        }
    }

    /** @return array<int|string, int>|false */
    public function stream_stat(): array|false
    {
        return $this->inner ? fstat($this->inner) : ['size' => strlen($this->data)];
    }

    public function stream_truncate(int $size): bool
    {
        return $this->inner ? ftruncate($this->inner, $size) : false;
    }

    public function stream_set_option(int $option, int $arg1, ?int $arg2): bool
    {
        return false;
    }

    public function stream_lock(int $operation): bool
    {
        return $this->inner ? flock($this->inner, $operation) : false;
    }

    /** @return resource|false */
    public function stream_cast(int $as)
    {
        return $this->inner ?? false;
    }
}
