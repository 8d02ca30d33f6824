-- Atelier's source of truth. Redis holds only what can be rebuilt from these tables
-- (the job stream, de-duplication keys, hot conversation windows).

CREATE TABLE users (
    id           uuid PRIMARY KEY,
    display_name text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- One row per account on a platform (a Discord user, a Telegram user, a browser session).
CREATE TABLE platform_identities (
    platform         text        NOT NULL,
    platform_user_id text        NOT NULL,
    user_id          uuid        NOT NULL REFERENCES users (id),
    display_name     text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (platform, platform_user_id)
);

CREATE TABLE conversations (
    id         uuid PRIMARY KEY,
    platform   text        NOT NULL,
    chat_id    text        NOT NULL,
    owner_id   uuid        REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversations_by_chat ON conversations (platform, chat_id, created_at DESC);

-- Metadata only: the bytes live in the image store, addressed by their SHA-256.
CREATE TABLE images (
    id              uuid PRIMARY KEY,
    sha256          char(64)    NOT NULL,
    content_type    text        NOT NULL,
    width           integer     NOT NULL,
    height          integer     NOT NULL,
    size_bytes      bigint      NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('upload', 'mask', 'generated')),
    conversation_id uuid        REFERENCES conversations (id),
    job_id          uuid,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX images_by_sha ON images (sha256);

CREATE TABLE jobs (
    id              uuid PRIMARY KEY,
    conversation_id uuid             NOT NULL REFERENCES conversations (id),
    user_turn_id    uuid             NOT NULL,
    status          text             NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    task            text             NOT NULL,
    width           integer          NOT NULL,
    height          integer          NOT NULL,
    steps           integer          NOT NULL,
    guidance        double precision NOT NULL,
    seed            bigint           NOT NULL,
    negative_prompt text             NOT NULL DEFAULT '',
    strength        double precision NOT NULL,
    source_image_id uuid             REFERENCES images (id),
    mask_image_id   uuid             REFERENCES images (id),
    direction       text,
    amount          double precision NOT NULL DEFAULT 0,
    progress_step   integer          NOT NULL DEFAULT 0,
    progress_steps  integer          NOT NULL DEFAULT 0,
    attempts        integer          NOT NULL DEFAULT 0,
    worker          text,
    lease_until     timestamptz,
    reply_text      text,
    prompts         text[]           NOT NULL DEFAULT '{}',
    image_ids       uuid[]           NOT NULL DEFAULT '{}',
    error           text,
    created_at      timestamptz      NOT NULL DEFAULT now(),
    updated_at      timestamptz      NOT NULL DEFAULT now(),
    finished_at     timestamptz
);
CREATE INDEX jobs_unfinished ON jobs (created_at) WHERE status IN ('queued', 'running');
CREATE INDEX jobs_by_conversation ON jobs (conversation_id, created_at);

CREATE TABLE turns (
    id              uuid PRIMARY KEY,
    conversation_id uuid        NOT NULL REFERENCES conversations (id),
    seq             integer     NOT NULL,
    role            text        NOT NULL CHECK (role IN ('user', 'assistant')),
    text            text        NOT NULL DEFAULT '',
    task            text,
    prompts         text[]      NOT NULL DEFAULT '{}',
    image_ids       uuid[]      NOT NULL DEFAULT '{}',
    width           integer,
    height          integer,
    steps           integer,
    guidance        double precision,
    seed            bigint,
    negative_prompt text,
    strength        double precision,
    job_id          uuid,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (conversation_id, seq)
);
-- A job is answered once, even when its worker died after storing the answer and the job
-- was claimed again.
CREATE UNIQUE INDEX turns_one_answer_per_job ON turns (job_id) WHERE role = 'assistant';

CREATE TABLE audit_log (
    id      bigserial PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT now(),
    actor   text        NOT NULL,
    action  text        NOT NULL,
    subject text,
    detail  text
);
CREATE INDEX audit_log_by_time ON audit_log (at DESC);
