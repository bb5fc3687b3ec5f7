-- Erasing an account strips the personal values of its outbox rows (OutboxWriter.erasePersonal): found by account,
-- not by scanning every row the outbox has kept.
create index outbox_account on outbox ((event ->> 'accountId'));
