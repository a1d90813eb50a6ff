-- The operation_runs table as the application has it, plus what authorization needs.
-- context and summary_counts are JSONB: they may hold any JSON value, as in production.
CREATE TABLE tenants (
    id   bigserial PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE users (
    id   bigserial PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE tenant_memberships (
    user_id      bigint NOT NULL REFERENCES users (id),
    tenant_id    bigint NOT NULL REFERENCES tenants (id),
    capabilities text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (user_id, tenant_id)
);

CREATE TABLE operation_runs (
    id              bigserial PRIMARY KEY,
    tenant_id       bigint NOT NULL REFERENCES tenants (id),
    user_id         bigint REFERENCES users (id),
    type            text NOT NULL,
    status          text NOT NULL DEFAULT 'queued',
    outcome         text NOT NULL DEFAULT 'pending',
    summary_counts  jsonb,
    context         jsonb,
    failure_summary jsonb,
    started_at      timestamptz,
    completed_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX operation_runs_tenant_id_idx ON operation_runs (tenant_id, id);
