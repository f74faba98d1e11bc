--TEST--
Superglobals mode: a warning while the superglobals are filled (max_input_vars exceeded), with display_errors on, is part of that request's buffered output as under php-fpm with output_buffering: header() still works after it, and the next request is clean
--SKIPIF--
<?php require __DIR__ . '/inc/skip_native_only.inc'; ?>
--FILE--
<?php
require __DIR__ . '/inc/superglobals.inc';
$srv = sg_start('
    header("X-After: yes");
    echo "GET=", json_encode($_GET), " sent=", var_export(headers_sent(), true), "\n";
', [], ['display_errors' => '1', 'html_errors' => '0', 'max_input_vars' => '2']);
sg_with($srv, function ($srv) {
    echo sg_show(lyger_request($srv, 'GET', '/?a=1&b=2&c=3'));
    echo sg_show(lyger_request($srv, 'GET', '/?a=1'));
});
?>
--EXPECTF--
200
X-After: yes
Content-Type: text/html; charset=UTF-8

%AWarning: %SInput variables exceeded 2. To increase the limit change max_input_vars in php.ini.%A
GET={"a":"1","b":"2"} sent=false
200
X-After: yes
Content-Type: text/html; charset=UTF-8

GET={"a":"1"} sent=false
