package dev.laurel.partners.internal;

import dev.laurel.platform.Sql;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for partner transactions. */
@Repository
public class PartnerStore {

    private final JdbcClient jdbc;

    PartnerStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A partner transaction to insert. */
    public record Row(UUID memberId, UUID id, String shortId, String partner, String reference, long points, UUID entryId,
            Instant createdAt) {
        public Row withShortId(String other) {
            return new Row(memberId, id, other, partner, reference, points, entryId, createdAt);
        }
    }

    /** Inserts the rows in one statement; returns the ids of those written (a row whose short id is taken is not). */
    public Set<UUID> insertAll(String programId, List<Row> rows) {
        return new HashSet<>(jdbc.sql("""
                insert into partner_transactions (program_id, member_id, id, short_id, partner, reference, points, entry_id, created_at)
                select :p, r.m, r.id, r.short_id, r.partner, r.reference, r.points, r.entry, r.at
                  from unnest(:m::uuid[], :id::uuid[], :shortId::text[], :partner::text[], :reference::text[], :points::bigint[],
                              :entry::uuid[], :at::timestamptz[]) as r(m, id, short_id, partner, reference, points, entry, at)
                on conflict (program_id, short_id) do nothing
                returning id
                """).param("p", programId).param("m", rows.stream().map(Row::memberId).toArray(UUID[]::new))
                .param("id", rows.stream().map(Row::id).toArray(UUID[]::new))
                .param("shortId", rows.stream().map(Row::shortId).toArray(String[]::new))
                .param("partner", rows.stream().map(Row::partner).toArray(String[]::new))
                .param("reference", rows.stream().map(Row::reference).toArray(String[]::new))
                .param("points", rows.stream().map(Row::points).toArray(Long[]::new))
                .param("entry", rows.stream().map(Row::entryId).toArray(UUID[]::new))
                .param("at", rows.stream().map(r -> Sql.text(r.createdAt())).toArray(String[]::new))
                .query(UUID.class).list());
    }

    /** Up to {@code limit} of the member's partner transactions after id {@code after} (null: from the first), by id. */
    public java.util.List<dev.laurel.partners.PartnerTransaction> ofMember(String programId, UUID memberId, UUID after, int limit) {
        return jdbc.sql("""
                select id, short_id, partner, reference, points, created_at from partner_transactions
                 where program_id = :p and member_id = :m and (:after::uuid is null or id > :after) order by id limit :limit
                """).param("p", programId).param("m", memberId).param("after", after).param("limit", limit)
                .query((rs, n) -> new dev.laurel.partners.PartnerTransaction(rs.getObject("id", UUID.class), rs.getString("short_id"),
                        memberId, rs.getString("partner"), rs.getString("reference"), rs.getLong("points"),
                        Sql.instant(rs, "created_at"), java.util.List.of())).list();
    }
}
