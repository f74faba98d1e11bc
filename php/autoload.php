<?php
/*
 * Autoloader for the pure-PHP fallback, for applications that do not use Composer
 * (Composer users get the same mapping from composer.json). PSR-4: Lyger\Core\X
 * lives in php/X.php. When the lyger extension is loaded, Lyger\Core\Engine and its
 * exceptions already exist, so this loader is never asked for them and the
 * fallback is never loaded.
 */
spl_autoload_register(static function (string $class): void {
    if (strncmp($class, 'Lyger\\Core\\', 11) !== 0) {
        return;
    }
    $file = __DIR__ . '/' . str_replace('\\', '/', substr($class, 11)) . '.php';
    if (is_file($file)) {
        require $file;
    }
});
