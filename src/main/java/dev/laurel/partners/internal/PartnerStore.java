package dev.laurel.partners.internal;

import dev.laurel.platform.Sql;
import java.time.Instant;
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

    /** False when the short id is taken (nothing is written then). */
    public boolean insert(String programId, UUID memberId, UUID id, String shortId, String partner, String reference, long points,
            UUID entryId, Instant createdAt) {
        return jdbc.sql("""
                insert into partner_transactions (program_id, member_id, id, short_id, partner, reference, points, entry_id, created_at)
                values (:p, :m, :id, :shortId, :partner, :reference, :points, :entry, :at)
                on conflict (program_id, short_id) do nothing
                """).param("p", programId).param("m", memberId).param("id", id).param("shortId", shortId)
                .param("partner", partner).param("reference", reference).param("points", points).param("entry", entryId)
                .param("at", Sql.ts(createdAt)).update() == 1;
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
