--TEST--
Every PHP example in README.md runs as the README says (in this mode: extension or fallback), and every API method has one
--SKIPIF--
<?php
if (getenv('LYGER_TEST_MODE') === 'valgrind') die('skip runs every README example in its own PHP process, servers included (minutes under valgrind); the code they call is covered by the per-concern tests under valgrind');
if ((string) getenv('LYGER_TEST_DSN') === '') die('skip LYGER_TEST_DSN is not set: the database examples need PostgreSQL (scripts/test.sh starts one)');
if (!extension_loaded('lyger') && !function_exists('pg_connect') && !extension_loaded('pdo_pgsql')) die('skip the fallback needs ext/pgsql or PDO pgsql');
?>
--FILE--
<?php
/*
 * The README's convention, which this test enforces:
 *  - every ```php block is a complete script (it starts with <?php) and is run;
 *  - a ```text block right after it (blank lines between allowed) is its exact output;
 *  - <!-- example: server --> on the line before a block: it serves HTTP on port 8000
 *    (replaced here by a free port); the ```text block after it is a shell session of
 *    "$ curl ..." lines, each followed by what curl prints. After the session the
 *    server must stop gracefully on SIGTERM (or have stopped by itself);
 *  - <!-- example: skip: <reason> --> on the line before a block: not run, and the
 *    reason is required;
 *  - examples reach PostgreSQL through the LYGER_DSN environment variable.
 * Each example runs in its own PHP process with this test's engine (extension or
 * fallback); any output on stderr fails a non-server example.
 */
require __DIR__ . '/inc/server.inc';
$root = dirname(__DIR__);
$lines = file("$root/README.md", FILE_IGNORE_NEW_LINES);
$scratch = sys_get_temp_dir() . '/lyger-readme-' . getmypid() . '-' . bin2hex(random_bytes(4));
mkdir($scratch);
$env = lyger_child_env(['LYGER_DSN' => getenv('LYGER_TEST_DSN'), 'PATH' => getenv('PATH'), 'HOME' => $scratch]);

// Collect the blocks.
$blocks = [];
$n = count($lines);
$fence = function (int $i, string $lang) use ($lines, $n): ?array {
    if ($lines[$i] !== '```' . $lang) return null;
    for ($j = $i + 1; $j < $n && $lines[$j] !== '```'; $j++);
    return [implode("\n", array_slice($lines, $i + 1, $j - $i - 1)), $j];
};
for ($i = 0; $i < $n; $i++) {
    if (!($php = $fence($i, 'php'))) continue;
    [$code, $end] = $php;
    $prev = $i - 1;
    while ($prev >= 0 && trim($lines[$prev]) === '') $prev--;
    $directive = $prev >= 0 && preg_match('/^<!-- example: (.*) -->$/', $lines[$prev], $m) ? $m[1] : 'run';
    $next = $end + 1;
    while ($next < $n && trim($lines[$next]) === '') $next++;
    $text = $next < $n ? $fence($next, 'text') : null;
    $blocks[] = ['line' => $i + 1, 'code' => $code, 'directive' => $directive, 'text' => $text[0] ?? null];
    $i = $end;
}

function run_php(string $file, array $env, float $limit, ?string &$stderr): array
{
    $p = proc_open(array_merge(['timeout', '-k', '5', (string) $limit], lyger_php_cmd(), [$file]),
        [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['file', "$file.err", 'w']], $pipes, dirname($file), $env);
    fclose($pipes[0]);
    $out = stream_get_contents($pipes[1]);
    $code = proc_close($p);
    $stderr = (string) file_get_contents("$file.err");
    return [$code, $out];
}

function free_port(): int
{
    $s = stream_socket_server('tcp://127.0.0.1:0');
    $port = (int) substr(strrchr(stream_socket_get_name($s, false), ':'), 1);
    fclose($s);
    return $port;
}

