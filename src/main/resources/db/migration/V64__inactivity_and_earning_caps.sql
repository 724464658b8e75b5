-- Inactivity expiry: when each account last earned or spent (points held at the till count), set by the same statement
-- that writes its balance.
alter table point_accounts add column last_activity_at timestamptz;
update point_accounts a
   set last_activity_at = coalesce((select max(e.recorded_at) from ledger_entries e
                                     where e.program_id = a.program_id and e.member_id = a.member_id
                                       and e.definition_id = a.definition_id and e.kind in ('EARN', 'SPEND', 'HOLD')), a.created_at);
-- The inactivity sweep's claim: accounts of one definition with points, oldest activity first.
create index point_accounts_inactive on point_accounts (program_id, definition_id, last_activity_at) where balance > 0;

-- Earning caps: what each account earned in the current day and month, by cap ("DAY|2026-12-04|Purchase" -> points;
-- "*" for a cap on every capped source), read with the account's lock and written with its balance (no other round trip).
alter table point_accounts add column cap_totals jsonb;

-- What a cap withheld from an earning, and which cap; a wholly capped earning is an EARN entry of 0 points.
alter table ledger_entries add column capped_points bigint not null default 0 check (capped_points >= 0);
alter table ledger_entries add column cap_reason text check (cap_reason is null or length(cap_reason) between 1 and 300);
alter table ledger_entries drop constraint ledger_entries_amount_check;
-- Added without a scan under the table's exclusive lock, then validated under a lock that lets writes go on.
alter table ledger_entries add constraint ledger_entries_amount_check check (amount <> 0 or (kind = 'EARN' and capped_points > 0)) not valid;
alter table ledger_entries validate constraint ledger_entries_amount_check;
