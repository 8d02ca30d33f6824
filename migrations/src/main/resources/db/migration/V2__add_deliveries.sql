-- What each chat adapter has delivered, so a result is posted once even when its job event
-- is missed (the bot was down, Redis pub/sub dropped it) or a crash comes between the job's
-- end and the reply: on start and every little while the adapter delivers finished jobs that
-- have no delivered_at yet.
CREATE TABLE deliveries (
    job_id            uuid PRIMARY KEY REFERENCES jobs (id),
    platform          text        NOT NULL,
    chat_id           text        NOT NULL,
    -- The short key the result's buttons carry instead of their state (Telegram allows 64
    -- bytes of callback_data, Discord 100 of custom_id).
    action_key        text        NOT NULL UNIQUE,
    status_message_id text,
    -- Set while one process posts the result; a claim older than a few minutes is taken over.
    claimed_at        timestamptz,
    delivered_at      timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX deliveries_pending ON deliveries (platform, created_at) WHERE delivered_at IS NULL;

-- The job a button of a result started last, so a second press while it runs starts nothing.
CREATE TABLE delivery_actions (
    action_key text        NOT NULL,
    action     text        NOT NULL,
    job_id     uuid        NOT NULL REFERENCES jobs (id),
    pressed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (action_key, action)
);
