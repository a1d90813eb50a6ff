<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

return new class extends Migration {
    public function up(): void
    {
        Schema::create('operation_runs', function (Blueprint $table) {
            $table->id();
            $table->foreignId('tenant_id')->constrained();
            $table->foreignId('user_id')->nullable()->constrained();
            $table->string('type');
            $table->string('status')->default('queued');
            $table->string('outcome')->default('pending');
            $table->jsonb('summary_counts')->nullable();
            $table->jsonb('context')->nullable();
            $table->jsonb('failure_summary')->nullable();
            $table->timestamp('started_at')->nullable();
            $table->timestamp('completed_at')->nullable();
            $table->timestamps();
            $table->index(['tenant_id', 'id']);
        });
    }

    public function down(): void
    {
        Schema::dropIfExists('operation_runs');
    }
};
