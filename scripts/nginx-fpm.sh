#!/usr/bin/env bash
# A throwaway nginx + php-fpm serving one front controller, for the side-by-side test
# (tests/380) and the worker benchmark (bench/worker.sh). Nothing of the system's
# services is touched: own temp dir, free loopback port, own pid files.
#   scripts/nginx-fpm.sh start DIR ROOT [CHILDREN] [-d key=value ...]
#       DIR: an empty directory for config, sockets, logs and pid files
#       ROOT: the application's public directory, holding index.php
#       CHILDREN: php-fpm's static pool size (default 2); -d: php settings of the pool
#     starts php-fpm (pm = static, opcache on when the PHP under test has it) and
#     nginx (1 worker) and prints "port N"
#   scripts/nginx-fpm.sh stop DIR     stops both (by their pid files) and waits for them
#   scripts/nginx-fpm.sh check        exits 2 with the reason when nginx or php-fpm is missing
# The php-fpm is the PHP under test's (tests/inc/sapi.inc: lyger_php_fpm_binary()), or
# $LYGER_PHP_FPM; nginx is found on PATH or in /usr/sbin, or is $LYGER_NGINX. nginx's
# FastCGI parameters are the distribution's own fastcgi_params, beside its nginx.conf.
# nginx routes as a front controller is usually deployed:
#   try_files $uri /index.php?$query_string
set -euo pipefail
root_dir=$(cd "$(dirname "$0")/.." && pwd)

find_nginx() {
    if [ -n "${LYGER_NGINX:-}" ]; then echo "$LYGER_NGINX"; return; fi
    command -v nginx 2>/dev/null && return
    [ -x /usr/sbin/nginx ] && { echo /usr/sbin/nginx; return; }
    return 1
}
find_fpm() {
    if [ -n "${LYGER_PHP_FPM:-}" ]; then echo "$LYGER_PHP_FPM"; return; fi
    php -n -r 'require $argv[1]; echo lyger_php_fpm_binary() ?? "";' "$root_dir/tests/inc/sapi.inc"
}
# the directory of nginx's own config (its fastcgi_params)
nginx_conf_dir() {
    local p
    p=$("$1" -V 2>&1 | grep -o -- '--conf-path=[^ ]*' | cut -d= -f2 || true)
    dirname "${p:-/etc/nginx/nginx.conf}"
}
svc=nginx-fpm
. "$root_dir/scripts/service-lib.sh" # free_port

wait_gone() { # pid: waits up to 5 s, then SIGKILL
    local i
    for i in $(seq 1 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$1" 2>/dev/null || true
}

stop() {
    local dir=$1 f pid
    for f in nginx.pid fpm.pid; do
        [ -f "$dir/$f" ] || continue
        pid=$(cat "$dir/$f" 2>/dev/null || true)
        [ -n "$pid" ] || continue
        # php-fpm: SIGQUIT is its graceful stop; nginx: SIGQUIT too
        kill -QUIT "$pid" 2>/dev/null || true
        wait_gone "$pid"
        rm -f "$dir/$f"
    done
}

start() {
    local dir=$1 app=$2 children=${3:-2}
    shift 3 || shift $#
    local nginx fpm conf port ini=() ext_dir
    nginx=$(find_nginx) || { echo "nginx not found" >&2; exit 2; }
    fpm=$(find_fpm)
    [ -n "$fpm" ] && [ -x "$fpm" ] || { echo "php-fpm of this PHP not found" >&2; exit 2; }
    conf=$(nginx_conf_dir "$nginx")
    [ -f "$conf/fastcgi_params" ] || { echo "$conf/fastcgi_params not found" >&2; exit 2; }
    app=$(cd "$app" && pwd)
    mkdir -p "$dir/tmp"
    chmod 755 "$dir"
    # opcache on, as php-fpm is deployed (when this PHP has it: Debian's php8.2-opcache)
    ext_dir=$("$fpm" -n -i 2>/dev/null | awk -F' => ' '$1 == "extension_dir" && !n++ {print $2}' || true)
    if [ -f "$ext_dir/opcache.so" ]; then
        ini+=(-d zend_extension=opcache -d opcache.enable=1 -d opcache.validate_timestamps=0)
    fi
    ini+=("$@")
    cat >"$dir/fpm.conf" <<EOF
[global]
error_log = $dir/fpm.log
pid = $dir/fpm.pid
daemonize = yes
[app]
listen = $dir/fpm.sock
listen.mode = 0666
pm = static
pm.max_children = $children
pm.max_requests = 0
clear_env = no
catch_workers_output = yes
EOF
    local as_root=()
    [ "$(id -u)" -eq 0 ] && as_root=(-R)   # the pool runs as root here: allow it
    "$fpm" -n "${ini[@]}" -y "$dir/fpm.conf" "${as_root[@]}" >"$dir/fpm.out" 2>&1 \
        || { cat "$dir/fpm.out" "$dir/fpm.log" >&2 2>/dev/null; exit 1; }
    local i
    for i in $(seq 1 100); do [ -S "$dir/fpm.sock" ] && break; sleep 0.05; done
    [ -S "$dir/fpm.sock" ] || { echo "php-fpm did not start" >&2; cat "$dir/fpm.log" >&2 2>/dev/null; stop "$dir"; exit 1; }

    local user_line=""
    [ "$(id -u)" -eq 0 ] && user_line="user root;"   # workers read the app and the socket as the master's user
    for i in 1 2 3; do
        port=$(free_port)
        cat >"$dir/nginx.conf" <<EOF
$user_line
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log;
daemon on;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir/tmp; proxy_temp_path $dir/tmp; fastcgi_temp_path $dir/tmp;
    uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
    keepalive_requests 1000000;
    client_max_body_size 16m;
    server {
        listen 127.0.0.1:$port;
        server_name 127.0.0.1;
        root $app;
        location / { try_files \$uri /index.php?\$query_string; }
        location ~ \.php\$ {
            try_files \$uri =404;
            include $conf/fastcgi_params;
            fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
            fastcgi_pass fpm;
            fastcgi_keep_conn on;
        }
    }
    upstream fpm { server unix:$dir/fpm.sock; keepalive 8; }
}
EOF
        if "$nginx" -c "$dir/nginx.conf" -p "$dir" 2>"$dir/nginx.out"; then
            for _ in $(seq 1 100); do
                curl -s -o /dev/null "http://127.0.0.1:$port/" && { echo "port $port"; return 0; }
                sleep 0.05
            done
        fi
    done
    echo "nginx did not start" >&2
    cat "$dir/nginx.out" "$dir/nginx-error.log" >&2 2>/dev/null || true
    stop "$dir"
    exit 1
}

check() { # exits 2 with the reason when something is missing
    local nginx fpm conf
    nginx=$(find_nginx) || { echo "nginx not installed"; exit 2; }
    fpm=$(find_fpm)
    [ -n "$fpm" ] && [ -x "$fpm" ] || { echo "php-fpm of this PHP not found"; exit 2; }
    conf=$(nginx_conf_dir "$nginx")
    [ -f "$conf/fastcgi_params" ] || { echo "nginx's fastcgi_params not found"; exit 2; }
    command -v curl >/dev/null || { echo "curl not installed"; exit 2; }
}

case "${1:-}" in
    check) check ;;
    start) shift; start "$@" ;;
    stop) stop "$2" ;;
    *) echo "usage: $0 start DIR ROOT [CHILDREN] [-d key=value ...] | stop DIR | check" >&2; exit 2 ;;
esac
