-- A support agent's sign-out (docs/SUPPORT.md) records the case it was done under on what it ended,
-- so the owner sees which case signed a session or device out (revoked_by = 'agent').
alter table device_session add column revoked_case_id uuid;
alter table device add column revoked_case_id uuid;
