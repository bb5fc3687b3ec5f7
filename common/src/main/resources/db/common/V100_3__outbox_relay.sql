-- The relay's bookkeeping: an event the log refused as invalid (HTTP 400/413 for that event alone) is set
-- aside with rejected_at and its reason in last_error, so it cannot block the events behind it; it stays
-- in the table for an operator. Pending = neither submitted nor rejected, taken strictly in seq order.
alter table outbox add column rejected_at timestamptz;
drop index outbox_pending;
create index outbox_pending on outbox (seq) where submitted_at is null and rejected_at is null;
