-- Accounts, the devices (keys) they signed in with, device-bound sessions with their sign-in
-- record, refresh tokens (hashes only), alerts, token signing keys and failed sign-ins.

create table account (
    id            uuid primary key,
    login         text not null unique,          -- lower-cased
    password_hash text not null,                 -- Argon2id, PHC string format
    display_name  text not null,
    created_at    timestamptz not null
);

-- A device is its key: device_id is the RFC 7638 thumbprint. Name, model, os, app_version are
-- self-reported by the device at its latest sign-in.
create table device (
    account_id    uuid not null references account (id),
    device_id     text not null,
    public_jwk    text not null,
    name          text,
    model         text,
    os            text,
    app_version   text,
    first_seen_at timestamptz not null,
    last_seen_at  timestamptz not null,
    revoked_at    timestamptz,
    revoked_by    text,
    primary key (account_id, device_id)
);

create sequence revocation_seq;

create table device_session (
    id                      uuid primary key,
    account_id              uuid not null,
    device_id               text not null,
    created_at              timestamptz not null,
    auth_method             text not null,
    client_ip               text not null,
    user_agent              text,
    -- IP location as the configured database answered, or why there is none
    ip_city                 text,
    ip_region               text,
    ip_country              text,
    ip_lat                  double precision,
    ip_lon                  double precision,
    ip_source               text not null,
    ip_no_location_reason   text,
    -- self-reported by the device
    reported_lat            double precision,
    reported_lon            double precision,
    reported_accuracy_m     double precision,
    device_name             text,
    device_model            text,
    device_os               text,
    device_app_version      text,
    last_seen_at            timestamptz not null,
    last_seen_ip            text not null,
    expires_at              timestamptz not null,
    revoked_at              timestamptz,
    revoked_reason          text,
    revoked_by              text,
    -- position in the revocation feed; assigned under an advisory lock so commit order = seq order
    revocation_seq          bigint unique,
    foreign key (account_id, device_id) references device (account_id, device_id)
);
create index device_session_account on device_session (account_id, created_at desc);
create index device_session_revoked on device_session (revoked_at) where revoked_at is not null;

create table refresh_token (
    token_hash text primary key,                 -- base64url SHA-256 of the token; the token itself is never stored
    session_id uuid not null references device_session (id),
    issued_at  timestamptz not null,
    spent_at   timestamptz
);
create index refresh_token_session on refresh_token (session_id);

create table alert (
    id                 uuid primary key,
    account_id         uuid not null references account (id),
    alert_type         text not null,
    created_at         timestamptz not null,
    session_id         uuid,
    device_id          text,
    related_session_id uuid,
    details            jsonb not null
);
create index alert_account on alert (account_id, created_at desc);

-- Access-token signing keys (ES256). A key is published at created_at and signs from activates_at.
create table signing_key (
    kid          text primary key,
    private_jwk  text not null,
    created_at   timestamptz not null,
    activates_at timestamptz not null
);

-- Failed sign-ins, for throttling shared by all replicas (sliding window).
create table sign_in_failure (
    id        bigserial primary key,
    login     text not null,
    client_ip text not null,
    failed_at timestamptz not null
);
create index sign_in_failure_login on sign_in_failure (login, failed_at);
create index sign_in_failure_ip on sign_in_failure (client_ip, failed_at);
