-- Provenance projection: which log entries concern which account and photo. Built only from the
-- sequenced leaves (ProvenanceProjector), so it can be dropped and rebuilt from the log at any time.
create table provenance_entry (
    idx        bigint primary key,
    account_id uuid,
    photo_id   uuid,
    type       text not null
);
create index provenance_entry_account on provenance_entry (account_id, idx);

-- How far the projection has read the log.
create table provenance_cursor (
    id       int primary key check (id = 1),
    next_idx bigint not null
);
insert into provenance_cursor (id, next_idx) values (1, 0);
