-- The write log: every insert into and update of operation_runs, the row as written, in
-- order. It lives in a schema of its own, beside the application's tables, only in the
-- scratch databases conform creates: conform reads what an implementation's writers really
-- persisted from here instead of taking the implementation's word for it.
CREATE SCHEMA conform;

CREATE TABLE conform.writes (
    seq    bigserial PRIMARY KEY,
    run_id bigint NOT NULL,
    op     text NOT NULL,
    written jsonb NOT NULL
);

CREATE FUNCTION conform.log_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- conform's own bulk seed (conform seed) is not a write under test: its session says so.
    IF current_setting('conform.log_writes', true) = 'off' THEN
        RETURN NULL;
    END IF;
    INSERT INTO conform.writes (run_id, op, written) VALUES (NEW.id, TG_OP, to_jsonb(NEW));
    RETURN NULL;
END
$$;

CREATE TRIGGER conform_log_write AFTER INSERT OR UPDATE ON operation_runs
    FOR EACH ROW EXECUTE FUNCTION conform.log_write();
