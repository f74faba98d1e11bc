<?php

declare(strict_types=1);

namespace Lyger\Core\Internal;

/**
 * @internal The fallback server's multipart/form-data parser: PHP's rules (main/rfc1867.c)
 * redone in PHP for the argument mode's $data and $request['files']: the boundary, parts
 * with Content-Disposition name/filename, fields named as forms name them, files in
 * $_FILES's shape written to temp files under upload_tmp_dir, and the limits
 * post_max_size, upload_max_filesize, MAX_FILE_SIZE, max_file_uploads and max_input_vars
 * with PHP's UPLOAD_ERR_* codes; PHP's messages are raised as E_USER_WARNING. PHP code cannot
 * register a file for is_uploaded_file()/move_uploaded_file(): a router moves these with
 * rename(). Whatever is not moved is deleted by cleanup() when the request ends.
 */
final class Multipart
{
    /** @var list<string> temp files of the current request */
    private static array $tmpFiles = [];

    public static function isMultipart(string $contentType): bool
    {
        $type = strtolower(strtok($contentType, ';, ') ?: '');
        return $type === 'multipart/form-data';
    }

    /** @return array{0: array<mixed>, 1: array<mixed>} the fields and the files */
    public static function parse(string $contentType, string $body): array
    {
        $max = self::bytes((string) ini_get('post_max_size'));
        if ($max > 0 && strlen($body) > $max) {
            trigger_error(sprintf('POST Content-Length of %d bytes exceeds the limit of %d bytes', strlen($body), $max), E_USER_WARNING);
            return [[], []];
        }
        $boundary = self::boundary($contentType);
        if ($boundary === null) {
            return [[], []];
        }
        $fields = [];
        $files = [];
        $state = ['uploads' => (int) ini_get('max_file_uploads'), 'max_file_size' => 0, 'warned' => false, 'anonymous' => 0];
        foreach (self::parts($body, $boundary) as [$headers, $data, $complete]) {
            if (!self::part($headers, $data, $complete, $fields, $files, $state)) {
                break;
            }
        }
        $post = [];
        if ($fields) {
            parse_str(implode('&', $fields), $post);
        }
        return [$post, $files];
    }

    /** Deletes the request's temp files that are still there. */
    public static function cleanup(): void
    {
        foreach (self::$tmpFiles as $f) {
            if (is_file($f)) {
                @unlink($f);
            }
        }
        self::$tmpFiles = [];
    }

    private static function boundary(string $ct): ?string
    {
        $p = strpos($ct, 'boundary');
        if ($p === false) {
            $p = strpos(strtolower($ct), 'boundary');
        }
        $eq = $p === false ? false : strpos($ct, '=', $p);
        if ($eq === false) {
            trigger_error('Missing boundary in multipart/form-data POST data', E_USER_WARNING);
            return null;
        }
        $b = substr($ct, $eq + 1);
        if (($b[0] ?? '') === '"') {
            $end = strpos($b, '"', 1);
            if ($end === false) {
                trigger_error('Invalid boundary in multipart/form-data POST data', E_USER_WARNING);
                return null;
            }
            $b = substr($b, 1, $end - 1);
        } else {
            $b = substr($b, 0, strcspn($b, ',;'));
        }
        if (strlen($b) > 5 * 1024 - 4) {
            trigger_error('Boundary too large in multipart/form-data POST data', E_USER_WARNING);
            return null;
        }
        return $b;
    }

    /**
     * The parts after the first boundary line: [headers (lower-case names), data, whether the
     * data ended at a boundary].
     * @return \Generator<array{0: array<string, string>, 1: string, 2: bool}>
     */
    private static function parts(string $body, string $boundary): \Generator
    {
        $pos = self::firstBoundary($body, "--$boundary");
        while ($pos !== null && $pos < strlen($body)) {
            $headers = [];
            $end = self::headers($body, $pos, $headers);
            if ($end === null) {
                return;
            }
            $next = strpos($body, "\n--$boundary", $end);
            if ($next === false) {
                yield [$headers, self::tail(substr($body, $end), "\n--$boundary"), false];
                return;
            }
            $dataEnd = $next > $end && $body[$next - 1] === "\r" ? $next - 1 : $next;
            yield [$headers, substr($body, $end, $dataEnd - $end), true];
            $after = $next + 3 + strlen($boundary);
            if (substr($body, $after, 2) === '--') {
                return;
            }
            $nl = strpos($body, "\n", $after);
            $pos = $nl === false ? null : $nl + 1;
        }
    }

    /** Data the body ends in: what could start the next boundary (and the \r before it) is not data. */
    private static function tail(string $data, string $next): string
    {
        for ($n = min(strlen($next), strlen($data)); $n > 0; $n--) {
            if (substr($data, -$n) === substr($next, 0, $n)) {
                $data = substr($data, 0, -$n);
                break;
            }
        }
        return str_ends_with($data, "\r") ? substr($data, 0, -1) : $data;
    }

