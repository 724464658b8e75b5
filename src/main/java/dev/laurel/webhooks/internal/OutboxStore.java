package dev.laurel.webhooks.internal;

import dev.laurel.platform.Sql;
import dev.laurel.webhooks.WebhookEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for the outbox. */
@Repository
public class OutboxStore {

    private static final String COLUMNS = """
            id, member_id, event_type, target, status, attempts, next_attempt_at, last_error, last_status, created_at, delivered_at, url
            """;
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;
    private final JsonMapper json;

    OutboxStore(JdbcClient jdbc, NamedParameterJdbcTemplate named, JsonMapper json) {
        this.jdbc = jdbc;
        this.named = named;
        this.json = json;
    }

    /** An event claimed for delivery: its program, ids, payload (as stored, and read) and how many attempts it has had. */
    public record Claimed(String programId, UUID id, String eventType, String target, String url, String payloadText,
            Map<String, Object> payload, int attempts) {}

    /** A delivery to write: to the subscription at {@code url}, {@code body} the event's JSON. */
    public record NewDelivery(UUID id, UUID memberId, String eventType, String url, String body) {}

    /** Writes subscribers' deliveries, one batch statement for all of them. */
    public void insertSubscriptions(String programId, List<NewDelivery> deliveries, Instant now) {
        if (deliveries.isEmpty()) {
            return;
        }
        named.batchUpdate("""
                insert into webhook_events (program_id, id, member_id, event_type, target, url, payload, status, next_attempt_at, created_at)
                values (:p, :id, :m, :type, 'SUBSCRIPTION', :url, :payload::json, 'QUEUED', :now, :now)
                """, deliveries.stream().map(d -> new MapSqlParameterSource().addValue("p", programId).addValue("id", d.id())
                .addValue("m", d.memberId()).addValue("type", d.eventType()).addValue("url", d.url()).addValue("payload", d.body())
                .addValue("now", Sql.ts(now))).toArray(MapSqlParameterSource[]::new));
    }

    public void insert(String programId, UUID id, UUID memberId, String eventType, String target, Map<String, Object> payload, Instant now) {
        jdbc.sql("""
                insert into webhook_events (program_id, id, member_id, event_type, target, payload, status, next_attempt_at, created_at)
                values (:p, :id, :m, :type, :target, :payload::json, 'QUEUED', :now, :now)
                """).param("p", programId).param("id", id).param("m", memberId).param("type", eventType).param("target", target)
                .param("payload", json.writeValueAsString(payload)).param("now", Sql.ts(now)).update();
    }

    /** Per program: how many events are queued and how many dead (each count from its partial index). */
    public Map<String, long[]> backlogs() {
        Map<String, long[]> backlogs = new LinkedHashMap<>();
        jdbc.sql("""
                select program_id, 0 as kind, count(*) as n from webhook_events where status = 'QUEUED' group by program_id
                union all
                select program_id, 1 as kind, count(*) as n from webhook_events where status = 'DEAD' group by program_id
                """).query(rs -> {
                    backlogs.computeIfAbsent(rs.getString("program_id"), p -> new long[2])[rs.getInt("kind")] = rs.getLong("n");
                });
        return backlogs;
    }

