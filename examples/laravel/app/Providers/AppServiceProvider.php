<?php

namespace App\Providers;

use App\Integrations\EvidenceProvider;
use App\Integrations\LiveEvidenceProvider;
use Illuminate\Support\ServiceProvider;

class AppServiceProvider extends ServiceProvider
{
    public function register(): void
    {
        $this->app->bind(EvidenceProvider::class, LiveEvidenceProvider::class);
    }
}
