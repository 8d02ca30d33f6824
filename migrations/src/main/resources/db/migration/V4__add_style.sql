-- The named style (a built-in preset of bot-core) a job was asked to run with, and the same on
-- its turns; NULL is no style, as every job made before styles existed.
ALTER TABLE jobs ADD COLUMN style text;
ALTER TABLE turns ADD COLUMN style text;
