-- The transparency log (docs/EVENTS.md "The leaf", issue 4).

-- Every accepted submission, durable before it is answered. idx is null while pending and is set
-- once by the single sequencer; a unique idx means two sequencers can never fork the log.
create table log_entry (
    id            uuid primary key,
    content_hash  bytea not null,          -- SHA-256 of the event as submitted: decides idempotency
    entry         bytea not null,          -- canonical leaf bytes (RFC 8785)
    source        text not null,
    received_seq  bigserial not null,
    received_at   timestamptz not null default now(),
    idx           bigint unique,
    sequenced_at  timestamptz
);
create index log_entry_pending on log_entry (received_seq) where idx is null;

-- The clear values behind the personal digests. Erasable: deleting rows here changes no leaf.
create table log_disclosure (
    entry_id   uuid not null references log_entry (id),
    field      text not null,
    salt       text not null,
    value_json text not null,
    primary key (entry_id, field)
);

-- Tree hashes as C2SP tlog-tiles: tile level L holds tree level 8L, 256 hashes a tile; a partial
-- tile (fewer than 256) grows in place as the tree grows, its existing hashes never change.
create table log_tile (
    level  int not null,
    idx    bigint not null,
    hashes bytea not null,
    primary key (level, idx)
);

-- Every checkpoint the log ever signed.
create table log_checkpoint (
    tree_size bigint primary key,
    root_hash bytea not null,
    note      text not null,
    signed_at timestamptz not null default now()
);

-- The checkpoint signing key when none is configured: generated once, shared by all replicas.
create table log_signing_key (
    name       text primary key,
    skey       text not null,
    created_at timestamptz not null default now()
);
