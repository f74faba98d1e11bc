#!/usr/bin/env bash
# Keeps package.xml in step with the tree:
#   - <contents>: every file git tracks that the PECL source package needs (build
#     files, sources, headers, stubs, tests, the fallback, docs);
#   - <version>: PHP_LYGER_VERSION from php_lyger.h, the one version string.
# The rest (summary, notes, dependencies, <configureoption>s) is written by hand;
# tests/013 checks the configure options against config.m4.
#   scripts/package-xml.sh            rewrite package.xml
#   scripts/package-xml.sh --check    exit 1 when package.xml is not what it would write
#   scripts/package-xml.sh --release  also set <date> to today (PECL warns about
#                                     any other date when packaging); do this when
#                                     cutting a release, before `pecl package`
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-write}
php -r '
$mode = $argv[1];
$files = array_filter(explode("\n", shell_exec("git ls-files")), function ($f) {
    return $f !== "" && preg_match("#^(config\.m4|config\.w32|lyger\.c|php_lyger\.h|README\.md|LICENSE|composer\.json|src/.*\.[ch]|stubs/.*|tests/.*|php/.*\.php|php/composer\.json|examples/.*\.php|scripts/(gen-arginfo\.sh|gen-ide-stub\.php|pg\.sh))$#", $f)
        && file_exists($f);
});
sort($files);
$tree = [];
foreach ($files as $f) {
    $ref = &$tree;
    $parts = explode("/", $f);
    $name = array_pop($parts);
    foreach ($parts as $d) { $ref = &$ref[$d . "/"]; }
    $ref[$name] = true;
    unset($ref);
}
function emit(array $node, string $indent, string $path): string {
    $out = "";
    ksort($node);
    foreach ($node as $name => $child) {
        if (is_array($child)) {
            $dir = rtrim($name, "/");
            $out .= "$indent<dir name=\"$dir\">\n" . emit($child, "$indent ", "$path$dir/") . "$indent</dir>\n";
        } else {
            // doc files are installed by pecl (doc_dir): the README, the licence and the
            // IDE stub, which a PhpStorm/PHPStan/Psalm user points at
            $role = str_starts_with($path, "tests/") ? "test"
                : (in_array($path . $name, ["README.md", "LICENSE", "stubs/lyger.ide.php"]) ? "doc" : "src");
            $out .= "$indent<file name=\"$name\" role=\"$role\"/>\n";
        }
    }
    return $out;
}
if (!preg_match("/#define PHP_LYGER_VERSION \"([0-9]+\.[0-9]+\.[0-9]+)\"/", file_get_contents("php_lyger.h"), $m)) {
    fwrite(STDERR, "php_lyger.h: no PHP_LYGER_VERSION \"X.Y.Z\"\n");
    exit(2);
}
$version = $m[1];
$old = file_get_contents("package.xml");
$xml = preg_replace("#\s*<contents>.*</contents>#s", "\n <contents>\n  <dir name=\"/\">\n" . emit($tree, "   ", "") . "  </dir>\n </contents>", $old);
$xml = preg_replace("#<version>\s*<release>[^<]*</release>\s*<api>[^<]*</api>\s*</version>#",
    "<version>\n  <release>$version</release>\n  <api>$version</api>\n </version>", $xml);
if ($mode === "--release") {
    $xml = preg_replace("#<date>[^<]*</date>#", "<date>" . date("Y-m-d") . "</date>", $xml);
}
if ($mode === "--check") {
    if ($xml !== $old) {
        file_put_contents("php://stderr", "package.xml is stale (contents or version): run scripts/package-xml.sh\n");
        exit(1);
    }
    echo "package.xml is up to date (", count($files), " files, version $version)\n";
    exit(0);
}
file_put_contents("package.xml", $xml);
echo "package.xml lists ", count($files), " files, version $version\n";
' -- "$mode"
