<?php
/*
 * The database engines side by side, one run: for PostgreSQL, MySQL/MariaDB and SQLite,
 * lyger's dbQueryJson against each engine's PHP drivers + json_encode, on
 *   select 1 | a primary-key lookup of one row (7 mixed columns) | 100 rows | 100,000 rows
 * Peers: PostgreSQL pg_query_params + pg_fetch_all and PDO pgsql; MySQL mysqli_query +
 * fetch_all(MYSQLI_ASSOC) and PDO mysql; SQLite SQLite3 and PDO sqlite; each + json_encode.
 * Each cell: median µs per query over 7 rounds (implementations taking turns); the ratio is
 * the best peer's time / lyger's (> 1: lyger faster). The floor is the engine's own raw
 * fetch with no PHP rows and no JSON (PostgreSQL: pg_query_params then pg_free_result, the
 * whole result in libpq's memory; MySQL: mysqli's query, rows buffered in C, then free;
 * SQLite: the same rows stepped and every column read in C by an aggregate); max is the best
 * peer's time / the floor's: the speed-up no binding over the same protocol could pass. Memory: PHP peak above the start for
 * the 100,000-row JSON, over the JSON's size.
 * Each engine also races "lyger fetch", printed on a line of its own: dbQuery then
 * freeResult, lyger's own fetch of the same rows into C memory with no JSON written, and
 * the best peer over it: the speed-up no JSON writer over lyger's fetch could pass (on
 * PostgreSQL and MySQL, whose dbQueryJson fetches the same way; SQLite's dbQueryJson
 * writes each row as it steps, while dbQuery copies every row first, so there the line is
 * no floor).
 * MySQL also races "lyger text": dbQueryJson on a second connection opened with
 * lyger.db_mysql_statement_cache=0 (every query on the text protocol), printed on a line
 * of its own: its own ratio to the best peer, and text/prepared = its time over lyger's
 * (> 1: the statement cache is faster).
 *
 *   php bench/db_engines.php     (re-runs itself with modules/lyger.so and the drivers;
 *                                 starts throwaway PostgreSQL/MariaDB servers when
 *                                 LYGER_TEST_DSN / LYGER_TEST_MYSQL_DSN are unset)
 *   LYGER_BENCH_QUICK=1          fewer iterations
 */
declare(strict_types=1);

$root = dirname(__DIR__);
if (!extension_loaded('lyger')) {
    $ext = '';
    foreach (['pgsql', 'pdo', 'pdo_pgsql', 'mysqlnd', 'mysqli', 'pdo_mysql', 'sqlite3', 'pdo_sqlite'] as $e) {
        $ext .= " -d extension=$e";
    }
    passthru(escapeshellarg(PHP_BINARY) . " -n$ext -d memory_limit=2G -d extension="
        . escapeshellarg("$root/modules/lyger.so") . ' ' . escapeshellarg(__FILE__), $rc);
    exit($rc);
}
$quick = getenv('LYGER_BENCH_QUICK') !== false;
$n = ['select1' => $quick ? 500 : 3000, 'pk' => $quick ? 500 : 3000, 'rows100' => $quick ? 100 : 500, 'rows100k' => $quick ? 1 : 3];

function service(string $script, string $var): array
{
    global $root;
    $env = [];
    foreach (explode("\n", (string) shell_exec('bash ' . escapeshellarg("$root/scripts/$script") . ' start')) as $line) {
        if (preg_match("/^export (\\w+)='(.*)'$/", $line, $m)) {
            $env[$m[1]] = $m[2];
        }
    }
    return $env;
}
$pgDsn = (string) getenv('LYGER_TEST_DSN');
if ($pgDsn === '') {
    $env = service('pg.sh', 'LYGER_TEST_DSN');
    $pgDsn = $env['LYGER_TEST_DSN'];
    register_shutdown_function(fn () => shell_exec('bash ' . escapeshellarg("$root/scripts/pg.sh") . ' stop ' . escapeshellarg($env['LYGER_TEST_PG_DIR'])));
}
$myDsn = (string) getenv('LYGER_TEST_MYSQL_DSN');
if ($myDsn === '') {
    $env = service('mysql.sh', 'LYGER_TEST_MYSQL_DSN');
    $myDsn = $env['LYGER_TEST_MYSQL_DSN'];
    register_shutdown_function(fn () => shell_exec('bash ' . escapeshellarg("$root/scripts/mysql.sh") . ' stop ' . escapeshellarg($env['LYGER_TEST_MYSQL_DIR'])));
}
$sqlitePath = sys_get_temp_dir() . '/lyger-bench-' . getmypid() . '.db';
register_shutdown_function(function () use ($sqlitePath) {
    foreach (['', '-wal', '-shm'] as $s) {
        @unlink($sqlitePath . $s);
    }
});
$e = Lyger\Core\Engine::getInstance();

