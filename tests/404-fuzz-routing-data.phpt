--TEST--
Fuzz: random query strings, form and JSON bodies (valid, broken, deeply nested, binary), with random content types, sent plain or chunked in random chunk sizes: the router's $data is always exactly what parse_str() of the query replaced by the decoded body gives, and the raw query and body arrive byte for byte
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
$seed = (int) (getenv('LYGER_FUZZ_SEED') ?: 404);
mt_srand($seed);
$count = getenv('LYGER_TEST_MODE') === 'valgrind' ? 60 : 400;
$srv = lyger_server_start('function (string $uri, string $method, array $data, array $request) {
    return serialize([$data, $request["query"], $request["body"]]);
}', ['max_body_size' => 1 << 20]);

function pick(array $a) { return $a[mt_rand(0, count($a) - 1)]; }
function rnd_bytes(int $n, bool $binary): string
{
    $s = '';
    for ($i = 0; $i < $n; $i++) {
        $s .= $binary ? chr(mt_rand(0, 255)) : pick(['a', 'b', 'z', '0', '9', '-', '.', '_', '~', '!', '*', "'", '(', ')', ',', ';', ':', '@', '/', '?', '$']);
    }
    return $s;
}
/** A query/form string: keys with brackets, encodings, separators, broken escapes. */
function rnd_urlencoded(bool $binary): string
{
    $parts = [];
    for ($i = mt_rand(0, 8); $i > 0; $i--) {
        $key = pick(['a', 'b', 'a[]', 'a[x]', 'a[x][]', 'a[x][y]', 'a[', 'a]', '[]', '%5B%5D', 'k%00', 'k+k', '', 'c.d', 'c d', '0', '1', '-1', 'x[0]', 'x[1][]', rawurlencode(rnd_bytes(mt_rand(1, 6), $binary))]);
        $val = pick(['', '1', 'x', '%41', '%', '%zz', '%4', '+', '%2B', '%26', 'a=b', rawurlencode(rnd_bytes(mt_rand(0, 12), $binary)), rnd_bytes(mt_rand(0, 5), false)]);
        $parts[] = mt_rand(0, 5) ? "$key=$val" : $key;
    }
    return implode(pick(['&', '&', '&&', '&amp;']), $parts);
}
function rnd_value(int $depth)
{
    switch ($depth > 3 ? mt_rand(0, 4) : mt_rand(0, 6)) {
        case 0: return mt_rand(-1000, 1000);
        case 1: return mt_rand() / 7.0;
        case 2: return pick([true, false, null]);
        case 3: return rnd_bytes(mt_rand(0, 10), false);
        case 4: return "\u{e9}\u{2028}\"\\/\t" . mt_rand();
        case 5: $a = []; for ($i = mt_rand(0, 4); $i > 0; $i--) { $a[] = rnd_value($depth + 1); } return $a;
        default: $o = []; for ($i = mt_rand(0, 4); $i > 0; $i--) { $o[pick(['a', 'b', '0', '12', '', 'k k', "\u{e9}"])] = rnd_value($depth + 1); } return $o;
    }
}
function rnd_json(): string
{
    switch (mt_rand(0, 5)) {
        case 0: return str_repeat('{"a":', 600) . '1' . str_repeat('}', 600);      // past the depth limit
        case 1: return '[1,2,3]';                                                    // a list: not merged
        case 2: $j = json_encode(rnd_value(0) ?: ['k' => 1]); return substr($j, 0, mt_rand(0, strlen($j)));  // truncated
        case 3: $j = json_encode(['o' => rnd_value(1)]); $p = mt_rand(0, strlen($j)); return substr($j, 0, $p) . chr(mt_rand(0, 255)) . substr($j, $p); // one byte in
        default: return pick(['', ' ', "\n\t "]) . json_encode((object) ['x' => rnd_value(1), mt_rand(0, 9) => rnd_value(1)]);
    }
}
function expected(string $query, string $ct, string $body): array
{
    $q = [];
    if ($query !== '') {
        parse_str($query, $q);
    }
    if ($body === '') {
        return $q;
    }
    $b = null;
    $type = strtolower(rtrim(explode(';', $ct)[0], " \t"));
    if (str_starts_with(strtolower($ct), 'application/x-www-form-urlencoded')) {
        parse_str($body, $b);
    } elseif ($type === 'application/json' || (strlen($type) > 5 && str_ends_with($type, '+json'))) {
        $t = ltrim($body, " \t\r\n");
        $b = ($t !== '' && $t[0] === '{') ? json_decode($body, true) : null;
    }
    return is_array($b) ? array_replace($q, $b) : $q;
}
function chunked(string $body): string
{
    $out = '';
    for ($i = 0; $i < strlen($body);) {
        $n = mt_rand(1, 64);
        $out .= dechex(min($n, strlen($body) - $i)) . "\r\n" . substr($body, $i, $n) . "\r\n";
        $i += $n;
    }
    return $out . "0\r\n\r\n";
}

try {
    $bad = 0;
    $kinds = [];
    for ($i = 0; $i < $count; $i++) {
        $query = str_replace(' ', '+', rnd_urlencoded(false)); // a raw space ends the request target
        $kind = pick(['none', 'form', 'form-binary', 'json', 'json', 'other']);
        $ct = match ($kind) {
            'none' => '',
            'form', 'form-binary' => pick(['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=UTF-8', 'APPLICATION/X-WWW-FORM-URLENCODED']),
            'json' => pick(['application/json', 'application/json; charset=utf-8', 'application/vnd.api+json', 'Application/JSON ', 'text/json']),
            'other' => pick(['text/plain', 'multipart/form-data; boundary=x', 'application/octet-stream']),
        };
        $body = match ($kind) {
            'none' => '',
            'form' => rnd_urlencoded(false),
            'form-binary' => rnd_urlencoded(true),
            'json' => rnd_json(),
            'other' => rnd_bytes(mt_rand(0, 40), true),
        };
        $headers = "Host: x\r\nConnection: close\r\n" . ($ct !== '' ? "Content-Type: $ct\r\n" : '');
        $raw = mt_rand(0, 1)
            ? "POST /r?$query HTTP/1.1\r\n{$headers}Content-Length: " . strlen($body) . "\r\n\r\n$body"
            : "POST /r?$query HTTP/1.1\r\n{$headers}Transfer-Encoding: chunked\r\n\r\n" . chunked($body);
        $r = lyger_request($srv, 'POST', '/', [], '', $raw);
        $got = $r ? @unserialize($r['body']) : false;
        $want = [expected($query, $ct, $body), $query, $body];
        $kinds[$kind] = ($kinds[$kind] ?? 0) + 1;
        if ($got !== $want) {
            if (++$bad <= 3) {
                echo "mismatch (seed $seed, request $i): ", json_encode(['query' => $query, 'ct' => $ct, 'body' => base64_encode($body),
                    'status' => $r['status'] ?? null, 'got' => is_array($got) ? $got[0] : $r['body'] ?? null, 'want' => $want[0]], JSON_PARTIAL_OUTPUT_ON_ERROR | JSON_INVALID_UTF8_SUBSTITUTE), "\n";
            }
        }
    }
    echo "$bad requests differ\n";
    var_dump(count($kinds) === 5);
    echo lyger_request($srv, 'GET', '/health')['status'], "\n";
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}
?>
--EXPECT--
0 requests differ
bool(true)
200
