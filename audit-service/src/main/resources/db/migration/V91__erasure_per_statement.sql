-- The erasure trigger of V70, once per statement instead of once per row (issue 12): the projection inserts a whole
-- batch in one statement, and a PL/pgSQL call with an erased_account lookup for every row of it cost more than the
-- insert itself. Same effect: an ACCOUNT_ERASED entry erases the account's disclosures and support texts, and any
-- entry of an erased account, projected in the same statement or later, loses its disclosures.
drop trigger provenance_entry_erasure on provenance_entry;
drop function erase_projected_entry();

create function erase_projected_entries() returns trigger language plpgsql as $$
begin
    insert into erased_account (account_id, erased_idx)
        select account_id, min(idx) from projected where type = 'ACCOUNT_ERASED' and account_id is not null
        group by account_id
        on conflict do nothing;
    delete from log_disclosure d using log_entry e, provenance_entry p
        where d.entry_id = e.id and e.idx = p.idx
          and p.account_id in (select account_id from projected where type = 'ACCOUNT_ERASED');
    -- An owner's question and agents' notes are free text about the account; ids, states and times stay.
    update support_case set question = '(erased with the account)', resolution = null, state = 'closed',
            closed_at = coalesce(closed_at, now())
        where account_id in (select account_id from projected where type = 'ACCOUNT_ERASED');
    update support_note n set text = '(erased with the account)' from support_case c
        where n.case_id = c.id
          and c.account_id in (select account_id from projected where type = 'ACCOUNT_ERASED');
    update support_grant set state = 'ended', ended_at = now(), ended_by = 'erasure'
        where account_id in (select account_id from projected where type = 'ACCOUNT_ERASED') and state <> 'ended';
    delete from log_disclosure d using log_entry e, projected n, erased_account a
        where d.entry_id = e.id and e.idx = n.idx and n.account_id = a.account_id;
    return null;
end
$$;

create trigger provenance_entry_erasure after insert on provenance_entry
    referencing new table as projected for each statement execute function erase_projected_entries();
