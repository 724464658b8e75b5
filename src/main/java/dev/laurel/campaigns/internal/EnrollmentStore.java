package dev.laurel.campaigns.internal;

import dev.laurel.platform.Sql;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for campaign enrollments. */
@Repository
public class EnrollmentStore {

    private final JdbcClient jdbc;

    EnrollmentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Enrollment(Instant enrolledAt, Instant completedAt, UUID rewardEntryId) {}

    /** True when this call enrolled the member (false: already enrolled). */
    public boolean enroll(String programId, UUID memberId, String campaignId, Instant at) {
        return jdbc.sql("""
                insert into campaign_enrollments (program_id, member_id, campaign_id, enrolled_at) values (:p, :m, :c, :at)
                on conflict do nothing
                """).param("p", programId).param("m", memberId).param("c", campaignId).param("at", Sql.ts(at)).update() == 1;
    }

    public Optional<Enrollment> find(String programId, UUID memberId, String campaignId, boolean forUpdate) {
        return jdbc.sql("select enrolled_at, completed_at, reward_entry_id from campaign_enrollments"
                        + " where program_id = :p and member_id = :m and campaign_id = :c" + (forUpdate ? " for update" : ""))
                .param("p", programId).param("m", memberId).param("c", campaignId)
                .query((rs, n) -> new Enrollment(Sql.instant(rs, "enrolled_at"), Sql.instant(rs, "completed_at"),
                        rs.getObject("reward_entry_id", UUID.class))).optional();
    }

    /** Marks the enrollment completed, once: false when it already was. */
    public boolean complete(String programId, UUID memberId, String campaignId, Instant at, UUID rewardEntryId) {
        return jdbc.sql("""
                update campaign_enrollments set completed_at = :at, reward_entry_id = :entry
                 where program_id = :p and member_id = :m and campaign_id = :c and completed_at is null
                """).param("p", programId).param("m", memberId).param("c", campaignId).param("at", Sql.ts(at))
                .param("entry", rewardEntryId).update() == 1;
    }
}
