package dev.laurel.ledger.internal;

import dev.laurel.ledger.Hold;
import dev.laurel.ledger.HoldPage;
import dev.laurel.ledger.HoldStatus;
import dev.laurel.platform.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of holds ({@code point_holds}); a hold changes only under its account's row lock. */
@Repository
public class HoldStore {

    private static final String COLUMNS = """
            id, member_id, definition_id, points, status, captured, expired, reference, description, created_at, expires_at,
            closed_at, entry_id, release_entry_id""";

    private static final String COLUMNS_OF_H = """
            h.id, h.member_id, h.definition_id, h.points, h.status, h.captured, h.expired, h.reference, h.description, h.created_at,
            h.expires_at, h.closed_at, h.entry_id, h.release_entry_id""";

    private final JdbcClient jdbc;

    HoldStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(String programId, Hold h) {
        jdbc.sql("""
                insert into point_holds (program_id, member_id, definition_id, id, entry_id, points, status, reference, description,
                    created_at, expires_at)
                values (:p, :m, :d, :id, :entry, :points, 'PENDING', :reference, :description, :createdAt, :expiresAt)
                """).param("p", programId).param("m", h.memberId()).param("d", h.definitionId()).param("id", h.id())
                .param("entry", h.entryId()).param("points", h.points()).param("reference", h.reference())
                .param("description", h.description()).param("createdAt", Sql.ts(h.createdAt())).param("expiresAt", Sql.ts(h.expiresAt()))
                .update();
    }

    public Optional<Hold> find(String programId, UUID holdId) {
        return jdbc.sql("select " + COLUMNS + " from point_holds where program_id = :p and id = :id")
                .param("p", programId).param("id", holdId).query(HoldStore::hold).optional();
    }

    /**
     * Closes a pending hold: one conditional statement, so of two closings only one can succeed. The callers hold the
     * account's lock, which already orders them; this is the last word.
     */
    public boolean close(String programId, Hold hold, HoldStatus status, Long captured, UUID releaseEntryId, boolean expired,
            Instant at) {
        return jdbc.sql("""
                update point_holds set status = :status, captured = :captured, release_entry_id = :release, expired = :expired,
                       closed_at = :at
                 where program_id = :p and member_id = :m and definition_id = :d and id = :id and status = 'PENDING'
                """).param("p", programId).param("m", hold.memberId()).param("d", hold.definitionId()).param("id", hold.id()).param("status", status.name()).param("captured", captured)
                .param("release", releaseEntryId).param("expired", expired).param("at", Sql.ts(at)).update() == 1;
    }

    /** The member's holds, newest first, optionally of one status, after {@code after}. */
    public List<Hold> page(String programId, UUID memberId, HoldStatus status, HoldPage.Position after, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                 from point_holds
                where program_id = :p and member_id = :m and (:status::text is null or status = :status)
                  and (:afterAt::timestamptz is null or (created_at, id) < (:afterAt, :afterId))
                order by created_at desc, id desc limit :limit
                """).param("p", programId).param("m", memberId).param("status", status == null ? null : status.name())
                .param("afterAt", after == null ? null : Sql.ts(after.createdAt())).param("afterId", after == null ? null : after.id())
                .param("limit", limit).query(HoldStore::hold).list();
    }

    /** Locks up to {@code limit} accounts with pending holds past their time, skipping accounts others hold. */
    public List<AccountState> claimAccountsWithDueHolds(Optional<String> programId, Instant now, int limit) {
        return jdbc.sql("select " + LedgerStore.ACCOUNT_COLUMNS + """
                 from point_accounts
                where (program_id, member_id, definition_id) in (
                       select program_id, member_id, definition_id from point_holds
                        where status = 'PENDING' and expires_at <= :now and (:p::text is null or program_id = :p))
                order by program_id, member_id, definition_id
                limit :limit
                for update skip locked
                """).param("now", Sql.ts(now)).param("p", programId.orElse(null)).param("limit", limit)
                .query(LedgerStore::account).list();
    }

    /**
     * The pending holds past their time on many accounts (member i, definition i) of one program, in one query: by
     * account, and in each the order they are voided (the earliest due first).
     */
    public List<Hold> due(String programId, List<UUID> memberIds, List<Integer> definitionIds, Instant now) {
        return jdbc.sql("select " + COLUMNS_OF_H + """
                 from point_holds h join unnest(:members::uuid[], :defs::integer[]) as k(m, d)
                   on h.member_id = k.m and h.definition_id = k.d
                where h.program_id = :p and h.status = 'PENDING' and h.expires_at <= :now
                order by h.member_id, h.definition_id, h.expires_at, h.created_at, h.id
                """).param("p", programId).param("members", memberIds.toArray(UUID[]::new))
                .param("defs", definitionIds.toArray(Integer[]::new)).param("now", Sql.ts(now)).query(HoldStore::hold).list();
    }

    /**
     * Closes pending holds as voided by expiry, each with its release entry, in one statement; returns how many it
     * closed (one already closed is left as it is). The callers hold the accounts' locks.
     */
    public int expireAll(String programId, List<Hold> holds, List<UUID> releaseEntryIds, Instant at) {
        if (holds.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                update point_holds h set status = 'VOID', captured = null, release_entry_id = k.release, expired = true, closed_at = :at
                  from unnest(:members::uuid[], :defs::integer[], :ids::uuid[], :releases::uuid[]) as k(m, d, id, release)
                 where h.program_id = :p and h.member_id = k.m and h.definition_id = k.d and h.id = k.id and h.status = 'PENDING'
                """).param("p", programId).param("members", holds.stream().map(Hold::memberId).toArray(UUID[]::new))
                .param("defs", holds.stream().map(Hold::definitionId).toArray(Integer[]::new))
                .param("ids", holds.stream().map(Hold::id).toArray(UUID[]::new))
                .param("releases", releaseEntryIds.toArray(UUID[]::new)).param("at", Sql.ts(at)).update();
    }

    private static Hold hold(ResultSet rs, int row) throws SQLException {
        return new Hold(rs.getObject("id", UUID.class), rs.getObject("member_id", UUID.class), rs.getInt("definition_id"),
                rs.getLong("points"), HoldStatus.valueOf(rs.getString("status")), (Long) rs.getObject("captured"),
                rs.getBoolean("expired"), rs.getString("reference"), rs.getString("description"), Sql.instant(rs, "created_at"),
                Sql.instant(rs, "expires_at"), Sql.instant(rs, "closed_at"), rs.getObject("entry_id", UUID.class),
                rs.getObject("release_entry_id", UUID.class));
    }
}
