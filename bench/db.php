<?php
/*
 * Database benchmark: the same query on the same server, side by side in one run,
 * for 10, 1,000 and 100,000 rows of a mixed-type table:
 *   dbQueryJson                         lyger (typed JSON written in C from the PGresult)
 *   pg_query+pg_fetch_all+json_encode   ext/pgsql, the usual PHP way (untyped: every value a string)
 *   PDO fetchAll+json_encode            PDO pgsql
 *   json_agg via pg_query               the server builds the JSON, PHP fetches one value
 *   raw pg_query                        the floor: the query and its result in libpq, nothing else
 * Time: median of several runs, the implementations taking turns (round-robin). Memory: PHP peak (memory_get_peak_usage after
 * memory_reset_peak_usage) above the usage before the call, with the JSON size.
 *
 *   php bench/db.php            (re-runs itself with modules/lyger.so; starts a throwaway
 *                                cluster via scripts/pg.sh when LYGER_TEST_DSN is unset)
 *   LYGER_BENCH_QUICK=1         fewer runs
 */
declare(strict_types=1);

$root = dirname(__DIR__);
if (!extension_loaded('lyger')) {
    $so = "$root/modules/lyger.so";
    if (!is_file($so)) {
        fwrite(STDERR, "build first: bash scripts/build.sh\n");
        exit(1);
    }
    passthru(escapeshellarg(PHP_BINARY) . ' -n -d extension=pgsql -d extension=pdo -d extension=pdo_pgsql'
        . ' -d memory_limit=2G -d extension=' . escapeshellarg($so) . ' ' . escapeshellarg(__FILE__), $rc);
    exit($rc);
}
foreach (['pg_query' => 'ext/pgsql', 'PDO' => 'PDO'] as $sym => $what) {
    if (!function_exists($sym) && !class_exists($sym)) {
        fwrite(STDERR, "$what is needed for the comparison (apt-get install php-pgsql)\n");
        exit(1);
    }
}

// A server: the one the tests use, or a throwaway cluster of our own.
$dsn = (string) getenv('LYGER_TEST_DSN');
$stopCluster = null;
if ($dsn === '') {
    $env = [];
    foreach (explode("\n", (string) shell_exec('bash ' . escapeshellarg("$root/scripts/pg.sh") . ' start')) as $line) {
        if (preg_match("/^export (\\w+)='(.*)'$/", $line, $m) || preg_match('/^export (\w+)=(.*)$/', $line, $m)) {
            $env[$m[1]] = $m[2];
        }
    }
    if (!isset($env['LYGER_TEST_DSN'])) {
        fwrite(STDERR, "could not start PostgreSQL (scripts/pg.sh start)\n");
        exit(1);
    }
    $dsn = $env['LYGER_TEST_DSN'];
    $stopCluster = 'bash ' . escapeshellarg("$root/scripts/pg.sh") . ' stop ' . escapeshellarg($env['LYGER_TEST_PG_DIR']);
    register_shutdown_function(function () use ($stopCluster) {
        shell_exec("$stopCluster 2>&1");
    });
}

// PDO wants its own DSN form: host/port/dbname + user/password from the libpq keywords.
$kv = [];
preg_match_all("/(\\w+)\\s*=\\s*('[^']*'|\\S+)/", $dsn, $mm, PREG_SET_ORDER);
foreach ($mm as $m) {
    $kv[$m[1]] = trim($m[2], "'");
}
$pdoDsn = 'pgsql:' . implode(';', array_map(fn ($k) => "$k={$kv[$k]}",
    array_values(array_intersect(['host', 'port', 'dbname'], array_keys($kv)))));
