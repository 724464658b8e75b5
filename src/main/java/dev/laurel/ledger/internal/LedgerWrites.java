package dev.laurel.ledger.internal;

import dev.laurel.platform.Sql;
import dev.laurel.platform.WriteBehind;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ledger's writes: one statement per table per transaction, whatever the number of rows. Each statement takes its
 * rows as parallel arrays through {@code unnest}, so a 1,000-item batch is one round trip and one statement per
 * table, not 1,000 of them.
 */
@Repository
class LedgerWrites {

    private final WriteBehind writes;
    private final JsonMapper json;

    LedgerWrites(WriteBehind writes, JsonMapper json) {
        this.writes = writes;
        this.json = json;
    }

    void insertEntries(List<EntryRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        writes.update("""
                insert into ledger_entries (program_id, member_id, definition_id, seq, id, transaction_id, kind, source, amount,
                    description, reference, partner, actor, occurred_at, recorded_at, valid_from, expires_at, reverses, lot_id,
                    capped_points, cap_reason)
                select r.p, r.m, r.d, r.seq, r.id, r.tx, r.kind, r.source, r.amount, r.description, r.reference, r.partner,
                       r.actor::jsonb, r.occurred_at, r.recorded_at, r.valid_from, r.expires_at, r.reverses, r.lot_id,
                       r.capped, r.cap_reason
                  from unnest(:p::text[], :m::uuid[], :d::integer[], :seq::bigint[], :id::uuid[], :tx::uuid[], :kind::text[],
                              :source::text[], :amount::bigint[], :description::text[], :reference::text[], :partner::text[],
                              :actor::text[], :occurredAt::timestamptz[], :recordedAt::timestamptz[], :validFrom::timestamptz[],
                              :expiresAt::timestamptz[], :reverses::uuid[], :lotId::uuid[], :capped::bigint[], :capReason::text[])
                       as r(p, m, d, seq, id, tx, kind, source, amount, description, reference, partner, actor, occurred_at,
                            recorded_at, valid_from, expires_at, reverses, lot_id, capped, cap_reason)
                """, new MapSqlParameterSource()
                .addValue("p", texts(rows, EntryRow::programId)).addValue("m", uuids(rows, EntryRow::memberId))
                .addValue("d", Sql.column(rows, EntryRow::definitionId, Integer[]::new))
                .addValue("seq", Sql.column(rows, EntryRow::seq, Long[]::new)).addValue("id", uuids(rows, EntryRow::id))
                .addValue("tx", uuids(rows, EntryRow::transactionId)).addValue("kind", texts(rows, r -> r.kind().name()))
                .addValue("source", texts(rows, EntryRow::source)).addValue("amount", Sql.column(rows, EntryRow::amount, Long[]::new))
                .addValue("description", texts(rows, EntryRow::description)).addValue("reference", texts(rows, EntryRow::reference))
                .addValue("partner", texts(rows, EntryRow::partner))
                .addValue("actor", texts(rows, r -> r.actor() == null ? null : json.writeValueAsString(r.actor())))
                .addValue("occurredAt", times(rows, EntryRow::occurredAt)).addValue("recordedAt", times(rows, EntryRow::recordedAt))
                .addValue("validFrom", times(rows, EntryRow::validFrom)).addValue("expiresAt", times(rows, EntryRow::expiresAt))
                .addValue("reverses", uuids(rows, EntryRow::reverses)).addValue("lotId", uuids(rows, EntryRow::lotId))
                .addValue("capped", Sql.column(rows, EntryRow::cappedPoints, Long[]::new))
                .addValue("capReason", texts(rows, EntryRow::capReason))
                .getValues());
    }

