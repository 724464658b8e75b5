-- The points ledger. Every row carries program_id and member_id; no transaction touches two members.
-- Invariants (checked by GET /v1/admin/ledger/verify and by the tests after every scenario):
--   balance  = sum of ACTIVE lots' remaining - debt = sum of entries whose lot is not PENDING
--   pending  = sum of PENDING lots' remaining
--   0 <= lot.remaining <= lot.original
create table point_accounts (
    program_id      text not null,
    member_id       uuid not null,
    definition_id   integer not null check (definition_id > 0),
    id              uuid not null unique,
    balance         bigint not null default 0,
    pending         bigint not null default 0 check (pending >= 0),
    debt            bigint not null default 0 check (debt >= 0),
    lifetime_earned bigint not null default 0 check (lifetime_earned >= 0),
    lifetime_spent  bigint not null default 0 check (lifetime_spent >= 0),
    expired         bigint not null default 0 check (expired >= 0),
    entry_count     bigint not null default 0 check (entry_count >= 0),
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    primary key (program_id, member_id, definition_id),
    foreign key (program_id, member_id) references members (program_id, id)
);

create table ledger_entries (
    program_id     text not null,
    member_id      uuid not null,
    definition_id  integer not null,
    seq            bigint not null check (seq > 0),
    id             uuid not null unique,
    transaction_id uuid not null,
    kind           text not null check (kind in ('EARN', 'SPEND', 'EXPIRE', 'REVERSAL')),
    source         text not null check (length(source) between 1 and 64),
    amount         bigint not null check (amount <> 0),
    description    text,
    reference      text,
    partner        text,
    actor          jsonb,
    occurred_at    timestamptz not null,
    recorded_at    timestamptz not null,
    valid_from     timestamptz,
    expires_at     timestamptz,
    reverses       uuid,
    lot_id         uuid,  -- the lot an EARN created, or the lot of the earning a REVERSAL takes back
    primary key (program_id, member_id, definition_id, seq),
    foreign key (program_id, member_id, definition_id) references point_accounts (program_id, member_id, definition_id)
);

create index ledger_entries_member_log on ledger_entries (program_id, member_id, recorded_at desc, seq desc);
create index ledger_entries_reverses on ledger_entries (reverses) where reverses is not null;

create table lots (
    program_id    text not null,
    member_id     uuid not null,
    definition_id integer not null,
    id            uuid not null unique,
    entry_id      uuid not null references ledger_entries (id),
    original      bigint not null check (original > 0),
    remaining     bigint not null check (remaining >= 0 and remaining <= original),
    status        text not null check (status in ('PENDING', 'ACTIVE', 'EXPIRED')),
    earned_at     timestamptz not null,
    valid_from    timestamptz not null,
    expires_at    timestamptz,
    primary key (program_id, member_id, definition_id, id),
    foreign key (program_id, member_id, definition_id) references point_accounts (program_id, member_id, definition_id)
);

-- Spending order: earliest expiry first (never-expiring last), oldest first among equals.
create index lots_spendable on lots (program_id, member_id, definition_id, expires_at nulls last, earned_at, id)
    where status = 'ACTIVE' and remaining > 0;
create index lots_pending on lots (program_id, member_id, definition_id, valid_from) where status = 'PENDING';
create index lots_due_activation on lots (valid_from) where status = 'PENDING';
create index lots_due_expiry on lots (expires_at) where status = 'ACTIVE' and remaining > 0 and expires_at is not null;

-- What each spend, expiry or reversal took from (or, negative, gave back to) each lot.
create table lot_movements (
    program_id    text not null,
    member_id     uuid not null,
    definition_id integer not null,
    entry_id      uuid not null references ledger_entries (id),
    lot_id        uuid not null references lots (id),
    amount        bigint not null check (amount <> 0),
    primary key (program_id, member_id, definition_id, entry_id, lot_id)
);

create index lot_movements_lot on lot_movements (lot_id);

-- Idempotency-Key: the response of a write, stored with its effect, replayed for the same key.
create table idempotency_keys (
    program_id      text not null,
    key             text not null check (length(key) between 1 and 255),
    request_hash    text not null,
    response_status integer,
    response_type   text,
    response_location text,
    response_body   bytea,
    created_at      timestamptz not null,
    expires_at      timestamptz not null,
    primary key (program_id, key)
);

create index idempotency_keys_expiry on idempotency_keys (expires_at);
