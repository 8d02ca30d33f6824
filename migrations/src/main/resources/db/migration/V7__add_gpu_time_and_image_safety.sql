-- GPU-time quotas and the image-safety classifier's review items.

-- The generation time each job used: the wall time of its pipeline runs, measured by the worker,
-- over every attempt. Recorded whatever the job's end, so an admin sees what it cost.
ALTER TABLE jobs ADD COLUMN gpu_ms bigint NOT NULL DEFAULT 0 CHECK (gpu_ms >= 0);

-- A per-user override of atelier.limits.gpu-seconds-per-day; NULL keeps the default, 0 is none.
ALTER TABLE user_limits ADD COLUMN gpu_seconds_per_day integer CHECK (gpu_seconds_per_day >= 0);

-- Generation time counted against the user's day (the day the job was accepted), added when a
-- job ends done; a failed job's time is not counted.
ALTER TABLE quota_usage ADD COLUMN gpu_ms bigint NOT NULL DEFAULT 0 CHECK (gpu_ms >= 0);

-- A generated image the safety classifier scored unsafe is kept for review only: the API does
-- not serve a withheld image.
ALTER TABLE images DROP CONSTRAINT images_kind_check;
ALTER TABLE images ADD CONSTRAINT images_kind_check CHECK (kind IN ('upload', 'mask', 'generated', 'withheld'));

-- The review queue takes images too: the classifier's score, the image as generated, and what
-- was done with it (blurred, blocked or flagged).
ALTER TABLE moderation_reviews DROP CONSTRAINT moderation_reviews_stage_check;
ALTER TABLE moderation_reviews ADD CONSTRAINT moderation_reviews_stage_check
    CHECK (stage IN ('user_text', 'generation_prompt', 'image_safety'));
ALTER TABLE moderation_reviews ADD COLUMN score double precision;
ALTER TABLE moderation_reviews ADD COLUMN image_id uuid REFERENCES images (id);
ALTER TABLE moderation_reviews ADD COLUMN action text CHECK (action IN ('blur', 'block', 'flag'));
