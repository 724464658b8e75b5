package dev.laurel.ledger.internal;

import dev.laurel.platform.Sql;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The ledger's writes: batch statements, one per table per transaction, whatever the number of entries. */
@Repository
class LedgerWrites {

    private final NamedParameterJdbcTemplate named;
    private final JsonMapper json;

    LedgerWrites(NamedParameterJdbcTemplate named, JsonMapper json) {
        this.named = named;
        this.json = json;
    }

    void insertEntries(List<EntryRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        SqlParameterSource[] batch = rows.stream().map(r -> new MapSqlParameterSource()
                .addValue("p", r.programId()).addValue("m", r.memberId()).addValue("d", r.definitionId())
                .addValue("seq", r.seq()).addValue("id", r.id()).addValue("tx", r.transactionId())
                .addValue("kind", r.kind().name()).addValue("source", r.source()).addValue("amount", r.amount())
                .addValue("description", r.description()).addValue("reference", r.reference())
                .addValue("partner", r.partner()).addValue("actor", r.actor() == null ? null : json.writeValueAsString(r.actor()))
                .addValue("occurredAt", Sql.ts(r.occurredAt())).addValue("recordedAt", Sql.ts(r.recordedAt()))
                .addValue("validFrom", Sql.ts(r.validFrom())).addValue("expiresAt", Sql.ts(r.expiresAt()))
                .addValue("reverses", r.reverses()).addValue("lotId", r.lotId())).toArray(SqlParameterSource[]::new);
        named.batchUpdate("""
                insert into ledger_entries (program_id, member_id, definition_id, seq, id, transaction_id, kind, source, amount,
                    description, reference, partner, actor, occurred_at, recorded_at, valid_from, expires_at, reverses, lot_id)
                values (:p, :m, :d, :seq, :id, :tx, :kind, :source, :amount, :description, :reference, :partner, :actor::jsonb,
                    :occurredAt, :recordedAt, :validFrom, :expiresAt, :reverses, :lotId)
                """, batch);
    }

    void insertLots(String programId, List<LotState> lots) {
        if (lots.isEmpty()) {
            return;
        }
        SqlParameterSource[] batch = lots.stream().map(l -> lotParams(programId, l)).toArray(SqlParameterSource[]::new);
        named.batchUpdate("""
                insert into lots (program_id, member_id, definition_id, id, entry_id, original, remaining, status, earned_at, valid_from, expires_at)
                values (:p, :m, :d, :id, :entryId, :original, :remaining, :status, :earnedAt, :validFrom, :expiresAt)
                """, batch);
    }

    void updateLots(String programId, List<LotState> lots) {
        if (lots.isEmpty()) {
            return;
        }
        SqlParameterSource[] batch = lots.stream().map(l -> lotParams(programId, l)).toArray(SqlParameterSource[]::new);
        named.batchUpdate("update lots set remaining = :remaining, status = :status where program_id = :p and member_id = :m and id = :id", batch);
    }

    private static MapSqlParameterSource lotParams(String programId, LotState l) {
        return new MapSqlParameterSource().addValue("p", programId).addValue("m", l.memberId).addValue("d", l.definitionId)
                .addValue("id", l.id).addValue("entryId", l.entryId).addValue("original", l.original)
                .addValue("remaining", l.remaining).addValue("status", l.status.name()).addValue("earnedAt", Sql.ts(l.earnedAt))
                .addValue("validFrom", Sql.ts(l.validFrom)).addValue("expiresAt", Sql.ts(l.expiresAt));
    }

    void insertMovements(String programId, List<Movement> movements) {
        if (movements.isEmpty()) {
            return;
        }
        SqlParameterSource[] batch = movements.stream().map(m -> new MapSqlParameterSource().addValue("p", programId)
                .addValue("m", m.memberId()).addValue("d", m.definitionId()).addValue("entry", m.entryId())
                .addValue("lot", m.lotId()).addValue("amount", m.amount())).toArray(SqlParameterSource[]::new);
        named.batchUpdate("""
                insert into lot_movements (program_id, member_id, definition_id, entry_id, lot_id, amount)
                values (:p, :m, :d, :entry, :lot, :amount)
                """, batch);
    }

    void updateAccounts(List<AccountState> accounts, Instant now) {
        if (accounts.isEmpty()) {
            return;
        }
        SqlParameterSource[] batch = accounts.stream().map(a -> new MapSqlParameterSource()
                .addValue("p", a.programId).addValue("m", a.memberId).addValue("d", a.definitionId)
                .addValue("balance", a.balance).addValue("pending", a.pending).addValue("debt", a.debt)
                .addValue("earned", a.lifetimeEarned).addValue("spent", a.lifetimeSpent).addValue("expired", a.expired)
                .addValue("count", a.entryCount).addValue("now", Sql.ts(now)).addValue("syncAt", Sql.ts(a.lastSyncAt))
                .addValue("syncAmount", a.lastSyncAmount).addValue("held", a.held)).toArray(SqlParameterSource[]::new);
        named.batchUpdate("""
                update point_accounts set balance = :balance, pending = :pending, debt = :debt, lifetime_earned = :earned,
                       lifetime_spent = :spent, expired = :expired, entry_count = :count, updated_at = :now,
                       last_sync_at = :syncAt, last_sync_amount = :syncAmount, held = :held
                 where program_id = :p and member_id = :m and definition_id = :d
                """, batch);
    }
}
