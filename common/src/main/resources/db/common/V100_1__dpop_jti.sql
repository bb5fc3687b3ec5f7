-- DPoP proof ids seen by this service (RFC 9449 section 11.1), shared by all replicas.
create table dpop_jti (
    jti_key      text primary key,
    forget_after timestamptz not null
);
create index dpop_jti_forget_after on dpop_jti (forget_after);
