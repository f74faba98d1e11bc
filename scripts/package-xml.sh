#!/usr/bin/env bash
# Rewrites the <contents> of package.xml from the files git tracks that a PECL
# source package needs (build files, sources, stubs, tests, docs).
set -euo pipefail
cd "$(dirname "$0")/.."
php -r '
$files = array_filter(explode("\n", shell_exec("git ls-files")), function ($f) {
    return $f !== "" && preg_match("#^(config\.m4|config\.w32|lyger\.c|php_lyger\.h|README\.md|LICENSE|src/.*\.[ch]|stubs/.*|tests/.*|php/.*\.php|scripts/gen-arginfo\.sh)$#", $f)
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
            $role = str_starts_with($path, "tests/") ? "test" : (in_array($name, ["README.md", "LICENSE"]) ? "doc" : "src");
            $out .= "$indent<file name=\"$name\" role=\"$role\"/>\n";
        }
    }
    return $out;
}
$xml = file_get_contents("package.xml");
$contents = " <contents>\n  <dir name=\"/\">\n" . emit($tree, "   ", "") . "  </dir>\n </contents>";
$xml = preg_replace("#\s*<contents>.*</contents>#s", "\n" . $contents, $xml);
file_put_contents("package.xml", $xml);
echo "package.xml lists ", count($files), " files\n";
'
