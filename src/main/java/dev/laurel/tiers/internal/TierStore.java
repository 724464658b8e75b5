package dev.laurel.tiers.internal;

import dev.laurel.platform.Sql;
import dev.laurel.tiers.TierChange;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for member tiers, their qualification periods and their history. */
@Repository
public class TierStore {

    private final JdbcClient jdbc;

    TierStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Row(String programId, UUID memberId, int rank, String levelName, Instant enteredAt, Instant resetsAt) {}

    public Optional<Row> find(String programId, UUID memberId, boolean forUpdate) {
        return jdbc.sql("select program_id, member_id, rank, level_name, entered_at, resets_at from member_tiers"
                        + " where program_id = :p and member_id = :m" + (forUpdate ? " for update" : ""))
                .param("p", programId).param("m", memberId).query(TierStore::row).optional();
    }

    public void save(String programId, UUID memberId, int rank, String levelName, Instant enteredAt, Instant resetsAt, Instant now) {
        jdbc.sql("""
                insert into member_tiers (program_id, member_id, rank, level_name, entered_at, resets_at, updated_at)
                values (:p, :m, :rank, :name, :entered, :resets, :now)
                on conflict (program_id, member_id) do update set rank = excluded.rank, level_name = excluded.level_name,
                    entered_at = excluded.entered_at, resets_at = excluded.resets_at, updated_at = excluded.updated_at
                """).param("p", programId).param("m", memberId).param("rank", rank).param("name", levelName)
                .param("entered", Sql.ts(enteredAt)).param("resets", Sql.ts(resetsAt)).param("now", Sql.ts(now)).update();
    }

    /** A member's qualification period that has ended and is still open. */
    public record Period(String programId, UUID memberId, Instant endsAt) {}

    /**
     * Opens, for each member i, the period ending at {@code endsAt[i]} unless it is open (or closed) already, and returns
     * those of these members' periods that are open and ended at or before {@code at[i]}: what must close first,
     * including one opened by this call (points of December settled only in January, with points of January). One
     * statement for all: the periods it opens are seen through {@code returning}, as the rest of a statement does not
     * see what its {@code with} inserts.
     */
    public List<Period> openPeriods(String programId, List<UUID> memberIds, List<Instant> endsAt, List<Instant> at) {
        return jdbc.sql("""
                with opened as (
                    insert into member_tier_periods (program_id, member_id, ends_at)
                    select :p, k.m, k.e from unnest(:members::uuid[], :ends::timestamptz[]) as k(m, e)
                    on conflict (program_id, member_id, ends_at) do nothing
                    returning member_id, ends_at),
                candidates as (
                    select member_id, ends_at from member_tier_periods
                     where program_id = :p and member_id = any(:members::uuid[]) and closed_at is null
                    union
                    select member_id, ends_at from opened)
                select distinct :p::text as program_id, t.member_id, t.ends_at
                  from candidates t join unnest(:members::uuid[], :at::timestamptz[]) as k(m, a) on t.member_id = k.m
                 where t.ends_at <= k.a
                 order by t.ends_at
                """).param("p", programId).param("members", memberIds.toArray(UUID[]::new))
                .param("ends", endsAt.stream().map(Sql::text).toArray(String[]::new))
                .param("at", at.stream().map(Sql::text).toArray(String[]::new))
                .query(TierStore::period).list();
    }

    /** Locks up to {@code limit} open periods that have ended, earliest first, skipping those another node holds. */
    public List<Period> claimEndedPeriods(Optional<String> programId, Instant now, int limit) {
        return jdbc.sql("""
                select program_id, member_id, ends_at from member_tier_periods
                 where closed_at is null and ends_at <= :now and (:p::text is null or program_id = :p)
                 order by ends_at limit :limit for update skip locked
                """).param("now", Sql.ts(now)).param("p", programId.orElse(null)).param("limit", limit).query(TierStore::period).list();
    }