    /** Claims due events, leasing them until {@code leaseUntil} so no other node sends them meanwhile. */
    public List<Claimed> claimDue(Optional<String> programId, Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                update webhook_events e set next_attempt_at = :lease
                  from (select program_id, id from webhook_events
                         where status = 'QUEUED' and next_attempt_at <= :now and (:p::text is null or program_id = :p)
                         order by next_attempt_at limit :limit for update skip locked) due
                 where e.program_id = due.program_id and e.id = due.id
                returning e.program_id, e.id, e.event_type, e.target, e.url, e.payload::text as payload, e.attempts
                """).param("now", Sql.ts(now)).param("lease", Sql.ts(leaseUntil)).param("p", programId.orElse(null))
                .param("limit", limit)
                .query((rs, n) -> new Claimed(rs.getString("program_id"), rs.getObject("id", UUID.class), rs.getString("event_type"),
                        rs.getString("target"), rs.getString("url"), rs.getString("payload"), json.readValue(rs.getString("payload"), MAP),
                        rs.getInt("attempts")))
                .list();
    }

    public void delivered(String programId, UUID id, int status, Instant now) {
        jdbc.sql("""
                update webhook_events set status = 'DELIVERED', attempts = attempts + 1, last_status = :s, last_error = null,
                       delivered_at = :now where program_id = :p and id = :id
                """).param("p", programId).param("id", id).param("s", status).param("now", Sql.ts(now)).update();
    }

    public void failed(String programId, UUID id, Integer status, String error, Instant next, boolean dead) {
        jdbc.sql("""
                update webhook_events set attempts = attempts + 1, last_status = :s, last_error = :e, next_attempt_at = :next,
                       status = case when :dead then 'DEAD' else 'QUEUED' end
                 where program_id = :p and id = :id
                """).param("p", programId).param("id", id).param("s", status).param("e", error).param("next", Sql.ts(next))
                .param("dead", dead).update();
    }

    /** Not sent: nothing is configured to send it to yet. It waits without using an attempt. */
    public void waiting(String programId, UUID id, String reason, Instant next) {
        jdbc.sql("update webhook_events set last_error = :e, next_attempt_at = :next where program_id = :p and id = :id")
                .param("p", programId).param("id", id).param("e", reason).param("next", Sql.ts(next)).update();
    }

    public boolean redeliver(String programId, UUID id, Instant now) {
        return jdbc.sql("""
                update webhook_events set status = 'QUEUED', attempts = 0, next_attempt_at = :now, delivered_at = null
                 where program_id = :p and id = :id
                """).param("p", programId).param("id", id).param("now", Sql.ts(now)).update() == 1;
    }

    public Optional<WebhookEvent> find(String programId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from webhook_events where program_id = :p and id = :id")
                .param("p", programId).param("id", id).query(OutboxStore::event).optional();
    }

    public Optional<Map<String, Object>> payload(String programId, UUID id) {
        return jdbc.sql("select payload::text from webhook_events where program_id = :p and id = :id")
                .param("p", programId).param("id", id).query(String.class).optional().map(p -> json.readValue(p, MAP));
    }

    public List<WebhookEvent> list(String programId, String status, WebhookEvent before, int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource().addValue("p", programId).addValue("limit", limit);
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from webhook_events where program_id = :p");
        if (status != null) {
            sql.append(" and status = :status");
            params.addValue("status", status);
        }
        if (before != null) {
            sql.append(" and (created_at, id) < (:at, :id)");
            params.addValue("at", Sql.ts(before.createdAt())).addValue("id", before.id());
        }
        sql.append(" order by created_at desc, id desc limit :limit");
        return named.query(sql.toString(), params, OutboxStore::event);
    }

    public List<WebhookEvent> listForMember(String programId, UUID memberId, int limit) {
        return jdbc.sql("select " + COLUMNS + " from webhook_events where program_id = :p and member_id = :m order by created_at desc, id desc limit :limit")
                .param("p", programId).param("m", memberId).param("limit", limit).query(OutboxStore::event).list();
    }

    private static WebhookEvent event(ResultSet rs, int row) throws SQLException {
        return new WebhookEvent(rs.getObject("id", UUID.class), rs.getObject("member_id", UUID.class), rs.getString("event_type"),
                rs.getString("target"), rs.getString("status"), rs.getInt("attempts"), Sql.instant(rs, "next_attempt_at"),
                rs.getString("last_error"), (Integer) rs.getObject("last_status"), Sql.instant(rs, "created_at"),
                Sql.instant(rs, "delivered_at"), rs.getString("url"));
    }

    /** Drops {@code data.externalId} from the subscriber deliveries kept for an erased member. */
    public void forgetExternalId(String programId, UUID memberId) {
        jdbc.sql("""
                update webhook_events set payload = (payload::jsonb #- '{data,externalId}')::json
                 where program_id = :p and member_id = :m and target = 'SUBSCRIPTION' and jsonb_exists(payload::jsonb -> 'data', 'externalId')
                """).param("p", programId).param("m", memberId).update();
    }

    /** Deletes at most {@code limit} of the program's events delivered (and created) before {@code before}. */
    public int deleteDeliveredBefore(String programId, Instant before, int limit) {
        return jdbc.sql("""
                delete from webhook_events where program_id = :p and id in (
                    select id from webhook_events where program_id = :p and created_at < :before and status = 'DELIVERED'
                       and delivered_at < :before limit :limit)
                """).param("p", programId).param("before", Sql.ts(before)).param("limit", limit).update();
    }
}
