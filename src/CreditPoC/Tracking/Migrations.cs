namespace CreditPoC.Tracking;

/// <summary>
/// The run store's schema, as numbered migrations applied in order. A migration, once released, is never edited:
/// a change to the schema is a new entry at the end.
/// </summary>
internal static class Migrations
{
    public static readonly IReadOnlyList<(int Version, string Description, string Sql)> All =
    [
        (1, "runs, models and stage history", """
            CREATE TABLE pipeline_runs (
                id            TEXT PRIMARY KEY,
                run_date      TEXT NOT NULL,
                folder        TEXT NOT NULL,
                started_at    TEXT NOT NULL,
                ended_at      TEXT,
                status        TEXT NOT NULL,
                code_version  TEXT,
                host          TEXT NOT NULL,
                process_id    INTEGER NOT NULL
            );
            CREATE TABLE runs (
                id                 INTEGER PRIMARY KEY AUTOINCREMENT,
                pipeline_run_id    TEXT REFERENCES pipeline_runs(id),
                task               TEXT NOT NULL,
                notebook           TEXT NOT NULL,
                parameters         TEXT NOT NULL,
                started_at         TEXT NOT NULL,
                ended_at           TEXT,
                status             TEXT NOT NULL,
                metrics            TEXT NOT NULL DEFAULT '{}',
                artifacts          TEXT NOT NULL DEFAULT '{}',
                input_fingerprints TEXT NOT NULL DEFAULT '{}',
                code_version       TEXT,
                error              TEXT,
                host               TEXT NOT NULL,
                process_id         INTEGER NOT NULL
            );
            CREATE INDEX runs_by_pipeline ON runs(pipeline_run_id);
            CREATE TABLE models (
                version       INTEGER PRIMARY KEY AUTOINCREMENT,
                run_id        INTEGER REFERENCES runs(id),
                path          TEXT NOT NULL,
                metrics       TEXT NOT NULL DEFAULT '{}',
                stage         TEXT NOT NULL DEFAULT 'None',
                created_at    TEXT NOT NULL,
                gate_passed   INTEGER,
                gate_reasons  TEXT NOT NULL DEFAULT '[]'
            );
            CREATE TABLE model_stage_changes (
                id          INTEGER PRIMARY KEY AUTOINCREMENT,
                version     INTEGER NOT NULL REFERENCES models(version),
                from_stage  TEXT NOT NULL,
                to_stage    TEXT NOT NULL,
                changed_at  TEXT NOT NULL,
                reason      TEXT
            );
            """),
        (2, "one pipeline run per date at a time", """
            CREATE TABLE date_locks (
                run_date         TEXT PRIMARY KEY,
                pipeline_run_id  TEXT NOT NULL,
                host             TEXT NOT NULL,
                process_id       INTEGER NOT NULL,
                acquired_at      TEXT NOT NULL
            );
            """),
        (3, "task attempts: a task rerun in an earlier run's folder is its next attempt", """
            ALTER TABLE runs ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1;
            CREATE INDEX runs_by_task ON runs(pipeline_run_id, task, attempt);
            """),
        (4, "web application: users, API keys, audit log, background jobs, review decisions, API-scored applications", """
            CREATE TABLE users (
                name             TEXT PRIMARY KEY,
                role             TEXT NOT NULL,
                password_hash    TEXT NOT NULL,
                failed_sign_ins  INTEGER NOT NULL DEFAULT 0,
                locked_until     TEXT,
                created_at       TEXT NOT NULL
            );
            CREATE TABLE api_keys (
                name        TEXT PRIMARY KEY,
                key_sha256  TEXT NOT NULL UNIQUE,
                created_at  TEXT NOT NULL,
                created_by  TEXT,
                revoked_at  TEXT
            );
            CREATE TABLE audit_log (
                id      INTEGER PRIMARY KEY AUTOINCREMENT,
                at      TEXT NOT NULL,
                actor   TEXT NOT NULL,
                action  TEXT NOT NULL,
                target  TEXT,
                detail  TEXT
            );
            CREATE INDEX audit_by_time ON audit_log(at);
            CREATE TABLE jobs (
                id               TEXT PRIMARY KEY,
                run_date         TEXT NOT NULL,
                kind             TEXT NOT NULL,
                status           TEXT NOT NULL,
                started_by       TEXT NOT NULL,
                started_at       TEXT NOT NULL,
                ended_at         TEXT,
                pipeline_run_id  TEXT,
                progress         TEXT NOT NULL DEFAULT '{}',
                error            TEXT,
                host             TEXT NOT NULL,
                process_id       INTEGER NOT NULL
            );
            CREATE TABLE reviews (
                id              INTEGER PRIMARY KEY AUTOINCREMENT,
                pipeline_run_id TEXT NOT NULL,
                application_id  TEXT NOT NULL,
                model_decision  TEXT NOT NULL,
                decision        TEXT NOT NULL,
                comment         TEXT NOT NULL,
                officer         TEXT NOT NULL,
                decided_at      TEXT NOT NULL
            );
            CREATE INDEX reviews_by_run ON reviews(pipeline_run_id, application_id);
            CREATE TABLE api_decisions (
                id             INTEGER PRIMARY KEY AUTOINCREMENT,
                scored_at      TEXT NOT NULL,
                client         TEXT NOT NULL,
                application    TEXT NOT NULL,
                model_version  INTEGER NOT NULL,
                score          REAL NOT NULL,
                decision       TEXT NOT NULL
            );
            """),
        // Until now the trial's learn trained LightGBM only, so every version registered before records that kind.
        (5, "models record their kind (lightgbm, scorecard, ...)", """
            ALTER TABLE models ADD COLUMN kind TEXT NOT NULL DEFAULT 'lightgbm';
            """),
    ];
}
