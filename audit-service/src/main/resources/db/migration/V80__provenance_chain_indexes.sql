-- A provenance report reads the account's session and access chains (by type) and one photo's chain (by photo):
-- with these, it reads the entries it cites, not the account's whole history (issue 12).
create index provenance_entry_account_type on provenance_entry (account_id, type, idx);
create index provenance_entry_account_photo on provenance_entry (account_id, photo_id, idx);
