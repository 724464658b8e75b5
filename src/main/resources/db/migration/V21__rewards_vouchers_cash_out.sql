-- Rewards, vouchers and cash-out periods (the redemption module's). The catalogue itself is in the program document.

-- Units of a reward issued and not given back (a cancelled voucher gives its unit back). One conditional statement
-- takes a unit (issued < stock), so a reward is never oversold; a reward without a stock counts its units all the same.
create table reward_stock (
    program_id text not null,
    reward_id  text not null,
    issued     bigint not null check (issued >= 0),
    primary key (program_id, reward_id)
);

-- A voucher: a code worth something at the till, issued for a reward's cost or, as a gift card, by a cash-out.
create table vouchers (
    program_id      text not null,
    member_id       uuid not null,
    id              uuid not null,
    code            text not null check (length(code) between 4 and 64),
    reward_id       text,
    cash_out_period date,
    kind            text not null check (kind in ('VOUCHER', 'GIFT_CARD')),
    name            text not null,
    value_amount    numeric(19, 4) check (value_amount > 0),
    value_currency  text check (value_currency ~ '^[A-Z]{3}$'),
    item            text,
    definition_id   integer not null,
    points          bigint not null check (points > 0),
    entry_id        uuid not null,
    from_pool       boolean not null,
    status          text not null check (status in ('ISSUED', 'REDEEMED', 'CANCELLED', 'EXPIRED')),
    issued_at       timestamptz not null,
    valid_until     timestamptz not null,
    redeemed_at     timestamptz,
    cancelled_at    timestamptz,
    expired_at      timestamptz,
    primary key (program_id, member_id, id),
    foreign key (program_id, member_id) references members (program_id, id),
    unique (program_id, code),
    check ((reward_id is null) <> (cash_out_period is null)),
    check ((value_amount is null) = (value_currency is null)),
    check ((status = 'REDEEMED') = (redeemed_at is not null)),
    check ((status = 'CANCELLED') = (cancelled_at is not null)),
    check ((status = 'EXPIRED') = (expired_at is not null))
);

create index vouchers_member on vouchers (program_id, member_id, issued_at desc, id desc);
create index vouchers_member_reward on vouchers (program_id, member_id, reward_id) where reward_id is not null;
create index vouchers_reward on vouchers (program_id, reward_id) where reward_id is not null;
create index vouchers_due on vouchers (valid_until) where status = 'ISSUED';

-- Codes an operator uploaded for a reward; voucher_id is set when one is handed out (never handed out again).
create table voucher_codes (
    program_id  text not null,
    reward_id   text not null,
    code        text not null check (length(code) between 4 and 64),
    uploaded_at timestamptz not null,
    voucher_id  uuid,
    primary key (program_id, code)
);

create index voucher_codes_available on voucher_codes (program_id, reward_id, uploaded_at, code) where voucher_id is null;

-- A cash-out run: one per program and period (the last day of the period, in the program's zone), created once and
-- worked through the members in member-id order, batch by batch, from its cursor: resumable, and claimed by one node
-- at a time (FOR UPDATE SKIP LOCKED). Its terms (definition, step and its value, threshold) are taken from the program
-- when it starts, so a document changed mid-run does not change it.
create table cash_out_runs (
    program_id        text not null,
    period            date not null,
    definition_id     integer not null,
    step              bigint not null check (step > 0),
    step_value        numeric(19, 4) not null check (step_value > 0),
    threshold         bigint not null check (threshold >= step),
    status            text not null check (status in ('RUNNING', 'DONE')),
    cursor_member_id  uuid,
    members_converted bigint not null default 0 check (members_converted >= 0),
    points            bigint not null default 0 check (points >= 0),
    value_amount      numeric(19, 4) not null default 0 check (value_amount >= 0),
    value_currency    text not null check (value_currency ~ '^[A-Z]{3}$'),
    started_at        timestamptz not null,
    finished_at       timestamptz,
    primary key (program_id, period),
    check ((status = 'DONE') = (finished_at is not null))
);

create index cash_out_runs_running on cash_out_runs (program_id, period) where status = 'RUNNING';

-- One row per member converted in a period: a member is converted at most once per period, whatever runs it.
create table cash_out_conversions (
    program_id   text not null,
    period       date not null,
    member_id    uuid not null,
    points       bigint not null check (points > 0),
    value_amount numeric(19, 4) not null check (value_amount > 0),
    voucher_id   uuid not null,
    entry_id     uuid not null,
    converted_at timestamptz not null,
    primary key (program_id, period, member_id),
    foreign key (program_id, period) references cash_out_runs (program_id, period)
);
