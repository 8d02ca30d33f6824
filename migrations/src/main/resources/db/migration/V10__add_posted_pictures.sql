-- Which picture each result message of a chat adapter carries, so a reply to that message
-- ("make it night", /edit, /outpaint) works on that picture and not on the chat's latest.
CREATE TABLE posted_pictures (
    platform   text        NOT NULL,
    chat_id    text        NOT NULL,
    message_id text        NOT NULL,
    image_id   uuid        NOT NULL REFERENCES images (id),
    posted_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (platform, chat_id, message_id)
);