/** @param array<string, callable(): string> $impls  @return array<string, float> µs per call */
function race(array $impls, int $iters): array
{
    $times = [];
    foreach ($impls as $name => $f) {
        $f(); // warm
    }
    for ($round = 0; $round < 7; $round++) {
        foreach ($impls as $name => $f) {
            $t = hrtime(true);
            for ($i = 0; $i < $iters; $i++) {
                $f();
            }
            $times[$name][] = (hrtime(true) - $t) / 1e3 / $iters;
        }
    }
    return array_map(function ($ts) { sort($ts); return $ts[3]; }, $times);
}

function peak(callable $f): array
{
    gc_collect_cycles();
    $before = memory_get_usage();
    memory_reset_peak_usage();
    $json = $f();
    return [memory_get_peak_usage() - $before, strlen($json)];
}

// --- the data: the same 100,000 rows in each engine ----------------------------
$rows = 100000;
$e->dbExecute($pgDsn, 'drop table if exists bench_engines');
$e->dbExecute($pgDsn, 'create table bench_engines (id int primary key, n int, big bigint, f double precision, name text, created timestamp, flag boolean)');
$e->dbExecute($pgDsn, "insert into bench_engines select g, g % 1000, g::bigint * 1000003, g / 7.0, 'name ' || g, timestamp '2024-01-01' + g * interval '1 minute', g % 2 = 0 from generate_series(1, $rows) g");
$e->dbExecute($pgDsn, 'analyze bench_engines');
$e->dbExecute($myDsn, 'drop table if exists bench_engines');
$e->dbExecute($myDsn, 'create table bench_engines (id int primary key, n int, big bigint, f double, name varchar(40), created datetime, flag boolean) engine=InnoDB');
try { $e->dbExecute($myDsn, 'set max_recursive_iterations = 200000'); } catch (Throwable) { $e->dbExecute($myDsn, 'set cte_max_recursion_depth = 200000'); }
$e->dbExecute($myDsn, "insert into bench_engines with recursive g(i) as (select 1 union all select i + 1 from g where i < $rows)
    select i, i % 1000, i * 1000003, i / 7.0, concat('name ', i), '2024-01-01' + interval i minute, i % 2 = 0 from g");
$sq = "sqlite:$sqlitePath";
$e->dbExecute($sq, 'create table bench_engines (id integer primary key, n integer, big integer, f real, name text, created text, flag boolean)');
$e->dbExecute($sq, "insert into bench_engines with recursive g(i) as (select 1 union all select i + 1 from g where i < $rows)
    select i, i % 1000, i * 1000003, i / 7.0, 'name ' || i, datetime('2024-01-01', '+' || i || ' minutes'), i % 2 = 0 from g");

// --- peers -----------------------------------------------------------------------
$kv = [];
preg_match_all("/(\\w+)\\s*=\\s*('[^']*'|\\S+)/", $pgDsn, $mm, PREG_SET_ORDER);
foreach ($mm as $m) {
    $kv[$m[1]] = trim($m[2], "'");
}
$pg = pg_connect($pgDsn);
$pgPdo = new PDO("pgsql:host={$kv['host']};port={$kv['port']};dbname={$kv['dbname']}", $kv['user'], $kv['password'], [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
$u = parse_url($myDsn);
$my = new mysqli($u['host'], $u['user'], $u['pass'], ltrim($u['path'], '/'), $u['port']);
$my->set_charset('utf8mb4');
$myPdo = new PDO("mysql:host={$u['host']};port={$u['port']};dbname=" . ltrim($u['path'], '/') . ';charset=utf8mb4', $u['user'], $u['pass'], [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
// the same server through a connection that keeps every query on the text protocol
$myTextDsn = $myDsn . (str_contains($myDsn, '?') ? '&' : '?') . 'charset=utf8mb4';
ini_set('lyger.db_mysql_statement_cache', '0');
$e->dbQueryJson($myTextDsn, 'select 1');
ini_restore('lyger.db_mysql_statement_cache');
$sl = new SQLite3($sqlitePath);
$slPdo = new PDO("sqlite:$sqlitePath", null, null, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);

$queries = [
    'select1' => ['select 1 as one', []],
    'pk' => ['select * from bench_engines where id = %s', [4242]],
    'rows100' => ['select * from bench_engines where id <= 100', []],
    'rows100k' => ['select * from bench_engines', []],
];
$engines = [
    'PostgreSQL' => [
        'ph' => '$1',
        'lyger' => fn ($q, $p) => $e->dbQueryJson($pgDsn, $q, $p),
        'lyger fetch' => function ($q, $p) use ($e, $pgDsn) { $e->freeResult($e->dbQuery($pgDsn, $q, $p)); return ''; },
        'pg_query_params' => fn ($q, $p) => json_encode(pg_fetch_all(pg_query_params($pg, $q, $p))),
        'PDO pgsql' => function ($q, $p) use ($pgPdo) { $s = $pgPdo->prepare($q); $s->execute($p); return json_encode($s->fetchAll(PDO::FETCH_ASSOC)); },
        'floor' => fn ($q, $p) => pg_free_result(pg_query_params($pg, $q, $p)) ? '' : '',
    ],
    'MySQL' => [
        'ph' => '?',
        'lyger' => fn ($q, $p) => $e->dbQueryJson($myDsn, $q, $p),
        'lyger fetch' => function ($q, $p) use ($e, $myDsn) { $e->freeResult($e->dbQuery($myDsn, $q, $p)); return ''; },
        'mysqli_query' => fn ($q, $p) => json_encode($my->query($p ? str_replace('?', (string) (int) $p[0], $q) : $q)->fetch_all(MYSQLI_ASSOC)),
        'PDO mysql' => function ($q, $p) use ($myPdo) { $s = $myPdo->prepare($q); $s->execute($p); return json_encode($s->fetchAll(PDO::FETCH_ASSOC)); },
        'floor' => function ($q, $p) use ($my) { $r = $my->query($p ? str_replace('?', (string) (int) $p[0], $q) : $q); $r->free(); return ''; },
        'lyger text' => fn ($q, $p) => $e->dbQueryJson($myTextDsn, $q, $p),
    ],
    'SQLite' => [
        'ph' => '?',
        'lyger' => fn ($q, $p) => $e->dbQueryJson($sq, $q, $p),
        'lyger fetch' => function ($q, $p) use ($e, $sq) { $e->freeResult($e->dbQuery($sq, $q, $p)); return ''; },
        'SQLite3' => function ($q, $p) use ($sl) {
            $s = $sl->prepare($q);
            foreach ($p as $i => $v) { $s->bindValue($i + 1, $v); }
            $r = $s->execute(); $out = [];
            while ($row = $r->fetchArray(SQLITE3_ASSOC)) { $out[] = $row; }
            return json_encode($out);
        },
        'PDO sqlite' => function ($q, $p) use ($slPdo) { $s = $slPdo->prepare($q); $s->execute($p); return json_encode($s->fetchAll(PDO::FETCH_ASSOC)); },
        // SQLite has no transfer: its floor is stepping the same rows and reading every
        // column in C (an aggregate over them), with one row back to PHP
        'floor' => function ($q, $p) use ($sl) {
            $s = $sl->prepare(str_contains($q, 'bench_engines')
                ? "select count(*), max(id), max(n), max(big), max(f), max(name), max(created), max(flag) from ($q)" : $q);
            foreach ($p as $i => $v) { $s->bindValue($i + 1, $v); }
            $s->execute()->fetchArray(SQLITE3_NUM);
            return '';
        },
    ],
];

// Small queries are round trips, and on this bench's machine (2 vCPUs of a VM) a wake-up
// across CPUs costs ~50 µs, more than the query itself: the same build's `select 1` read
// 10 µs when the scheduler had put PHP and the server's process on one CPU and 65 µs when on
// two, from run to run. So `select 1` and the lookup are also raced with every process
// serving these connections and this one pinned to one CPU (taskset), where a round trip is
// two context switches and what is left is what the client and the server do: the "one
// CPU" lines. (Large results stay unpinned: there the two sides work at the same time.)
$serverPids = [
    'PostgreSQL' => [
        (int) json_decode($e->dbQueryJson($pgDsn, 'select pg_backend_pid() as p'), true)[0]['p'],
        pg_get_pid($pg),
        (int) $pgPdo->query('select pg_backend_pid()')->fetchColumn(),
    ],
    'MySQL' => [(int) @file_get_contents((string) $my->query('select @@pid_file')->fetch_row()[0])],
];
$allCpus = '0-' . max(0, (int) shell_exec('nproc') - 1);
function pin(array $pids, string $cpus): bool
{
    $ok = true;
    foreach ([getmypid(), ...$pids] as $pid) {
        exec('taskset -a -pc ' . escapeshellarg($cpus) . " $pid 2>&1", $out, $rc);
        $ok = $ok && $pid > 0 && $rc === 0;
    }
    return $ok;
}

$only = getenv('LYGER_BENCH_ENGINES') ?: 'PostgreSQL,MySQL,SQLite';
printf("%-11s %-9s %12s %-16s %12s %-16s %12s %8s %10s %8s\n", 'engine', 'query', 'lyger µs', 'peer 1', 'µs', 'peer 2', 'µs', 'ratio', 'floor µs', 'max');
foreach ($engines as $engine => $impl) {
    if (!in_array($engine, explode(',', $only), true)) {
        continue;
    }
    $ph = $impl['ph'];
    unset($impl['ph']);
    // settle: the server has just loaded 100,000 rows (autovacuum, purge, checkpoints)
    $settle = microtime(true) + ($quick ? 1 : 3);
    while (microtime(true) < $settle) {
        foreach ($impl as $f) {
            $f(sprintf($queries['pk'][0], $ph), $queries['pk'][1]);
        }
    }
    foreach ($queries as $qname => [$q, $p]) {
        $sql = sprintf($q, $ph);
        $calls = [];
        foreach ($impl as $name => $f) {
            $calls[$name] = fn () => $f($sql, $p);
        }
        $t = race($calls, $n[$qname]);
        $names = array_values(array_diff(array_keys($impl), ['lyger fetch']));
        $best = min($t[$names[1]], $t[$names[2]]);
        printf("%-11s %-9s %12.1f %-16s %12.1f %-16s %12.1f %7.2fx %10.1f %7.2fx\n", $engine, $qname, $t['lyger'], $names[1], $t[$names[1]], $names[2], $t[$names[2]], $best / $t['lyger'], $t['floor'], $best / $t['floor']);
        printf("%-11s %-9s %12.1f %-16s %12s %-16s %12s %8s %10s %7.2fx  lyger's own fetch, no JSON: best peer / it\n", '', '', $t['lyger fetch'], 'lyger fetch', '', '', '', '', '', $best / $t['lyger fetch']);
        if (isset($t['lyger text'])) {
            printf("%-11s %-9s %12.1f %-16s %12s %-16s %12s %7.2fx  text protocol: its ratio; text/prepared %.2fx\n", '', '', $t['lyger text'], 'lyger text', '', '', '', $best / $t['lyger text'], $t['lyger text'] / $t['lyger']);
        }
        if (in_array($qname, ['select1', 'pk'], true) && isset($serverPids[$engine])) {
            $one = array_intersect_key($calls, array_flip(['lyger', $names[1], $names[2], 'floor']));
            if (pin($serverPids[$engine], '1')) {
                $t = race($one, $n[$qname]);
                $best = min($t[$names[1]], $t[$names[2]]);
                printf("%-11s %-9s %12.1f %-16s %12.1f %-16s %12.1f %7.2fx %10.1f %7.2fx  one CPU\n", '', '', $t['lyger'], $names[1], $t[$names[1]], $names[2], $t[$names[2]], $best / $t['lyger'], $t['floor'], $best / $t['floor']);
            } else {
                printf("%-11s %-9s one CPU: not measured (could not pin the server's processes)\n", '', '');
            }
            pin($serverPids[$engine], $allCpus);
        }
    }
    $sql = sprintf($queries['rows100k'][0], $ph);
    [$peakL, $len] = peak(fn () => $impl['lyger']($sql, []));
    $n2 = $names[1];
    [$peakP] = peak(fn () => $impl[$n2]($sql, []));
    printf("%-11s memory at 100k rows: JSON %.1f MB; lyger peak %.2fx the JSON, %s %.2fx\n", $engine, $len / 1e6, $peakL / $len, $n2, $peakP / $len);
}
$e->dbExecute($pgDsn, 'drop table bench_engines');
$e->dbExecute($myDsn, 'drop table bench_engines');