    void insertLots(String programId, List<LotState> lots) {
        if (lots.isEmpty()) {
            return;
        }
        writes.update("""
                insert into lots (program_id, member_id, definition_id, id, entry_id, original, remaining, status, earned_at, valid_from, expires_at)
                select :p, l.m, l.d, l.id, l.entry_id, l.original, l.remaining, l.status, l.earned_at, l.valid_from, l.expires_at
                  from unnest(:m::uuid[], :d::integer[], :id::uuid[], :entryId::uuid[], :original::bigint[], :remaining::bigint[],
                              :status::text[], :earnedAt::timestamptz[], :validFrom::timestamptz[], :expiresAt::timestamptz[])
                       as l(m, d, id, entry_id, original, remaining, status, earned_at, valid_from, expires_at)
                """, new MapSqlParameterSource()
                .addValue("p", programId).addValue("m", uuids(lots, l -> l.memberId))
                .addValue("d", Sql.column(lots, l -> l.definitionId, Integer[]::new)).addValue("id", uuids(lots, l -> l.id))
                .addValue("entryId", uuids(lots, l -> l.entryId)).addValue("original", Sql.column(lots, l -> l.original, Long[]::new))
                .addValue("remaining", Sql.column(lots, l -> l.remaining, Long[]::new))
                .addValue("status", texts(lots, l -> l.status.name())).addValue("earnedAt", times(lots, l -> l.earnedAt))
                .addValue("validFrom", times(lots, l -> l.validFrom)).addValue("expiresAt", times(lots, l -> l.expiresAt))
                .getValues());
    }

    void updateLots(String programId, List<LotState> lots) {
        if (lots.isEmpty()) {
            return;
        }
        writes.update("""
                update lots l set remaining = u.remaining, status = u.status
                  from unnest(:m::uuid[], :d::integer[], :id::uuid[], :remaining::bigint[], :status::text[]) as u(m, d, id, remaining, status)
                 where l.program_id = :p and l.member_id = u.m and l.definition_id = u.d and l.id = u.id
                """, new MapSqlParameterSource()
                .addValue("p", programId).addValue("m", uuids(lots, l -> l.memberId))
                .addValue("d", Sql.column(lots, l -> l.definitionId, Integer[]::new)).addValue("id", uuids(lots, l -> l.id))
                .addValue("remaining", Sql.column(lots, l -> l.remaining, Long[]::new))
                .addValue("status", texts(lots, l -> l.status.name()))
                .getValues());
    }

    void insertMovements(String programId, List<Movement> movements) {
        if (movements.isEmpty()) {
            return;
        }
        writes.update("""
                insert into lot_movements (program_id, member_id, definition_id, entry_id, lot_id, amount)
                select :p, v.m, v.d, v.entry_id, v.lot_id, v.amount
                  from unnest(:m::uuid[], :d::integer[], :entry::uuid[], :lot::uuid[], :amount::bigint[]) as v(m, d, entry_id, lot_id, amount)
                """, new MapSqlParameterSource()
                .addValue("p", programId).addValue("m", uuids(movements, Movement::memberId))
                .addValue("d", Sql.column(movements, Movement::definitionId, Integer[]::new))
                .addValue("entry", uuids(movements, Movement::entryId)).addValue("lot", uuids(movements, Movement::lotId))
                .addValue("amount", Sql.column(movements, Movement::amount, Long[]::new))
                .getValues());
    }

    void insertTakeBacks(String programId, List<TakeBackRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        writes.update("""
                insert into take_backs (program_id, member_id, definition_id, id, earning_id, entry_id, from_lot, from_balance,
                    as_debt, expired, not_recovered, recorded_at)
                select :p, t.m, t.d, t.id, t.earning, t.entry, t.from_lot, t.from_balance, t.as_debt, t.expired, t.not_recovered, t.at
                  from unnest(:m::uuid[], :d::integer[], :id::uuid[], :earning::uuid[], :entry::uuid[], :fromLot::bigint[],
                              :fromBalance::bigint[], :asDebt::bigint[], :expired::bigint[], :notRecovered::bigint[],
                              :at::timestamptz[])
                       as t(m, d, id, earning, entry, from_lot, from_balance, as_debt, expired, not_recovered, at)
                """, new MapSqlParameterSource()
                .addValue("p", programId).addValue("m", uuids(rows, TakeBackRow::memberId))
                .addValue("d", Sql.column(rows, TakeBackRow::definitionId, Integer[]::new)).addValue("id", uuids(rows, TakeBackRow::id))
                .addValue("earning", uuids(rows, TakeBackRow::earningId)).addValue("entry", uuids(rows, TakeBackRow::entryId))
                .addValue("fromLot", Sql.column(rows, TakeBackRow::fromLot, Long[]::new))
                .addValue("fromBalance", Sql.column(rows, TakeBackRow::fromBalance, Long[]::new))
                .addValue("asDebt", Sql.column(rows, TakeBackRow::asDebt, Long[]::new))
                .addValue("expired", Sql.column(rows, TakeBackRow::expired, Long[]::new))
                .addValue("notRecovered", Sql.column(rows, TakeBackRow::notRecovered, Long[]::new))
                .addValue("at", times(rows, TakeBackRow::recordedAt))
                .getValues());
    }

