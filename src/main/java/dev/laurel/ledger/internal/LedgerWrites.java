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
                .addValue("d", rows.stream().map(EntryRow::definitionId).toArray(Integer[]::new))
                .addValue("seq", rows.stream().map(EntryRow::seq).toArray(Long[]::new)).addValue("id", uuids(rows, EntryRow::id))
                .addValue("tx", uuids(rows, EntryRow::transactionId)).addValue("kind", texts(rows, r -> r.kind().name()))
                .addValue("source", texts(rows, EntryRow::source)).addValue("amount", rows.stream().map(EntryRow::amount).toArray(Long[]::new))
                .addValue("description", texts(rows, EntryRow::description)).addValue("reference", texts(rows, EntryRow::reference))
                .addValue("partner", texts(rows, EntryRow::partner))
                .addValue("actor", texts(rows, r -> r.actor() == null ? null : json.writeValueAsString(r.actor())))
                .addValue("occurredAt", times(rows, EntryRow::occurredAt)).addValue("recordedAt", times(rows, EntryRow::recordedAt))
                .addValue("validFrom", times(rows, EntryRow::validFrom)).addValue("expiresAt", times(rows, EntryRow::expiresAt))
                .addValue("reverses", uuids(rows, EntryRow::reverses)).addValue("lotId", uuids(rows, EntryRow::lotId))
                .addValue("capped", rows.stream().map(EntryRow::cappedPoints).toArray(Long[]::new))
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
                .addValue("d", lots.stream().map(l -> l.definitionId).toArray(Integer[]::new)).addValue("id", uuids(lots, l -> l.id))
                .addValue("entryId", uuids(lots, l -> l.entryId)).addValue("original", lots.stream().map(l -> l.original).toArray(Long[]::new))
                .addValue("remaining", lots.stream().map(l -> l.remaining).toArray(Long[]::new))
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
                .addValue("d", lots.stream().map(l -> l.definitionId).toArray(Integer[]::new)).addValue("id", uuids(lots, l -> l.id))
                .addValue("remaining", lots.stream().map(l -> l.remaining).toArray(Long[]::new))
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
                .addValue("d", movements.stream().map(Movement::definitionId).toArray(Integer[]::new))
                .addValue("entry", uuids(movements, Movement::entryId)).addValue("lot", uuids(movements, Movement::lotId))
                .addValue("amount", movements.stream().map(Movement::amount).toArray(Long[]::new))
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
                .addValue("d", rows.stream().map(TakeBackRow::definitionId).toArray(Integer[]::new)).addValue("id", uuids(rows, TakeBackRow::id))
                .addValue("earning", uuids(rows, TakeBackRow::earningId)).addValue("entry", uuids(rows, TakeBackRow::entryId))
                .addValue("fromLot", rows.stream().map(TakeBackRow::fromLot).toArray(Long[]::new))
                .addValue("fromBalance", rows.stream().map(TakeBackRow::fromBalance).toArray(Long[]::new))
                .addValue("asDebt", rows.stream().map(TakeBackRow::asDebt).toArray(Long[]::new))
                .addValue("expired", rows.stream().map(TakeBackRow::expired).toArray(Long[]::new))
                .addValue("notRecovered", rows.stream().map(TakeBackRow::notRecovered).toArray(Long[]::new))
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
                .addValue("d", accounts.stream().map(a -> a.definitionId).toArray(Integer[]::new))
                .addValue("balance", accounts.stream().map(a -> a.balance).toArray(Long[]::new))
                .addValue("pending", accounts.stream().map(a -> a.pending).toArray(Long[]::new))
                .addValue("debt", accounts.stream().map(a -> a.debt).toArray(Long[]::new))
                .addValue("earned", accounts.stream().map(a -> a.lifetimeEarned).toArray(Long[]::new))
                .addValue("spent", accounts.stream().map(a -> a.lifetimeSpent).toArray(Long[]::new))
                .addValue("expired", accounts.stream().map(a -> a.expired).toArray(Long[]::new))
                .addValue("count", accounts.stream().map(a -> a.entryCount).toArray(Long[]::new))
                .addValue("syncAt", times(accounts, a -> a.lastSyncAt))
                .addValue("syncAmount", accounts.stream().map(a -> a.lastSyncAmount).toArray(Long[]::new))
                .addValue("held", accounts.stream().map(a -> a.held).toArray(Long[]::new))
                .addValue("activityAt", times(accounts, a -> a.lastActivityAt))
                .addValue("caps", texts(accounts, a -> CapTotals.write(a.capTotals)))
                .getValues());
    }

    private static <T> String[] texts(List<T> rows, Function<T, String> column) {
        return rows.stream().map(column).toArray(String[]::new);
    }

    private static <T> UUID[] uuids(List<T> rows, Function<T, UUID> column) {
        return rows.stream().map(column).toArray(UUID[]::new);
    }

    private static <T> String[] times(List<T> rows, Function<T, Instant> column) {
        return rows.stream().map(column).map(Sql::text).toArray(String[]::new);
    }
}
