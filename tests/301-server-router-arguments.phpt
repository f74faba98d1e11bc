--TEST--
The router gets the decoded path, the method, query+body data (form and JSON) and the request (headers lower-cased, raw body, query, remote address, protocol)
--FILE--
<?php
require __DIR__ . '/inc/server.inc';
$srv = lyger_server_start('function (string $uri, string $method, array $data, array $request) {
    return ["status" => 200, "headers" => ["Content-Type" => "application/json"], "body" => json_encode([
        "uri" => $uri, "method" => $method, "data" => $data,
        "headers" => $request["headers"], "body" => $request["body"], "query" => $request["query"],
        "remote_addr" => $request["remote_addr"], "remote_port" => is_int($request["remote_port"]) && $request["remote_port"] > 0,
        "protocol" => $request["protocol"],
    ])];
}');
try {
    $r = lyger_request($srv, 'GET', '/caf%C3%A9/a%20b?x=1&list[]=a&list[]=b&q=hello+world', ['X-Custom-Header' => 'Yes']);
    $j = json_decode($r['body'], true);
    var_dump($j['uri'], $j['method'], $j['data'], $j['query'], $j['headers']['x-custom-header'], $j['remote_addr'], $j['remote_port'], $j['protocol']);

    $r = lyger_request($srv, 'POST', '/form?x=1&y=query', ['Content-Type' => 'application/x-www-form-urlencoded'], 'y=body&z=%26');
    $j = json_decode($r['body'], true);
    var_dump($j['method'], $j['data'], $j['body']);

    $r = lyger_request($srv, 'PUT', '/json?x=1', ['Content-Type' => 'application/json; charset=utf-8'], '{"name":"ann","n":2,"nested":{"a":[1,2]}}');
    $j = json_decode($r['body'], true);
    var_dump($j['method'], $j['data']);

    // a JSON list or invalid JSON is not merged into $data; the raw body is still there
    $r = lyger_request($srv, 'POST', '/j', ['Content-Type' => 'application/json'], '{broken');
    $j = json_decode($r['body'], true);
    var_dump($j['data'], $j['body']);

    // lower-case method names are not valid HTTP methods... but a 3-argument router works unchanged
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}
$srv = lyger_server_start('function ($uri, $method, $data) { return "$method $uri " . json_encode($data); }');
try {
    echo lyger_request($srv, 'DELETE', '/items/7?force=1')['body'], "\n";
} finally {
    lyger_server_stop($srv);
    lyger_server_cleanup($srv);
}
?>
--EXPECT--
string(10) "/café/a b"
string(3) "GET"
array(3) {
  ["x"]=>
  string(1) "1"
  ["list"]=>
  array(2) {
    [0]=>
    string(1) "a"
    [1]=>
    string(1) "b"
  }
  ["q"]=>
  string(11) "hello world"
}
string(35) "x=1&list[]=a&list[]=b&q=hello+world"
string(3) "Yes"
string(9) "127.0.0.1"
bool(true)
string(8) "HTTP/1.1"
string(4) "POST"
array(3) {
  ["x"]=>
  string(1) "1"
  ["y"]=>
  string(4) "body"
  ["z"]=>
  string(1) "&"
}
string(12) "y=body&z=%26"
string(3) "PUT"
array(4) {
  ["x"]=>
  string(1) "1"
  ["name"]=>
  string(3) "ann"
  ["n"]=>
  int(2)
  ["nested"]=>
  array(1) {
    ["a"]=>
    array(2) {
      [0]=>
      int(1)
      [1]=>
      int(2)
    }
  }
}
array(0) {
}
string(7) "{broken"
DELETE /items/7 {"force":"1"}