    /**
     * Marks closed those of the members' periods ending at {@code endsAt} that are open and not locked by another
     * transaction (one this transaction claimed is not skipped), and returns their members: the ones this transaction
     * closes. A period another node is closing right now is left to it.
     */
    public List<UUID> claimForClosing(String programId, Instant endsAt, List<UUID> memberIds, Instant now) {
        return jdbc.sql("""
                update member_tier_periods t set closed_at = :now
                 where (t.program_id, t.member_id, t.ends_at) in (
                        select program_id, member_id, ends_at from member_tier_periods
                         where program_id = :p and ends_at = :ends and member_id = any(:members::uuid[]) and closed_at is null
                         for update skip locked)
                returning t.member_id
                """).param("p", programId).param("ends", Sql.ts(endsAt)).param("now", Sql.ts(now))
                .param("members", memberIds.toArray(UUID[]::new)).query(UUID.class).list();
    }

    /** Records the points the members' periods ending at {@code endsAt} closed with (0 when left out). */
    public void closedWith(String programId, Instant endsAt, List<UUID> memberIds, Map<UUID, Long> points) {
        jdbc.sql("""
                update member_tier_periods t set points = k.points
                  from unnest(:members::uuid[], :points::bigint[]) as k(m, points)
                 where t.program_id = :p and t.member_id = k.m and t.ends_at = :ends
                """).param("p", programId).param("ends", Sql.ts(endsAt))
                .param("members", memberIds.toArray(UUID[]::new))
                .param("points", memberIds.stream().map(m -> points.getOrDefault(m, 0L)).toArray(Long[]::new)).update();
    }

    /** The points the member's period ending at {@code endsAt} closed with: 0 when they had no points in it. */
    public long closedPoints(String programId, UUID memberId, Instant endsAt) {
        return jdbc.sql("select coalesce((select points from member_tier_periods where program_id = :p and member_id = :m and ends_at = :e), 0)")
                .param("p", programId).param("m", memberId).param("e", Sql.ts(endsAt)).query(Long.class).single();
    }

    public void addHistory(String programId, UUID memberId, TierChange c) {
        jdbc.sql("""
                insert into tier_history (program_id, member_id, id, at, from_rank, from_name, to_rank, to_name, reason, qualifying_points)
                values (:p, :m, :id, :at, :fromRank, :fromName, :toRank, :toName, :reason, :points)
                """).param("p", programId).param("m", memberId).param("id", c.id()).param("at", Sql.ts(c.at()))
                .param("fromRank", c.fromRank()).param("fromName", c.fromLevel()).param("toRank", c.toRank())
                .param("toName", c.toLevel()).param("reason", c.reason()).param("points", c.qualifyingPoints()).update();
    }

    public List<TierChange> history(String programId, UUID memberId, int limit) {
        return jdbc.sql("""
                select id, at, from_rank, from_name, to_rank, to_name, reason, qualifying_points from tier_history
                 where program_id = :p and member_id = :m order by at desc, id desc limit :limit
                """).param("p", programId).param("m", memberId).param("limit", limit)
                .query((rs, n) -> new TierChange(rs.getObject("id", UUID.class), Sql.instant(rs, "at"), (Integer) rs.getObject("from_rank"),
                        rs.getString("from_name"), rs.getInt("to_rank"), rs.getString("to_name"), rs.getString("reason"),
                        rs.getLong("qualifying_points"))).list();
    }

    /**
     * Locks up to {@code limit} members whose level has ended, skipping those another node holds and those with a
     * qualification period that has ended and is still open: their level is decided on its points once it is closed.
     */
    public List<Row> claimEnded(Optional<String> programId, Instant now, int limit) {
        return jdbc.sql("""
                select program_id, member_id, rank, level_name, entered_at, resets_at from member_tiers t
                 where resets_at <= :now and (:p::text is null or program_id = :p)
                   and not exists (select 1 from member_tier_periods o where o.program_id = t.program_id and o.member_id = t.member_id
                                      and o.closed_at is null and o.ends_at <= :now)
                 order by resets_at limit :limit for update skip locked
                """).param("now", Sql.ts(now)).param("p", programId.orElse(null)).param("limit", limit).query(TierStore::row).list();
    }

    private static Period period(ResultSet rs, int n) throws SQLException {
        return new Period(rs.getString("program_id"), rs.getObject("member_id", UUID.class), Sql.instant(rs, "ends_at"));
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getString("program_id"), rs.getObject("member_id", UUID.class), rs.getInt("rank"), rs.getString("level_name"),
                Sql.instant(rs, "entered_at"), Sql.instant(rs, "resets_at"));
    }
}
