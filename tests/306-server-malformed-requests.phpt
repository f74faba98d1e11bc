--TEST--
Malformed requests are refused without reaching the router: bad request line 400, invalid method 400, unsupported version 505, Content-Length with Transfer-Encoding 400 and close, negative or huge Content-Length, header section over max_header_size 431, body over max_body_size 413
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
$srv = lyger_server_start('function ($uri, $method, $data, $request) { file_put_contents(__DIR__ . "/seen", "$method $uri\n", FILE_APPEND); return "routed $uri"; }', ['max_header_size' => 1024, 'max_body_size' => 64]);
$cases = [
    'garbage request line' => "GARBAGE\r\n\r\n",
    'missing version' => "GET /\r\n\r\n",
    'invalid method' => "FR@B / HTTP/1.1\r\nHost: x\r\n\r\n",
    'bad version' => "GET / HTTP/9.9\r\nHost: x\r\n\r\n",
    'CL + TE' => "POST /smuggle HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
    'TE + CL' => "POST /smuggle HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n",
    'two Content-Length' => "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
    'negative Content-Length' => "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
    'huge Content-Length' => "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n",
    'Content-Length over max_body_size' => "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 65\r\n\r\n" . str_repeat('x', 65),
    'header line over the limit' => "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " . str_repeat('a', 2000) . "\r\n\r\n",
    'many headers over the limit' => "GET / HTTP/1.1\r\n" . str_repeat("X-H: 0123456789\r\n", 100) . "\r\n",
    'TE gzip' => "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
    'NUL in header' => "GET / HTTP/1.1\r\nHost: x\0y\r\n\r\n",
];
try {
    foreach ($cases as $name => $raw) {
        $s = lyger_connect($srv);
        fwrite($s, $raw);
        $r = lyger_read_response($s);
        echo str_pad($name, 36), $r ? $r['status'] : 'no response', ' ', $r['headers']['connection'] ?? '-', ' ', lyger_closed_within($s, 3) ? 'closed' : 'open', "\n";
        fclose($s);
    }
    echo lyger_request($srv, 'GET', '/ok')['body'], "\n";
} finally {
    lyger_server_stop($srv);
    echo @file_get_contents($srv['dir'] . '/seen');
    lyger_server_cleanup($srv);
}
?>
--EXPECT--
garbage request line                400 close closed
missing version                     400 close closed
invalid method                      400 close closed
bad version                         505 close closed
CL + TE                             400 close closed
TE + CL                             400 close closed
two Content-Length                  400 close closed
negative Content-Length             400 close closed
huge Content-Length                 400 close closed
Content-Length over max_body_size   413 close closed
header line over the limit          431 close closed
many headers over the limit         431 close closed
TE gzip                             400 close closed
NUL in header                       400 close closed
routed /ok
GET /ok
