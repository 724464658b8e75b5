package dev.laurel.api;

import dev.laurel.platform.Sql;
import dev.laurel.programs.Caller;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for Idempotency-Key records: one per (program, API key name, key). */
@Repository
class IdempotencyStore {

    private final JdbcClient jdbc;

    IdempotencyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Stored(String requestHash, Integer status, String contentType, String location, byte[] body) {}

    /**
     * Claims the key for this request; if another request has it, waits for that one's transaction
     * and returns what it stored.
     */
    Optional<Stored> claim(Caller caller, String key, String requestHash, Instant now, Instant expiresAt) {
        int inserted = jdbc.sql("""
                insert into idempotency_keys (program_id, api_key_name, key, request_hash, created_at, expires_at)
                values (:p, :n, :k, :h, :now, :expires) on conflict do nothing
                """).param("p", caller.programId()).param("n", caller.keyName()).param("k", key).param("h", requestHash)
                .param("now", Sql.ts(now)).param("expires", Sql.ts(expiresAt)).update();
        if (inserted == 1) {
            return Optional.empty();
        }
        return jdbc.sql("""
                select request_hash, response_status, response_type, response_location, response_body
                  from idempotency_keys where program_id = :p and api_key_name = :n and key = :k
                """).param("p", caller.programId()).param("n", caller.keyName()).param("k", key)
                .query((rs, n) -> new Stored(rs.getString("request_hash"), (Integer) rs.getObject("response_status"),
                        rs.getString("response_type"), rs.getString("response_location"), rs.getBytes("response_body")))
                .optional();
    }

    void save(Caller caller, String key, int status, String contentType, String location, byte[] body) {
        jdbc.sql("""
                update idempotency_keys set response_status = :s, response_type = :t, response_location = :l, response_body = :b
                 where program_id = :p and api_key_name = :n and key = :k
                """).param("p", caller.programId()).param("n", caller.keyName()).param("k", key).param("s", status).param("t", contentType)
                .param("l", location).param("b", body).update();
    }

    int deleteExpired(Optional<String> programId, Instant now, int limit) {
        return jdbc.sql("""
                delete from idempotency_keys where ctid in (
                    select ctid from idempotency_keys where expires_at < :now and (:p::text is null or program_id = :p) limit :limit)
                """).param("now", Sql.ts(now)).param("p", programId.orElse(null)).param("limit", limit).update();
    }
}
