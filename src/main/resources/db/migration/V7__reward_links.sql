-- The key that signs a program's rewards-page links: made on first use, the same for every node.
create table reward_link_keys (
    program_id text primary key references programs (id),
    key        bytea not null check (length(key) = 32),
    created_at timestamptz not null
);
