-- One row per distinct content in an account. Deleting tombstones the row; the bytes stay on disk
-- because the upload records and log entries that name them are provenance.
create table photo (
    id                 uuid primary key,
    account_id         uuid not null,
    sha256             text not null,
    bytes              bigint not null,
    media_type         text not null,
    taken_at           timestamptz,
    camera_make        text,
    camera_model       text,
    lat                double precision,
    lon                double precision,
    created_at         timestamptz not null,
    deleted_at         timestamptz,
    deleted_by_device  text,
    deleted_by_session uuid,
    constraint photo_account_content unique (account_id, sha256)
);

-- Every upload, including repeats of content the account already has: who proved they sent it.
create table photo_upload (
    id              uuid primary key,
    photo_id        uuid not null references photo (id),
    account_id      uuid not null,
    device_id       text not null,
    session_id      uuid not null,
    uploaded_at     timestamptz not null,
    client_ip       text not null,
    client_ref      text,
    new_photo       boolean not null,
    outbox_event_id uuid not null
);
create index photo_upload_photo on photo_upload (photo_id, uploaded_at);

-- The per-account change feed that devices sync from; seq is the cursor.
create table photo_change (
    seq        bigserial primary key,
    account_id uuid not null,
    photo_id   uuid not null references photo (id),
    op         text not null check (op in ('added', 'deleted')),
    device_id  text not null,
    session_id uuid not null,
    changed_at timestamptz not null
);
create index photo_change_account on photo_change (account_id, seq);

-- A device was handed an 'added' change: the first hand-over per session is kept.
create table photo_delivery (
    id              uuid primary key,
    photo_id        uuid not null references photo (id),
    account_id      uuid not null,
    device_id       text not null,
    session_id      uuid not null,
    change_seq      bigint not null references photo_change (seq),
    delivered_at    timestamptz not null,
    client_ip       text not null,
    outbox_event_id uuid not null,
    constraint photo_delivery_once_per_session unique (photo_id, session_id)
);
create index photo_delivery_photo on photo_delivery (photo_id, delivered_at);

-- Every time a device fetched the bytes.
create table photo_download (
    id              uuid primary key,
    photo_id        uuid not null references photo (id),
    account_id      uuid not null,
    device_id       text not null,
    session_id      uuid not null,
    downloaded_at   timestamptz not null,
    client_ip       text not null,
    outbox_event_id uuid not null
);
create index photo_download_photo on photo_download (photo_id, downloaded_at);