    void updateAccounts(List<AccountState> accounts, Instant now) {
        if (accounts.isEmpty()) {
            return;
        }
        writes.update("""
                update point_accounts a set balance = u.balance, pending = u.pending, debt = u.debt, lifetime_earned = u.earned,
                       lifetime_spent = u.spent, expired = u.expired, entry_count = u.count, updated_at = :now::timestamptz,
                       last_sync_at = u.sync_at, last_sync_amount = u.sync_amount, held = u.held,
                       last_activity_at = u.activity_at, cap_totals = u.caps::jsonb
                  from unnest(:p::text[], :m::uuid[], :d::integer[], :balance::bigint[], :pending::bigint[], :debt::bigint[],
                              :earned::bigint[], :spent::bigint[], :expired::bigint[], :count::bigint[], :syncAt::timestamptz[],
                              :syncAmount::bigint[], :held::bigint[], :activityAt::timestamptz[], :caps::text[])
                       as u(p, m, d, balance, pending, debt, earned, spent, expired, count, sync_at, sync_amount, held, activity_at, caps)
                 where a.program_id = u.p and a.member_id = u.m and a.definition_id = u.d
                """, new MapSqlParameterSource()
                // As text, like the arrays: the driver binds an OffsetDateTime through a calendar it makes per statement.
                .addValue("now", Sql.text(now)).addValue("p", texts(accounts, a -> a.programId)).addValue("m", uuids(accounts, a -> a.memberId))
                .addValue("d", Sql.column(accounts, a -> a.definitionId, Integer[]::new))
                .addValue("balance", Sql.column(accounts, a -> a.balance, Long[]::new))
                .addValue("pending", Sql.column(accounts, a -> a.pending, Long[]::new))
                .addValue("debt", Sql.column(accounts, a -> a.debt, Long[]::new))
                .addValue("earned", Sql.column(accounts, a -> a.lifetimeEarned, Long[]::new))
                .addValue("spent", Sql.column(accounts, a -> a.lifetimeSpent, Long[]::new))
                .addValue("expired", Sql.column(accounts, a -> a.expired, Long[]::new))
                .addValue("count", Sql.column(accounts, a -> a.entryCount, Long[]::new))
                .addValue("syncAt", times(accounts, a -> a.lastSyncAt))
                .addValue("syncAmount", Sql.column(accounts, a -> a.lastSyncAmount, Long[]::new))
                .addValue("held", Sql.column(accounts, a -> a.held, Long[]::new))
                .addValue("activityAt", times(accounts, a -> a.lastActivityAt))
                .addValue("caps", texts(accounts, a -> CapTotals.write(a.capTotals)))
                .getValues());
    }

    private static <T> String[] texts(List<T> rows, Function<T, String> column) {
        return Sql.column(rows, column, String[]::new);
    }

    private static <T> UUID[] uuids(List<T> rows, Function<T, UUID> column) {
        return Sql.column(rows, column, UUID[]::new);
    }

    private static <T> String[] times(List<T> rows, Function<T, Instant> column) {
        return Sql.column(rows, r -> Sql.text(column.apply(r)), String[]::new);
    }
}