    /** The offset after the line that is exactly the boundary, or null. */
    private static function firstBoundary(string $body, string $line): ?int
    {
        $pos = 0;
        while ($pos < strlen($body)) {
            $nl = strpos($body, "\n", $pos);
            $l = rtrim(substr($body, $pos, $nl === false ? null : $nl - $pos), "\r");
            if ($l === $line) {
                return $nl === false ? strlen($body) : $nl + 1;
            }
            if ($nl === false) {
                return null;
            }
            $pos = $nl + 1;
        }
        return null;
    }

    /** Header lines up to an empty line; the offset after it, null when the body ends first. */
    private static function headers(string $body, int $pos, array &$headers): ?int
    {
        $last = null;
        while (true) {
            $nl = strpos($body, "\n", $pos);
            if ($nl === false) {
                return null;
            }
            $line = rtrim(substr($body, $pos, $nl - $pos), "\r");
            $pos = $nl + 1;
            if ($line === '') {
                return $pos;
            }
            if (($line[0] === ' ' || $line[0] === "\t") && $last !== null) {
                $headers[$last] .= ' ' . ltrim($line);
            } elseif (($c = strpos($line, ':')) !== false) {
                $last = strtolower(trim(substr($line, 0, $c)));
                $headers[$last] = ltrim(substr($line, $c + 1));
            }
        }
    }

    /** name and filename from a Content-Disposition value, read as rfc1867.c reads it. */
    private static function disposition(string $cd): array
    {
        $out = [];
        $n = strlen($cd);
        $pos = strspn($cd, " \t\n\v\f\r");
        while ($pos < $n) {
            $start = $pos;
            while ($pos < $n && $cd[$pos] !== ';') { // a ';' inside quotes does not end the pair
                $q = $cd[$pos++];
                if ($q === '"' || $q === "'") {
                    while ($pos < $n && $cd[$pos] !== $q) {
                        $pos += $cd[$pos] === '\\' && ($cd[$pos + 1] ?? '') === $q ? 2 : 1;
                    }
                    $pos++;
                }
            }
            $pair = substr($cd, $start, min($pos, $n) - $start);
            $pos = min($pos + 1, $n);
            $pos += strspn($cd, " \t\n\v\f\r", $pos);
            $eq = strpos($pair, '=');
            if ($eq !== false) {
                $key = strtolower(substr($pair, 0, $eq));
                if ($key === 'name' || $key === 'filename') {
                    $out[$key] = self::word(substr($pair, $eq + 1));
                }
            }
        }
        return $out;
    }

    /** A parameter's value: quoted (backslash escapes the quote and itself) or up to whitespace. */
    private static function word(string $v): string
    {
        $v = ltrim($v, " \t\n\v\f\r");
        $quote = ($v[0] ?? '') === '"' || ($v[0] ?? '') === "'" ? $v[0] : '';
        $v = $quote !== '' ? substr($v, 1) : substr($v, 0, strcspn($v, " \t\n\v\f\r"));
        $out = '';
        for ($i = 0, $n = strlen($v); $i < $n && ($quote === '' || $v[$i] !== $quote); $i++) {
            if ($v[$i] === '\\' && $i + 1 < $n && ($v[$i + 1] === '\\' || ($quote !== '' && $v[$i + 1] === $quote))) {
                $i++;
            }
            $out .= $v[$i];
        }
        return $out;
    }

    /** One part into $fields or $files; false when PHP stops parsing (garbled headers). */
    private static function part(array $headers, string $data, bool $complete, array &$fields, array &$files, array &$state): bool
    {
        if (!isset($headers['content-disposition'])) {
            return true;
        }
        $d = self::disposition($headers['content-disposition']);
        $name = isset($d['name']) ? strstr($d['name'] . "\0", "\0", true) : null;
        if (!array_key_exists('filename', $d)) {
            if ($name === null) {
                trigger_error('File Upload Mime headers garbled', E_USER_WARNING);
                return false;
            }
            $fields[] = rawurlencode($name) . '=' . rawurlencode($data);
            if (strcasecmp($name, 'MAX_FILE_SIZE') === 0) {
                $state['max_file_size'] = (int) $data;
            }
            return true;
        }
        if (!ini_get('file_uploads')) {
            return true;
        }
        if ($state['uploads'] <= 0) {
            if (!$state['warned']) {
                $state['warned'] = true;
                trigger_error('Maximum number of allowable file uploads has been exceeded', E_USER_WARNING);
            }
            return true;
        }
        $name ??= (string) $state['anonymous']++;
        if (!self::bracketsOk($name)) {
            return true; // PHP never repairs a file's name: unbalanced brackets skip the file
        }
        self::file($name, strstr($d['filename'] . "\0", "\0", true), $headers['content-type'] ?? '', $data, $complete, $files, $state);
        return true;
    }

