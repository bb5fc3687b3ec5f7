-- Events waiting for (or acknowledged by) the transparency log; written in the same transaction as
-- the fact they describe. log_index is the index the log durably assigned.
create table outbox (
    seq             bigserial primary key,
    id              uuid not null unique,
    event_type      text not null,
    event           jsonb not null,
    created_at      timestamptz not null,
    attempts        int not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_error      text,
    submitted_at    timestamptz,
    log_index       bigint,
    leaf_hash       text
);
create index outbox_pending on outbox (seq) where submitted_at is null;
