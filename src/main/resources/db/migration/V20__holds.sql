-- Points held at the till (the ledger's). A hold takes points from the active lots, earliest-expiring first, into
-- the account's held figure: a HOLD entry of -points with its lot movements. Capturing keeps some or all of them
-- (spent); the rest, or all of them when voided, comes back in one RELEASE entry (reverses = the HOLD entry) to
-- exactly the lots they came from. Entries still sum to the balance; held points are in no lot and not in it.
-- Invariants (GET /v1/admin/ledger/verify):
--   held          = sum of the points of the account's PENDING holds
--   a hold's entries (HOLD + RELEASE) = -points while PENDING, -captured once CLAIMED, 0 once VOID
--   lifetimeSpent = spends - spends given back + captured points of CLAIMED holds
alter table point_accounts add column held bigint not null default 0 check (held >= 0);

alter table ledger_entries drop constraint ledger_entries_kind_check;
alter table ledger_entries add constraint ledger_entries_kind_check
    check (kind in ('EARN', 'SPEND', 'EXPIRE', 'REVERSAL', 'HOLD', 'RELEASE')) not valid;
alter table ledger_entries validate constraint ledger_entries_kind_check;

create table point_holds (
    program_id       text not null,
    member_id        uuid not null,
    definition_id    integer not null,
    id               uuid not null unique,
    entry_id         uuid not null references ledger_entries (id),
    points           bigint not null check (points > 0),
    status           text not null check (status in ('PENDING', 'CLAIMED', 'VOID')),
    captured         bigint check (captured > 0 and captured <= points),
    release_entry_id uuid references ledger_entries (id),
    expired          boolean not null default false,
    reference        text check (length(reference) <= 200),
    description      text check (length(description) <= 1000),
    created_at       timestamptz not null,
    expires_at       timestamptz not null,
    closed_at        timestamptz,
    primary key (program_id, member_id, definition_id, id),
    foreign key (program_id, member_id, definition_id) references point_accounts (program_id, member_id, definition_id),
    check ((status = 'PENDING') = (closed_at is null)),
    check ((status = 'CLAIMED') = (captured is not null)),
    check (not expired or status = 'VOID')
);

create index point_holds_member on point_holds (program_id, member_id, created_at desc, id desc);
create index point_holds_due on point_holds (expires_at) where status = 'PENDING';
