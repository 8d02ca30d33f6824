-- Each person's own generation defaults, set with /settings in a chat: used for their messages
-- that do not say otherwise. NULL columns take the configured defaults; no row = none set.
CREATE TABLE user_defaults (
    user_id    uuid PRIMARY KEY REFERENCES users (id),
    steps      integer,
    aspect     text,
    style      text,
    seed       bigint,
    updated_at timestamptz NOT NULL DEFAULT now()
);