$failures = [];
$counts = ['run' => 0, 'server' => 0, 'skip' => 0];
$covered = '';
foreach ($blocks as $k => $b) {
    $where = "README.md line {$b['line']}";
    if (!str_starts_with($b['code'], '<?php')) {
        $failures[] = "$where: a php block must be a complete script starting with <?php";
        continue;
    }
    if (str_starts_with($b['directive'], 'skip')) {
        if (!preg_match('/^skip: \S.{10,}/', $b['directive'])) $failures[] = "$where: a skipped example needs a reason (<!-- example: skip: why -->)";
        $counts['skip']++;
        continue;
    }
    $file = "$scratch/example$k.php";
    if ($b['directive'] === 'run') {
        $counts['run']++;
        $covered .= $b['code'];
        file_put_contents($file, $b['code']);
        [$code, $out] = run_php($file, $env, 60, $stderr);
        if ($code !== 0 || $stderr !== '') {
            $failures[] = "$where: exit $code\n$stderr$out";
        } elseif ($b['text'] !== null && rtrim($out, "\n") !== rtrim($b['text'], "\n")) {
            $failures[] = "$where: output differs\n--- README\n{$b['text']}\n--- actual\n$out";
        }
        continue;
    }
    if ($b['directive'] !== 'server') {
        $failures[] = "$where: unknown directive \"{$b['directive']}\"";
        continue;
    }
    // A server example: start it on a free port, replay the curl session, stop it.
    $counts['server']++;
    $covered .= $b['code'];
    if (!str_contains($b['code'], '8000') || $b['text'] === null || !str_contains($b['text'], '$ curl ')) {
        $failures[] = "$where: a server example listens on 8000 and is followed by a \$ curl session";
        continue;
    }
    $port = free_port();
    file_put_contents($file, str_replace('8000', (string) $port, $b['code']));
    $proc = proc_open(array_merge(lyger_php_cmd(), [$file]), [0 => ['pipe', 'r'], 1 => ['file', "$file.out", 'w'], 2 => ['file', "$file.err", 'w']], $pipes, $scratch, $env);
    $srv = ['proc' => $proc, 'pipes' => $pipes, 'dir' => $scratch];
    $up = false;
    for ($t = microtime(true); microtime(true) - $t < 15 && !$up;) {
        if ($c = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 1)) {
            fclose($c);
            $up = true;
        } elseif (!proc_get_status($proc)['running']) {
            break;
        } else {
            usleep(50000);
        }
    }
    if (!$up) {
        $failures[] = "$where: the server did not come up\n" . file_get_contents("$file.err");
        lyger_server_kill($srv);
        continue;
    }
    $session = preg_split('/^(?=\$ )/m', str_replace('8000', (string) $port, $b['text']), -1, PREG_SPLIT_NO_EMPTY);
    foreach ($session as $step) {
        [$command, $expected] = array_pad(explode("\n", $step, 2), 2, '');
        $command = substr($command, 2);
        if (!str_starts_with($command, 'curl ')) {
            $failures[] = "$where: only curl commands in a server session: $command";
            continue;
        }
        $p = proc_open(['sh', '-c', 'curl --max-time 10 ' . substr($command, 5)], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        $out = stream_get_contents($pipes[1]);
        proc_close($p);
        if (rtrim($out, "\n") !== rtrim($expected, "\n")) {
            $failures[] = "$where: $command\n--- README\n$expected\n--- actual\n$out";
        }
    }
    // A server that stops by itself (stopServer) has half a second; any other gets SIGTERM,
    // as Ctrl-C would, once its connections are done.
    $exit = lyger_server_wait($srv, 0.5) ?? lyger_server_stop($srv, 15, 15);
    if ($exit !== 0) {
        $failures[] = "$where: the server did not stop gracefully (exit " . var_export($exit, true) . ")\n" . file_get_contents("$file.err");
    }
}

// Every method of the API has a run (or served) example.
$methods = [];
foreach ([Lyger\Core\Engine::class, Lyger\Core\DatabaseException::class] as $class) {
    foreach ((new ReflectionClass($class))->getMethods(ReflectionMethod::IS_PUBLIC) as $m) {
        if ($m->class === $class && !in_array($m->getName(), ['__serialize', '__unserialize', 'withSqlState'], true)) $methods[] = $m->getName();
    }
}
foreach ($methods as $m) {
    if (!preg_match('/(->|::)' . $m . '\(/', $covered)) $failures[] = "no README example calls $m()";
}
exec('rm -rf ' . escapeshellarg($scratch));

printf("%d php blocks: %d run, %d servers, %d skipped with a reason\n", count($blocks), $counts['run'], $counts['server'], $counts['skip']);
echo $failures ? implode("\n\n", $failures) : 'all examples behaved as the README says', "\n";
?>
--EXPECTF--
%d php blocks: %d run, %d servers, %d skipped with a reason
all examples behaved as the README says
