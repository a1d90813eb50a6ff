<?php

// Laravel from Debian's php-laravel-framework, the application and the kit from Composer.
require '/usr/share/php/Illuminate/autoload.php';
require __DIR__ . '/../vendor/autoload.php';
