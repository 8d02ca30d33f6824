-- A console session carries its account's session epoch, and is honoured only while it still
-- matches: a password reset or change, a role change or deleting the account moves the epoch on,
-- which ends every session signed in before. Epochs come from one sequence, so an account deleted
-- and made again under the same name never matches a session of the old one.
CREATE SEQUENCE admin_session_epochs;
ALTER TABLE admin_accounts ADD COLUMN session_epoch bigint NOT NULL DEFAULT nextval('admin_session_epochs');