$pdo = new PDO($pdoDsn, $kv['user'] ?? null, $kv['password'] ?? null, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
$pg = pg_connect($dsn . ' client_encoding=UTF8');
$e = Lyger\Core\Engine::getInstance();

// One ordinary table read by every connection: same data, same statistics, same plans.
$table = 'lyger_bench_' . getmypid();
$e->dbExecute($dsn, "create table $table (id int primary key, big bigint, amount numeric(14,4), ratio float8,
    flag bool, label text, at timestamptz, doc jsonb, maybe text)");
register_shutdown_function(function () use ($e, $dsn, $table) {
    try {
        $e->dbExecute($dsn, "drop table if exists $table");
    } catch (Lyger\Core\DatabaseException) {
        // the throwaway cluster is already gone
    }
});
$e->dbExecute($dsn, "insert into $table select g, g::bigint * 3000000007, (g * 1.2345)::numeric(14,4), g / 7.0,
    g % 3 = 0, 'row \"' || g || '\" café ✓ 😀 back\\slash', timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second',
    jsonb_build_object('g', g, 'tags', jsonb_build_array('a', g % 5, null)),
    case when g % 4 = 0 then null else 'maybe ' || g end
    from generate_series(1, 100000) g");
$e->dbExecute($dsn, "vacuum analyze $table");

$quick = getenv('LYGER_BENCH_QUICK') !== false;
$sizes = [10 => $quick ? 50 : 300, 1000 => $quick ? 20 : 100, 100000 => $quick ? 3 : 9];

$impls = [
    'dbQueryJson' => fn (string $sql) => $e->dbQueryJson($dsn, $sql),
    'pg_fetch_all+json_encode' => function (string $sql) use ($pg) {
        $r = pg_query($pg, $sql);
        $json = json_encode(pg_fetch_all($r), JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
        pg_free_result($r);
        return $json;
    },
    'PDO fetchAll+json_encode' => fn (string $sql) => json_encode($pdo->query($sql)->fetchAll(PDO::FETCH_ASSOC),
        JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES),
    'json_agg via pg_query' => function (string $sql) use ($pg) {
        $r = pg_query($pg, "select coalesce(json_agg(t), '[]') from ($sql) t");
        $json = pg_fetch_result($r, 0, 0);
        pg_free_result($r);
        return $json;
    },
    'raw pg_query (floor)' => function (string $sql) use ($pg) {
        $r = pg_query($pg, $sql);
        pg_free_result($r);
        return '';
    },
];

function median(array $xs): float
{
    sort($xs);
    $n = count($xs);
    return $n % 2 ? $xs[intdiv($n, 2)] : ($xs[$n / 2 - 1] + $xs[$n / 2]) / 2;
}

$results = [];
foreach ($sizes as $rows => $runs) {
    $sql = "select * from $table order by id limit $rows";
    $times = [];
    foreach ($impls as $name => $fn) {
        $fn($sql); // warm up (plans, caches)
        $times[$name] = [];
    }
    // round-robin, so every implementation sees the same machine load
    for ($i = 0; $i < $runs; $i++) {
        foreach ($impls as $name => $fn) {
            $t = hrtime(true);
            $out = $fn($sql);
            $times[$name][] = (hrtime(true) - $t) / 1e6;
            unset($out);
        }
    }
    foreach ($impls as $name => $fn) {
        gc_collect_cycles();
        $before = memory_get_usage();
        memory_reset_peak_usage();
        $out = $fn($sql);
        $peak = memory_get_peak_usage() - $before;
        $results[$rows][$name] = ['ms' => median($times[$name]), 'peak' => $peak, 'bytes' => strlen($out)];
        unset($out);
    }
}

$fmtBytes = fn (int $b) => $b >= 1048576 ? sprintf('%.1f MiB', $b / 1048576) : ($b >= 1024 ? sprintf('%.1f KiB', $b / 1024) : "$b B");
printf("PostgreSQL %s, PHP %s, lyger %s; median of runs (10 rows: %d, 1,000: %d, 100,000: %d)\n\n",
    pg_parameter_status($pg, 'server_version'), PHP_VERSION, phpversion('lyger'), $sizes[10], $sizes[1000], $sizes[100000]);
printf("| %-7s | %-26s | %10s | %13s | %11s | %10s | %9s |\n", 'rows', 'implementation', 'time ms', 'vs dbQueryJson', 'PHP peak', 'JSON size', 'peak/JSON');
printf("|%s|%s|%s|%s|%s|%s|%s|\n", str_repeat('-', 9), str_repeat('-', 28), str_repeat('-', 12), str_repeat('-', 15), str_repeat('-', 13), str_repeat('-', 12), str_repeat('-', 11));
foreach ($results as $rows => $byImpl) {
    $ref = $byImpl['dbQueryJson']['ms'];
    foreach ($byImpl as $name => $r) {
        printf("| %7s | %-26s | %10.3f | %13.2fx | %11s | %10s | %9s |\n", number_format($rows), $name, $r['ms'],
            $r['ms'] / $ref, $fmtBytes($r['peak']), $r['bytes'] ? $fmtBytes($r['bytes']) : '-',
            $r['bytes'] ? sprintf('%.2fx', $r['peak'] / $r['bytes']) : '-');
    }
}

$big = $results[100000];
$speedup = $big['pg_fetch_all+json_encode']['ms'] / $big['dbQueryJson']['ms'];
$floor = $big['dbQueryJson']['ms'] / $big['raw pg_query (floor)']['ms'];
$mem = $big['dbQueryJson']['peak'] / $big['dbQueryJson']['bytes'];
echo "\nTargets at 100,000 rows:\n";
printf("  dbQueryJson >= 2.5x faster than pg_query+pg_fetch_all+json_encode: %.2fx  %s\n", $speedup, $speedup >= 2.5 ? 'met' : 'MISSED');
printf("  dbQueryJson <= 1.4x the raw pg_query floor:                        %.2fx  %s\n", $floor, $floor <= 1.4 ? 'met' : 'MISSED');
printf("  PHP peak memory <= 1.5x the JSON size:                             %.2fx  %s\n", $mem, $mem <= 1.5 ? 'met' : 'MISSED');
// No implementation can beat the floor: the server's time to produce and send the rows.
printf("  (ceiling for the first ratio on this server: pg_fetch_all path / raw pg_query floor = %.2fx)\n",
    $big['pg_fetch_all+json_encode']['ms'] / $big['raw pg_query (floor)']['ms']);
