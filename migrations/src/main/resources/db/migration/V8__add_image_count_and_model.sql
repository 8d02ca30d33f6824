-- Images per generation prompt (a batch of variations, seeds seed, seed + 1, …) and the pulled
-- model a job was asked to run on, on jobs and their turns. Every job made before has one image
-- on the configured model: count 1, model NULL.
ALTER TABLE jobs ADD COLUMN image_count integer NOT NULL DEFAULT 1 CHECK (image_count >= 1);
ALTER TABLE jobs ADD COLUMN model text;
ALTER TABLE turns ADD COLUMN image_count integer;
ALTER TABLE turns ADD COLUMN model text;
