-- Partner awards and deductions (the RBI partner points API): one row per request, with its short id.
create table partner_transactions (
    program_id     text not null,
    member_id      uuid not null,
    id             uuid not null,           -- the ledger transaction's id
    short_id       text not null check (short_id ~ '^[A-Z0-9]{16}$'),
    partner        text not null,
    reference      text not null,
    points         bigint not null check (points <> 0),
    entry_id       uuid not null references ledger_entries (id),
    created_at     timestamptz not null,
    primary key (program_id, member_id, id),
    unique (program_id, short_id),
    foreign key (program_id, member_id) references members (program_id, id)
);
