-- An Idempotency-Key belongs to the API key that made it (issue 12): another key of the same program, a
-- partner's say, never gets its answer, and two API keys may use the same value without colliding.
-- Keys stored before this have no API key name (''), which no caller has: they are not replayed, and the
-- sweep deletes them when they expire (7 days).
alter table idempotency_keys add column api_key_name text not null default '';
alter table idempotency_keys alter column api_key_name drop default;
alter table idempotency_keys drop constraint idempotency_keys_pkey;
alter table idempotency_keys add primary key (program_id, api_key_name, key);