    /** rfc1867.c's rule for a file's name: brackets balanced, a ']' followed only by '['. */
    private static function bracketsOk(string $name): bool
    {
        $depth = 0;
        for ($i = 0, $n = strlen($name); $i < $n; $i++) {
            if ($name[$i] === '[') {
                $depth++;
            } elseif ($name[$i] === ']') {
                $depth--;
                if (($i + 1 < $n && $name[$i + 1] !== '[') || $depth < 0) {
                    return false;
                }
            }
        }
        return $depth === 0;
    }

    private static function file(string $name, string $filename, string $type, string $data, bool $complete, array &$files, array &$state): void
    {
        $limit = self::bytes((string) ini_get('upload_max_filesize'));
        $error = match (true) {
            $filename === '' => UPLOAD_ERR_NO_FILE,
            $limit > 0 && strlen($data) > $limit => UPLOAD_ERR_INI_SIZE,
            $state['max_file_size'] > 0 && strlen($data) > $state['max_file_size'] => UPLOAD_ERR_FORM_SIZE,
            !$complete => UPLOAD_ERR_PARTIAL,
            default => UPLOAD_ERR_OK,
        };
        if ($filename !== '') {
            $state['uploads']--; // PHP counts every file it opened a temp file for, even one it then cancels
        }
        $tmp = '';
        if ($error === UPLOAD_ERR_OK) {
            $dir = (string) ini_get('upload_tmp_dir');
            $tmp = @tempnam($dir !== '' ? $dir : sys_get_temp_dir(), 'php');
            if ($tmp === false || @file_put_contents($tmp, $data) !== strlen($data)) {
                $error = $tmp === false ? UPLOAD_ERR_NO_TMP_DIR : UPLOAD_ERR_CANT_WRITE;
                $tmp === false || @unlink($tmp);
                $tmp = '';
            } else {
                self::$tmpFiles[] = $tmp;
            }
        }
        $cut = max(($p = strrpos($filename, '/')) === false ? -1 : $p, ($p = strrpos($filename, '\\')) === false ? -1 : $p);
        $entry = ['name' => substr($filename, $cut + 1), 'full_path' => $filename,
            'type' => $error === UPLOAD_ERR_OK ? trim(explode(';', $type)[0]) : '',
            'tmp_name' => $tmp, 'error' => $error, 'size' => $error === UPLOAD_ERR_OK ? strlen($data) : 0];
        $open = strpos($name, '[');
        $arr = $open !== false && str_ends_with($name, ']');
        foreach ($entry as $k => $v) {
            self::register($files, $arr ? substr($name, 0, $open) . "[$k]" . substr($name, $open) : "{$name}[$k]", $v);
        }
    }

    /** main/php_variables.c's php_register_variable_ex: $var's name with its [indices] into $arr. */
    private static function register(array &$arr, string $var, mixed $val): void
    {
        $var = ltrim(strstr($var . "\0", "\0", true), ' ');
        $open = strpos($var, '[');
        $keys = [strtr($open === false ? $var : substr($var, 0, $open), ' .', '__')];
        if ($keys[0] === '') {
            return;
        }
        $rest = $open === false ? '' : substr($var, $open);
        for ($pos = 0, $level = 1; $rest !== ''; $level++) {
            if ($level > (int) ini_get('max_input_nesting_level')) {
                return;
            }
            $s = $pos + 1;
            $i = strspn($rest, " \t\n\v\f\r", $s, 1) === 1 ? $s + 1 : $s;
            $close = ($rest[$i] ?? '') === ']' ? $i : strpos($rest, ']', $i);
            if ($close === false) { // not an index: at the first level the '[' becomes '_'
                if (count($keys) === 1) {
                    $keys[0] .= '_' . strtr(substr($rest, $s), ' .[', '___');
                }
                break;
            }
            $keys[] = $close === $i && ($rest[$i] ?? '') === ']' ? null : substr($rest, $s, $close - $s);
            $pos = $close + 1;
            if (($rest[$pos] ?? '') !== '[') {
                break;
            }
        }
        $ref = &$arr;
        $last = array_pop($keys);
        foreach ($keys as $k) {
            if ($k === null) {
                $ref[] = [];
                $k = array_key_last($ref);
            } elseif (!isset($ref[$k]) || !is_array($ref[$k])) {
                $ref[$k] = [];
            }
            $ref = &$ref[$k];
        }
        if ($last === null) {
            $ref[] = $val;
        } else {
            $ref[$last] = $val;
        }
    }

    /** An INI size ("8M", "2G", "512") in bytes. */
    private static function bytes(string $v): int
    {
        $n = (int) $v;
        return match (strtolower(substr(trim($v), -1))) {
            'g' => $n << 30,
            'm' => $n << 20,
            'k' => $n << 10,
            default => $n,
        };
    }
}
