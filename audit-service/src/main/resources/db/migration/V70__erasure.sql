-- Account erasure (docs/PRIVACY.md "Erasure"). account-service logs ACCOUNT_ERASED (account id only); when the
-- provenance projection records that entry, this trigger erases, in the projection's own transaction, every clear
-- value the log keeps of the account (log_disclosure) and the support texts about it. Entries of the account that
-- are projected later (a source's outbox may still hold some) lose their disclosures as they are projected. No leaf,
-- tile, checkpoint or proof changes: leaves hold only salted digests, and without salt and value those are unlinkable.
-- Rebuilding the projection from the log erases again, so an erasure cannot be undone by a rebuild.

create table erased_account (
    account_id uuid primary key,
    erased_idx bigint not null,                  -- the log index of the ACCOUNT_ERASED entry
    erased_at  timestamptz not null default now()
);

create function erase_projected_entry() returns trigger language plpgsql as $$
begin
    if new.account_id is null then
        return null;
    end if;
    if new.type = 'ACCOUNT_ERASED' then
        insert into erased_account (account_id, erased_idx) values (new.account_id, new.idx) on conflict do nothing;
        delete from log_disclosure d using log_entry e, provenance_entry p
            where d.entry_id = e.id and e.idx = p.idx and p.account_id = new.account_id;
        -- An owner's question and agents' notes are free text about the account; ids, states and times stay.
        update support_case set question = '(erased with the account)', resolution = null, state = 'closed',
                closed_at = coalesce(closed_at, now())
            where account_id = new.account_id;
        update support_note n set text = '(erased with the account)' from support_case c
            where n.case_id = c.id and c.account_id = new.account_id;
        update support_grant set state = 'ended', ended_at = now(), ended_by = 'erasure'
            where account_id = new.account_id and state <> 'ended';
    elsif exists (select 1 from erased_account where account_id = new.account_id) then
        delete from log_disclosure d using log_entry e where d.entry_id = e.id and e.idx = new.idx;
    end if;
    return null;
end
$$;

create trigger provenance_entry_erasure after insert on provenance_entry
    for each row execute function erase_projected_entry();
