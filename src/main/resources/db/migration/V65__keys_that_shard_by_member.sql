-- The sharding path (issue 18, docs/scaling.md): on a distributed PostgreSQL (Citus) the member-owned tables are
-- distributed by member_id, and a distributed table's primary key, unique constraints and foreign keys must all
-- include its distribution column. This migration makes the schema so; ShardingSchemaTest keeps it so.
-- It runs as one transaction that rebuilds keys of the ledger's tables under their exclusive locks, and nodes of an
-- earlier version would write no member_keys rows: stop every node, then start the new version (docs/operations.md).

-- 1. Values unique across a program's members (an external id, an identifier, an order id, a voucher code, a partner
--    transaction's short id) cannot be unique constraints of member-owned tables: each is a row of this directory,
--    written in the transaction that writes the member's row, which finds the member a value names. Distributed by
--    value (not by member), it is the one table a member's write shares with another shard.
create table member_keys (
    program_id text not null,
    kind       text not null check (kind in ('EXTERNAL_ID', 'IDENTIFIER', 'ORDER', 'VOUCHER_CODE', 'PARTNER_TRANSACTION')),
    name       text not null default '',  -- an identifier's type; '' for the other kinds
    value      text not null,
    member_id  uuid not null,
    primary key (program_id, kind, name, value),
    check ((kind = 'IDENTIFIER') = (name <> ''))
);

insert into member_keys (program_id, kind, value, member_id)
select program_id, 'EXTERNAL_ID', external_id, id from members where external_id is not null;
insert into member_keys (program_id, kind, name, value, member_id)
select program_id, 'IDENTIFIER', type, value, member_id from member_identifiers;
insert into member_keys (program_id, kind, value, member_id)
select program_id, 'ORDER', order_id, member_id from purchases;
insert into member_keys (program_id, kind, value, member_id)
select program_id, 'VOUCHER_CODE', code, member_id from vouchers;
insert into member_keys (program_id, kind, value, member_id)
select program_id, 'PARTNER_TRANSACTION', short_id, member_id from partner_transactions;

drop index members_external_id;
alter table member_identifiers drop constraint member_identifiers_pkey;
alter table member_identifiers add primary key (program_id, member_id, position);
drop index member_identifiers_member;
alter table vouchers drop constraint vouchers_program_id_code_key;
create index vouchers_member_code on vouchers (program_id, member_id, code);
alter table partner_transactions drop constraint partner_transactions_program_id_short_id_key;

-- 2. A purchase belongs to its member: its lines and earnings carry the member too.
alter table purchase_earnings drop constraint purchase_earnings_program_id_order_id_fkey;
alter table purchase_lines drop constraint purchase_lines_program_id_order_id_fkey;
alter table purchase_earnings add column member_id uuid;
update purchase_earnings e set member_id = p.member_id from purchases p where p.program_id = e.program_id and p.order_id = e.order_id;
alter table purchase_earnings alter column member_id set not null;
alter table purchase_lines add column member_id uuid;
update purchase_lines l set member_id = p.member_id from purchases p where p.program_id = l.program_id and p.order_id = l.order_id;
alter table purchase_lines alter column member_id set not null;

alter table purchases drop constraint purchases_pkey;
alter table purchases add primary key (program_id, member_id, order_id);
drop index purchases_member;
alter table purchase_earnings drop constraint purchase_earnings_pkey;
alter table purchase_earnings add primary key (program_id, member_id, order_id, entry_id);
alter table purchase_lines drop constraint purchase_lines_pkey;
alter table purchase_lines drop constraint purchase_lines_program_id_order_id_sku_key;
alter table purchase_lines add primary key (program_id, member_id, order_id, line);
alter table purchase_lines add unique (program_id, member_id, order_id, sku);
alter table purchase_earnings add foreign key (program_id, member_id, order_id) references purchases (program_id, member_id, order_id);
alter table purchase_lines add foreign key (program_id, member_id, order_id) references purchases (program_id, member_id, order_id);

-- 3. Ids unique by themselves (an entry's, a lot's, an account's, a hold's) are unique within their member instead, and
--    every foreign key to them names the member.
alter table lots drop constraint lots_entry_id_fkey;
alter table lot_movements drop constraint lot_movements_entry_id_fkey;
alter table lot_movements drop constraint lot_movements_lot_id_fkey;
alter table partner_transactions drop constraint partner_transactions_entry_id_fkey;
alter table purchase_earnings drop constraint purchase_earnings_entry_id_fkey;
alter table point_holds drop constraint point_holds_entry_id_fkey;
alter table point_holds drop constraint point_holds_release_entry_id_fkey;
alter table take_backs drop constraint take_backs_earning_id_fkey;
alter table take_backs drop constraint take_backs_entry_id_fkey;

alter table ledger_entries drop constraint ledger_entries_id_key;
alter table ledger_entries add constraint ledger_entries_member_id_key unique (program_id, member_id, id);
alter table lots drop constraint lots_id_key;
alter table point_accounts drop constraint point_accounts_id_key;  -- nothing refers to an account by its id
alter table point_holds drop constraint point_holds_id_key;
-- A hold is found by its id alone (the till knows no member): within the program, by this index.
create index point_holds_id on point_holds (program_id, id);

drop index ledger_entries_reverses;
create index ledger_entries_reverses on ledger_entries (program_id, member_id, reverses) where reverses is not null;
drop index lot_movements_lot;
create index lot_movements_lot on lot_movements (program_id, member_id, lot_id);

alter table lots add constraint lots_entry_fkey foreign key (program_id, member_id, entry_id)
    references ledger_entries (program_id, member_id, id);
alter table lot_movements add constraint lot_movements_entry_fkey foreign key (program_id, member_id, entry_id)
    references ledger_entries (program_id, member_id, id);
alter table lot_movements add constraint lot_movements_lot_fkey foreign key (program_id, member_id, definition_id, lot_id)
    references lots (program_id, member_id, definition_id, id);
alter table partner_transactions add constraint partner_transactions_entry_fkey foreign key (program_id, member_id, entry_id)
    references ledger_entries (program_id, member_id, id);
alter table purchase_earnings add constraint purchase_earnings_entry_fkey foreign key (program_id, member_id, entry_id)
    references ledger_entries (program_id, member_id, id);
alter table point_holds add constraint point_holds_entry_fkey foreign key (program_id, member_id, entry_id)
    references ledger_entries (program_id, member_id, id);
alter table point_holds add constraint point_holds_release_entry_fkey foreign key (program_id, member_id, release_entry_id)
    references ledger_entries (program_id, member_id, id);
alter table take_backs add constraint take_backs_earning_fkey foreign key (program_id, member_id, earning_id)
    references ledger_entries (program_id, member_id, id);
alter table take_backs add constraint take_backs_entry_fkey foreign key (program_id, member_id, entry_id)
    references ledger_entries (program_id, member_id, id);

