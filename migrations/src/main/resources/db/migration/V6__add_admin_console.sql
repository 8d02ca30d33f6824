-- The admin console (/admin): its accounts, the settings it applies without a restart, and the
-- indexes its pages and dashboard read through.

-- An admin account. The password is an Argon2id hash in PHC string form
-- ($argon2id$v=19$m=...,t=...,p=...$salt$hash); failed_logins counts wrong passwords in a row
-- and locked_until is set when they reach the limit.
CREATE TABLE admin_accounts (
    name          text PRIMARY KEY,
    role          text        NOT NULL CHECK (role IN ('admin', 'moderator')),
    password_hash text        NOT NULL,
    failed_logins integer     NOT NULL DEFAULT 0,
    locked_until  timestamptz,
    last_login_at timestamptz,
    -- Set for the one-time password create-user prints: the first sign-in must choose a new one.
    must_change_password boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Defaults and limits an admin set in the console; a missing key keeps the configured value.
-- Read at accept time, so a change applies to the next message without a restart.
CREATE TABLE console_settings (
    key        text PRIMARY KEY,
    value      text        NOT NULL,
    updated_by text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- When a worker started the job's current attempt: generation time is finished_at - started_at.
ALTER TABLE jobs ADD COLUMN started_at timestamptz;

-- The dashboard's time windows, the job list and the gallery read by time.
CREATE INDEX jobs_by_time ON jobs (created_at DESC);
CREATE INDEX jobs_failed ON jobs (updated_at DESC) WHERE status = 'failed';
CREATE INDEX turns_by_time ON turns (created_at DESC);
CREATE INDEX images_generated ON images (created_at DESC) WHERE kind = 'generated';
CREATE INDEX images_by_job ON images (job_id);
CREATE INDEX conversations_by_time ON conversations (created_at DESC);
CREATE INDEX conversations_by_owner ON conversations (owner_id);
CREATE INDEX platform_identities_by_user ON platform_identities (user_id);
CREATE INDEX moderation_reviews_by_job ON moderation_reviews (job_id);
-- Who asked for a job: the user its image was reserved for (the dashboard's active users, the
-- console's user filters and per-user job counts).
CREATE INDEX quota_reservations_by_user ON quota_reservations (user_id);
CREATE INDEX quota_reservations_by_time ON quota_reservations (created_at DESC);
CREATE INDEX audit_log_by_actor ON audit_log (actor, at DESC);
CREATE INDEX audit_log_by_action ON audit_log (action, at DESC);
