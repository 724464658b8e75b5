-- Programs (tenants) as code: the revision in force, every revision applied, and API keys (hashes only).
create table programs (
    id          text primary key check (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name        text not null,
    revision    integer not null check (revision >= 0),
    document    jsonb not null,
    fingerprint text not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);

create table program_revisions (
    program_id  text not null references programs (id),
    revision    integer not null check (revision > 0),
    document    jsonb not null,
    fingerprint text not null,
    source      text not null check (source in ('FILE', 'API')),
    source_name text,
    applied_at  timestamptz not null,
    primary key (program_id, revision)
);

create table api_keys (
    program_id text not null references programs (id),
    name       text not null,
    key_hash   text not null unique check (key_hash ~ '^[0-9a-f]{64}$'),
    scopes     text[] not null check (scopes <@ array['admin', 'partner'] and cardinality(scopes) > 0),
    primary key (program_id, name)
);

-- Members: every row carries program_id; the primary key leads with it so the table shards by program and member.
create table members (
    program_id    text not null references programs (id),
    id            uuid not null,
    external_id   text,
    email         text,
    mobile_number text,
    first_name    text,
    last_name     text,
    gender        text,
    dob           date,
    address       text,
    address2      text,
    city          text,
    zip           text,
    state         text,
    country       text,
    opted_in      boolean not null default false,
    attributes    jsonb not null default '{}'::jsonb check (jsonb_typeof(attributes) = 'object'),
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    primary key (program_id, id)
);

create unique index members_external_id on members (program_id, external_id) where external_id is not null;
create index members_email on members (program_id, lower(email)) where email is not null;
create index members_mobile_number on members (program_id, mobile_number) where mobile_number is not null;

create table member_identifiers (
    program_id text not null,
    member_id  uuid not null,
    position   smallint not null check (position >= 0),
    type       text not null,
    value      text not null,
    primary key (program_id, type, value),
    foreign key (program_id, member_id) references members (program_id, id) on delete cascade
);

create index member_identifiers_member on member_identifiers (program_id, member_id);
