package dev.laurel.ledger;

import dev.laurel.platform.Sql;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A member's lots (expiration buckets) as they stand, for a data export (a page at a time) and the rewards page (pending
 * points by day): read-only. Kept apart from
 * the write path's lot handling, which it neither uses nor changes.
 */
@Service
public class MemberLots {

    public static final int LIMIT_MAX = 1000;

    /** Points still pending, by the day (in the program's zone) they become available. */
    public record PendingDay(LocalDate availableOn, long points) {}

    /** One lot: what an earning left, when it is (or was) valid from and when it expires. */
    public record Lot(UUID id, int definitionId, UUID entryId, long original, long remaining, String status, Instant earnedAt,
            Instant validFrom, Instant expiresAt) {}

    private final JdbcClient jdbc;

    MemberLots(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The member's pending points of {@code definitionIds}, summed per day they become available (their lots' {@code validFrom}
     * in {@code zone}), earliest first, at most {@code days} days.
     */
    public List<PendingDay> pendingByDay(String programId, UUID memberId, Set<Integer> definitionIds, ZoneId zone, int days) {
        if (days < 1 || days > LIMIT_MAX) {
            throw new IllegalArgumentException("days must be 1 to " + LIMIT_MAX);
        }
        if (definitionIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select (valid_from at time zone :zone)::date as day, sum(remaining) as points from lots
                 where program_id = :p and member_id = :m and definition_id in (:d) and status = 'PENDING' and remaining > 0
                 group by day order by day limit :days
                """).param("zone", zone.getId()).param("p", programId).param("m", memberId).param("d", definitionIds).param("days", days)
                .query((rs, n) -> new PendingDay(rs.getObject("day", LocalDate.class), rs.getLong("points"))).list();
    }

    /** Up to {@code limit} of the member's lots after lot id {@code after} (null: from the first), by id. */
    public List<Lot> page(String programId, UUID memberId, UUID after, int limit) {
        if (limit < 1 || limit > LIMIT_MAX) {
            throw new IllegalArgumentException("limit must be 1 to " + LIMIT_MAX);
        }
        return jdbc.sql("""
                select id, definition_id, entry_id, original, remaining, status, earned_at, valid_from, expires_at from lots
                 where program_id = :p and member_id = :m and (:after::uuid is null or id > :after) order by id limit :limit
                """).param("p", programId).param("m", memberId).param("after", after).param("limit", limit)
                .query((rs, n) -> new Lot(rs.getObject("id", UUID.class), rs.getInt("definition_id"), rs.getObject("entry_id", UUID.class),
                        rs.getLong("original"), rs.getLong("remaining"), rs.getString("status"), Sql.instant(rs, "earned_at"),
                        Sql.instant(rs, "valid_from"), Sql.instant(rs, "expires_at"))).list();
    }
}
