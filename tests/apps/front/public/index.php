<?php
// The front controller as php-fpm runs it: every request loads the application and runs it.
// Under Lyger's worker mode (../worker/index.php) this same file is the per-request part:
// require_once is then a no-op, the classes having been loaded once at bootstrap.
require_once __DIR__ . '/../src/App.php';

Front\App::run();
