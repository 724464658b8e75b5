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
}
