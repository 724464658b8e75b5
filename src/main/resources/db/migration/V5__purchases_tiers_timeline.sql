-- A member's timeline: events sent in through the API and those Laurel records itself.
create table timeline_events (
    program_id  text not null,
    member_id   uuid not null,
    id          uuid not null,
    type        text not null check (length(type) between 1 and 100),
    occurred_at timestamptz not null,
    recorded_at timestamptz not null,
    attributes  jsonb not null default '{}'::jsonb check (jsonb_typeof(attributes) = 'object'),
    event_id    text check (length(event_id) between 1 and 200),   -- the sender's id: sending it again is a no-op
    origin      text not null check (origin in ('API', 'LAUREL')),
    primary key (program_id, member_id, id),
    foreign key (program_id, member_id) references members (program_id, id)
);

create unique index timeline_events_event_id on timeline_events (program_id, member_id, event_id) where event_id is not null;
create index timeline_events_member on timeline_events (program_id, member_id, occurred_at desc, id desc);

-- Purchases and their earnings, for returns. Order ids are unique within a program.
create table purchases (
    program_id      text not null,
    order_id        text not null check (length(order_id) between 1 and 128),
    member_id       uuid not null,
    amount          numeric(19, 4) not null check (amount > 0),
    returned_amount numeric(19, 4) not null default 0 check (returned_amount >= 0 and returned_amount <= amount),
    currency        text not null check (currency ~ '^[A-Z]{3}$'),
    occurred_at     timestamptz not null,
    lines           jsonb,
    created_at      timestamptz not null,
    primary key (program_id, order_id),
    foreign key (program_id, member_id) references members (program_id, id)
);

create table purchase_earnings (
    program_id    text not null,
    order_id      text not null,
    definition_id integer not null,
    entry_id      uuid not null references ledger_entries (id),
    points        bigint not null check (points > 0),
    taken_back    bigint not null default 0 check (taken_back >= 0 and taken_back <= points),
    primary key (program_id, order_id, entry_id),
    foreign key (program_id, order_id) references purchases (program_id, order_id)
);

-- Tiers: each member's level, the qualifying points per calendar year, and every change.
create table member_tiers (
    program_id text not null,
    member_id  uuid not null,
    rank       integer not null check (rank >= 0),
    level_name text not null,
    entered_at timestamptz not null,
    resets_at  timestamptz,
    updated_at timestamptz not null,
    primary key (program_id, member_id),
    foreign key (program_id, member_id) references members (program_id, id)
);

create index member_tiers_due on member_tiers (resets_at) where resets_at is not null;

create table member_tier_points (
    program_id text not null,
    member_id  uuid not null,
    year       integer not null,
    points     bigint not null,
    primary key (program_id, member_id, year)
);

create table tier_history (
    program_id        text not null,
    member_id         uuid not null,
    id                uuid not null,
    at                timestamptz not null,
    from_rank         integer,
    from_name         text,
    to_rank           integer not null,
    to_name           text not null,
    reason            text not null check (reason in ('OPTED_IN', 'OPTED_OUT', 'UPGRADED', 'REQUALIFIED', 'DOWNGRADED')),
    qualifying_points bigint not null,
    primary key (program_id, member_id, id)
);

create index tier_history_member on tier_history (program_id, member_id, at desc, id desc);
