-- One disclosure row per entry instead of one per personal field (issue 12): the sequencing pass wrote about five
-- rows, each with its foreign-key check, for every entry; now it writes one. Same table name and entry_id, so the
-- erasure trigger (V70) and every reader keep their queries. fields: {"<field>": ["<salt>", "<canonical JSON value
-- as text>"]}, the value kept as a string so that its bytes, which the digest covers, stay exactly as they were.
create table log_disclosure_per_entry (
    entry_id uuid primary key references log_entry (id),
    fields   jsonb not null
);
insert into log_disclosure_per_entry (entry_id, fields)
    select entry_id, jsonb_object_agg(field, jsonb_build_array(salt, value_json)) from log_disclosure group by entry_id;
drop table log_disclosure;
alter table log_disclosure_per_entry rename to log_disclosure;
alter table log_disclosure rename constraint log_disclosure_per_entry_pkey to log_disclosure_pkey;
