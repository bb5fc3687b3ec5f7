-- Account erasure (DELETE /v1/me, docs/PRIVACY.md "Erasure"). The rows of an erased account stay, so that ids,
-- times and the revocation feed's sequence keep their meaning, but every personal value in them is set to null.
-- A null login is no login: a unique column holds any number of nulls, so the freed login can be signed up again.
alter table account add column erased_at timestamptz;
alter table account alter column login drop not null;
alter table account alter column password_hash drop not null;
alter table account alter column display_name drop not null;
alter table device_session alter column client_ip drop not null;
alter table device_session alter column last_seen_ip drop not null;
alter table device_session alter column ip_source drop not null;
