-- The rules bot-core enforces on every platform: bans, per-user limits, daily image quotas and
-- moderation. Every change to these tables goes through a store method that also writes
-- audit_log in the same transaction.

-- A ban names either one platform identity or a whole user (all their identities).
CREATE TABLE bans (
    id               bigserial PRIMARY KEY,
    platform         text,
    platform_user_id text,
    user_id          uuid REFERENCES users (id),
    reason           text        NOT NULL DEFAULT '',
    banned_by        text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK ((platform IS NOT NULL AND platform_user_id IS NOT NULL AND user_id IS NULL)
        OR (platform IS NULL AND platform_user_id IS NULL AND user_id IS NOT NULL))
);
CREATE UNIQUE INDEX bans_one_per_identity ON bans (platform, platform_user_id) WHERE user_id IS NULL;
CREATE UNIQUE INDEX bans_one_per_user ON bans (user_id) WHERE user_id IS NOT NULL;

-- Per-user overrides of the configured defaults (atelier.limits.*); NULL keeps the default.
CREATE TABLE user_limits (
    user_id          uuid PRIMARY KEY REFERENCES users (id),
    per_minute       integer CHECK (per_minute >= 0),
    burst            integer CHECK (burst >= 0),
    images_per_day   integer CHECK (images_per_day >= 0),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Images counted against a user's day (UTC). A job reserves its image when it is accepted, so
-- two turns racing cannot both take the last one; the reservation becomes use when the job
-- ends with images and is given back when it fails.
CREATE TABLE quota_usage (
    user_id  uuid    NOT NULL REFERENCES users (id),
    day      date    NOT NULL,
    reserved integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    used     integer NOT NULL DEFAULT 0 CHECK (used >= 0),
    PRIMARY KEY (user_id, day)
);

CREATE TABLE quota_reservations (
    job_id     uuid PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id),
    day        date        NOT NULL,
    images     integer     NOT NULL,
    -- reserved -> used (the job made images) or released (it failed); settled once.
    state      text        NOT NULL DEFAULT 'reserved' CHECK (state IN ('reserved', 'used', 'released')),
    created_at timestamptz NOT NULL DEFAULT now(),
    settled_at timestamptz
);

CREATE TABLE moderation_rules (
    id         bigserial PRIMARY KEY,
    kind       text        NOT NULL CHECK (kind IN ('word', 'regex')),
    pattern    text        NOT NULL,
    reason     text        NOT NULL,
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- What moderation stopped, for a moderator to look at: a user's text refused at accept, or a
-- generation prompt the model wrote that failed its job.
CREATE TABLE moderation_reviews (
    id               bigserial PRIMARY KEY,
    stage            text        NOT NULL CHECK (stage IN ('user_text', 'generation_prompt')),
    platform         text,
    platform_user_id text,
    conversation_id  uuid,
    job_id           uuid,
    text             text        NOT NULL,
    rule_id          bigint,
    reason           text        NOT NULL,
    status           text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'approved', 'deleted')),
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX moderation_reviews_open ON moderation_reviews (created_at DESC) WHERE status = 'open';
CREATE INDEX audit_log_by_subject ON audit_log (subject, at DESC);
