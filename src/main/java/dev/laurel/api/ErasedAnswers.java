package dev.laurel.api;

import dev.laurel.members.MemberErased;
import java.nio.charset.StandardCharsets;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers kept for {@code Idempotency-Key} replays may hold an erased member's personal data (the answer to the call
 * that created them, or changed them). In the erasure's transaction each such answer becomes the 410
 * {@code member-erased} problem: a replay still does not run the call again, and tells what happened.
 */
@Component
class ErasedAnswers {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ErasedAnswers(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventListener
    void memberErased(MemberErased e) {
        var problem = Problems.of(410, "member-erased", "Member erased",
                "Member '" + e.memberId() + "' was erased at " + e.at() + "; the answer kept for this key held their data.");
        byte[] body = json.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
        jdbc.sql("""
                update idempotency_keys set response_status = 410, response_type = 'application/problem+json',
                       response_location = null, response_body = :body
                 where program_id = :p and response_body is not null and position(convert_to(:id, 'UTF8') in response_body) > 0
                """).param("p", e.programId()).param("id", e.memberId().toString()).param("body", body).update();
    }
}
