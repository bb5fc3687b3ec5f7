-- An event the log refused is set aside (rejected_at) and raises an alarm (health check "outbox", gauge
-- outbox_set_aside) until an operator deals with it. Since sources bound every event to the log's limits
-- (EventLimits), that never happens in normal operation. An operator either sends it again once the cause is
-- fixed:   update outbox set rejected_at = null, next_attempt_at = now() where id = '<id>';
-- or records why it stays out of the log (the row is kept, never deleted):
--          update outbox set resolved_at = now(), resolution = '<who, why>' where id = '<id>';
alter table outbox add column resolved_at timestamptz;
alter table outbox add column resolution text;
create index outbox_set_aside on outbox (seq) where rejected_at is not null and resolved_at is null;
