-- Outbox: an event to deliver is written in the same transaction as its cause and delivered by a sweep.
create table webhook_events (
    program_id      text not null,
    id              uuid not null,
    member_id       uuid,
    event_type      text not null,
    target          text not null check (target in ('POINT_MASTER_ADJUSTMENTS')),
    payload         json not null,          -- json, not jsonb: the field order is kept, as the point master reads it
    status          text not null check (status in ('PENDING', 'DELIVERED', 'DEAD')),
    attempts        integer not null default 0 check (attempts >= 0),
    next_attempt_at timestamptz not null,   -- also the lease: a claimed event is not due again until then
    last_error      text,
    last_status     integer,
    created_at      timestamptz not null,
    delivered_at    timestamptz,
    primary key (program_id, id)
);

create index webhook_events_due on webhook_events (next_attempt_at) where status = 'PENDING';
create index webhook_events_list on webhook_events (program_id, created_at desc, id desc);

-- Balance-only sync: a request is stored as received and applied by the balance sweep.
create table balance_imports (
    program_id   text not null,
    id           uuid not null,
    status       text not null check (status in ('Queued', 'Processing', 'Completed', 'CompletedWithErrors')),
    items        jsonb not null check (jsonb_typeof(items) = 'array'),
    item_count   integer not null check (item_count between 1 and 10000),
    applied      integer not null default 0,
    received_at  timestamptz not null,
    updated_at   timestamptz not null,
    primary key (program_id, id)
);

create index balance_imports_due on balance_imports (received_at) where status in ('Queued', 'Processing');

create table balance_import_messages (
    program_id text not null,
    import_id  uuid not null,
    seq        integer not null,
    item_index integer not null,
    message    text not null,
    time_stamp timestamptz not null,
    primary key (program_id, import_id, seq),
    foreign key (program_id, import_id) references balance_imports (program_id, id)
);

-- A BALANCE follower account remembers the last sync applied to it: older items are skipped.
alter table point_accounts add column last_sync_at timestamptz;
alter table point_accounts add column last_sync_amount bigint;
