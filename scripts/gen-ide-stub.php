<?php
/*
 * Writes stubs/lyger.ide.php, the stub for IDEs and static analysers (PhpStorm, Psalm,
 * PHPStan), from stubs/lyger.stub.php, the stub gen_stub.php turns into the arginfo:
 * the same declarations and doc comments, without gen_stub's own annotations and with
 * a header saying what the file is. So the two cannot drift apart.
 *   php scripts/gen-ide-stub.php           rewrite stubs/lyger.ide.php
 *   php scripts/gen-ide-stub.php --check   exit 1 when it is not what this would write
 */
declare(strict_types=1);

$root = dirname(__DIR__);
$source = file_get_contents("$root/stubs/lyger.stub.php");
$target = "$root/stubs/lyger.ide.php";

$header = <<<'PHP'
/**
 * Lyger: IDE and static-analysis stub (PhpStorm, Psalm, PHPStan).
 *
 * Every class, method, parameter and return type of the lyger extension's API, with
 * its documentation. GENERATED from stubs/lyger.stub.php by scripts/gen-ide-stub.php:
 * edit that file and rerun the script (tests/014 fails when this one is stale).
 * Never include this file at run time: the classes come from the extension, or from
 * the pure-PHP fallback (php/) when the extension is absent.
 *
 * The file ships in the PECL package and the repository (stubs/lyger.ide.php).
 * PhpStorm: add its directory under Settings > PHP > Include Path.
 * PHPStan: list it under parameters.stubFiles. Psalm: <stubs><file name="..."/></stubs>.
 */
PHP;

// Plain text work (no tokenizer needed): the file's doc comment becomes the header;
// gen_stub.php's own annotations, meaningless to an IDE, leave the other doc comments.
$out = preg_replace('/\A<\?php\s*\/\*\*.*?\*\//s', "<?php\n\n" . $header, $source, 1, $replaced);
if ($replaced !== 1) {
    fwrite(STDERR, "stubs/lyger.stub.php has no file doc comment\n");
    exit(2);
}
$out = preg_replace('/^\s*\* @(generate-class-entries|strict-properties|not-serializable|tentative-return-type)\s*\n/m', '', $out);
// a blank " *" line left just before a doc comment's end
$out = preg_replace('/\n\s*\*[ \t]*\n(\s*\*\/)/', "\n$1", $out);

if (($argv[1] ?? '') === '--check') {
    if (!is_file($target) || file_get_contents($target) !== $out) {
        fwrite(STDERR, "stubs/lyger.ide.php is stale: run php scripts/gen-ide-stub.php\n");
        exit(1);
    }
    echo "stubs/lyger.ide.php is up to date\n";
    exit(0);
}
file_put_contents($target, $out);
echo "wrote stubs/lyger.ide.php\n";
