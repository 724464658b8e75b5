-- Where the points a return took back of an earning came from (issue 16): still in the earning's own lot, from the
-- member's other points (what they had spent of it), recorded as debt, expired (not taken again) or not recovered (spent,
-- and the balance could not cover it on a definition that does not allow a negative balance). One row per take-back,
-- even when it took nothing (all expired): later returns of the same earning count what earlier ones settled.
create table take_backs (
    program_id    text not null,
    member_id     uuid not null,
    definition_id integer not null,
    id            uuid not null,
    earning_id    uuid not null references ledger_entries (id),
    entry_id      uuid references ledger_entries (id),  -- the REVERSAL entry; null when nothing was taken
    from_lot      bigint not null check (from_lot >= 0),
    from_balance  bigint not null check (from_balance >= 0),
    as_debt       bigint not null check (as_debt >= 0),
    expired       bigint not null check (expired >= 0),
    not_recovered bigint not null check (not_recovered >= 0),
    recorded_at   timestamptz not null,
    primary key (program_id, member_id, definition_id, id),
    foreign key (program_id, member_id, definition_id) references point_accounts (program_id, member_id, definition_id),
    check (from_lot + from_balance + as_debt + expired + not_recovered > 0),
    check ((entry_id is null) = (from_lot + from_balance + as_debt = 0))
);

create index take_backs_earning on take_backs (program_id, member_id, earning_id);
