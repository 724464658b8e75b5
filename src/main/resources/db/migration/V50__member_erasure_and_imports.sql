-- Members' data rights and migration (issue 15).

-- Erasure: the member row stays (the ledger's entries keep pointing at it, so balances and the ledger check stay
-- exact); its personal fields are cleared and erased_at is set. Who erased whom and when is kept in member_erasures.
alter table members add column erased_at timestamptz;

create table member_erasures (
    program_id text not null,
    member_id  uuid not null,
    erased_at  timestamptz not null,
    erased_by  text not null check (length(erased_by) between 1 and 200),   -- the API key's name
    primary key (program_id, member_id),
    foreign key (program_id, member_id) references members (program_id, id)
);

-- A bulk import of members with opening balances: received whole (every line validated), then applied in chunks by a
-- sweep that claims the import with FOR UPDATE SKIP LOCKED. A chunk's staged lines are deleted in the transaction that
-- applies them, so what is left staged is exactly what is left to do: a node killed mid-chunk loses nothing.
create table member_imports (
    program_id         text not null references programs (id),
    id                 uuid not null,
    format             text not null check (format in ('NDJSON', 'CSV')),
    status             text not null check (status in ('Queued', 'Processing', 'Completed', 'CompletedWithErrors')),
    line_count         integer not null check (line_count >= 0),
    applied            integer not null default 0 check (applied >= 0 and applied <= line_count),
    members_created    integer not null default 0 check (members_created >= 0),
    members_existing   integer not null default 0 check (members_existing >= 0),
    balances_posted    integer not null default 0 check (balances_posted >= 0),
    points_posted      bigint not null default 0 check (points_posted >= 0),
    balances_skipped   integer not null default 0 check (balances_skipped >= 0),
    tiers_set          integer not null default 0 check (tiers_set >= 0),
    received_by        text not null,
    received_at        timestamptz not null,
    updated_at         timestamptz not null,
    primary key (program_id, id)
);

create index member_imports_due on member_imports (received_at) where status in ('Queued', 'Processing');
create index member_imports_recent on member_imports (program_id, received_at desc);

-- A validated line waiting to be applied. line is its number in the file (1 is the first line; a CSV header is line 1).
create table member_import_lines (
    program_id    text not null,
    import_id     uuid not null,
    line          integer not null check (line > 0),
    external_id   text not null,
    member        jsonb not null check (jsonb_typeof(member) = 'object'),
    definition_id integer,
    balance       bigint check (balance > 0),
    tier          text,
    primary key (program_id, import_id, line),
    foreign key (program_id, import_id) references member_imports (program_id, id),
    check ((balance is null) = (definition_id is null))
);

create table member_import_messages (
    program_id text not null,
    import_id  uuid not null,
    line       integer not null,
    message    text not null,
    primary key (program_id, import_id, line),
    foreign key (program_id, import_id) references member_imports (program_id, id)
);

-- An opening balance is posted once per member and definition, whatever file or import brings it again.
create table member_opening_balances (
    program_id    text not null,
    member_id     uuid not null,
    definition_id integer not null,
    import_id     uuid not null,
    line          integer not null,
    points        bigint not null check (points > 0),
    recorded_at   timestamptz not null,
    primary key (program_id, member_id, definition_id),
    foreign key (program_id, member_id) references members (program_id, id)
);

-- A member's data export reads purchases and partner transactions by member.
create index purchases_member on purchases (program_id, member_id, order_id);

-- A level set by a bulk import is recorded as IMPORTED in the tier history.
alter table tier_history drop constraint tier_history_reason_check;
alter table tier_history add constraint tier_history_reason_check
    check (reason in ('OPTED_IN', 'OPTED_OUT', 'UPGRADED', 'REQUALIFIED', 'DOWNGRADED', 'IMPORTED')) not valid;
alter table tier_history validate constraint tier_history_reason_check;
