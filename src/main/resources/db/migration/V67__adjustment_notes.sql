-- An adjustment's internal note (issue 17): for operators only, kept out of the ledger entry, whose description members
-- see on their rewards page and in every dialect's history. One per adjustment entry, written in the entry's transaction.
create table adjustment_notes (
    program_id text not null,
    member_id  uuid not null,
    entry_id   uuid not null,
    note       text not null check (length(note) between 1 and 1000),
    primary key (program_id, member_id, entry_id),
    foreign key (program_id, member_id, entry_id) references ledger_entries (program_id, member_id, id)
);
