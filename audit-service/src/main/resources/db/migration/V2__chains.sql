-- Per-account chains (docs/EVENTS.md "Chains", issue 9): each leaf on a chain links to the chain's
-- previous entry, so an entry left out of a provenance report's evidence is noticed.

-- The chain an entry belongs to (null: none); its leaf gets the link when it is sequenced.
alter table log_entry add column chain text;

-- The newest sequenced entry of every chain, moved by the one sequencer in its batch transaction.
create table log_chain_head (
    chain     text primary key,
    idx       bigint not null,
    leaf_hash bytea not null
);
