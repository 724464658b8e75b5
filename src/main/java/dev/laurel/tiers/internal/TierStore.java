package dev.laurel.tiers.internal;

import dev.laurel.platform.Sql;
import dev.laurel.tiers.TierChange;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for member tiers, their yearly qualifying points and their history. */
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

    /** Adds (or, negative, removes) qualifying points of a calendar year; returns the year's new total. */
    public long addPoints(String programId, UUID memberId, int year, long points) {
        return jdbc.sql("""
                insert into member_tier_points (program_id, member_id, year, points) values (:p, :m, :y, :points)
                on conflict (program_id, member_id, year) do update set points = member_tier_points.points + excluded.points
                returning points
                """).param("p", programId).param("m", memberId).param("y", year).param("points", points).query(Long.class).single();
    }

    public long points(String programId, UUID memberId, int year) {
        return jdbc.sql("select coalesce((select points from member_tier_points where program_id = :p and member_id = :m and year = :y), 0)")
                .param("p", programId).param("m", memberId).param("y", year).query(Long.class).single();
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

    /** Locks up to {@code limit} members whose level has ended, skipping those another node holds. */
    public List<Row> claimEnded(Optional<String> programId, Instant now, int limit) {
        return jdbc.sql("""
                select program_id, member_id, rank, level_name, entered_at, resets_at from member_tiers
                 where resets_at <= :now and (:p::text is null or program_id = :p)
                 order by resets_at limit :limit for update skip locked
                """).param("now", Sql.ts(now)).param("p", programId.orElse(null)).param("limit", limit).query(TierStore::row).list();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getString("program_id"), rs.getObject("member_id", UUID.class), rs.getInt("rank"), rs.getString("level_name"),
                Sql.instant(rs, "entered_at"), Sql.instant(rs, "resets_at"));
    }
}
