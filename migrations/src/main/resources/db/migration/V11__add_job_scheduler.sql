-- The sampler a job runs with (a scheduler's display name, e.g. 'Euler a'), chosen when the job
-- is accepted (the message's, else the console's default, else ATELIER_SCHEDULER) and kept so a
-- retry after a crash samples the same way. NULL: the model's own (its scheduler_config.json),
-- which every job made before ran with unless ATELIER_SCHEDULER said otherwise.
ALTER TABLE jobs ADD COLUMN scheduler text;
