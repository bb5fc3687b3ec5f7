-- Support cases (docs/SUPPORT.md): an owner's question to support, and the grant that lets agents see the
-- account while it is live. What agents read and do is not kept here but in the log (AGENT_ACCESS,
-- AGENT_ACTION), where the owner reads it back.
create table support_case (
    id              uuid primary key,
    account_id      uuid not null,
    photo_id        uuid,
    -- The phone the report is built for: the one that opened the case, or that approved an agent's request.
    device_id       text,
    question        text not null,
    opened_by       text not null check (opened_by in ('owner', 'agent')),
    opened_by_staff text,
    state           text not null check (state in ('open', 'in_progress', 'resolved', 'closed')),
    assignee        text,
    resolution      text,
    created_at      timestamptz not null,
    resolved_at     timestamptz,
    closed_at       timestamptz
);
create index support_case_account on support_case (account_id, created_at);
create index support_case_queue on support_case (created_at) where state <> 'closed';

create table support_grant (
    id           uuid primary key,
    case_id      uuid not null unique references support_case (id),
    account_id   uuid not null,
    state        text not null check (state in ('requested', 'active', 'ended')),
    reason       text not null check (reason in ('owner-request', 'agent-request')),
    requested_at timestamptz not null,
    approved_at  timestamptz,
    expires_at   timestamptz,
    ended_at     timestamptz,
    ended_by     text
);
create index support_grant_account on support_grant (account_id);

create table support_note (
    id         uuid primary key,
    case_id    uuid not null references support_case (id),
    staff_id   text not null,
    text       text not null,
    created_at timestamptz not null
);
create index support_note_case on support_note (case_id, created_at);

-- One-time tokens of the console's forms: a form post is accepted once, from the agent it was made for
-- (CSRF and replay protection in one).
create table console_form_token (
    token      text primary key,
    staff_id   text not null,
    expires_at timestamptz not null
);
