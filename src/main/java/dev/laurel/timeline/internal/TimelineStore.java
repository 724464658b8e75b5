package dev.laurel.timeline.internal;

import dev.laurel.platform.Sql;
import dev.laurel.platform.WriteBehind;
import dev.laurel.timeline.TimelineEvent;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for timeline events. */
@Repository
public class TimelineStore {

    static final String COLUMNS = "id, member_id, type, occurred_at, recorded_at, attributes::text as attributes, event_id, origin";
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final WriteBehind writes;
    private final NamedParameterJdbcTemplate named;
    private final JsonMapper json;

    TimelineStore(JdbcClient jdbc, WriteBehind writes, NamedParameterJdbcTemplate named, JsonMapper json) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.named = named;
        this.json = json;
    }

    /** False when an event with the same eventId is already there (nothing is written then). */
    public boolean insert(String programId, TimelineEvent e) {
        return jdbc.sql("""
                insert into timeline_events (program_id, member_id, id, type, occurred_at, recorded_at, attributes, event_id, origin)
                values (:p, :m, :id, :type, :occurred, :recorded, :attributes::jsonb, :eventId, :origin)
                on conflict do nothing
                """).param("p", programId).param("m", e.memberId()).param("id", e.id()).param("type", e.type())
                .param("occurred", Sql.ts(e.occurredAt())).param("recorded", Sql.ts(e.recordedAt()))
                .param("attributes", json.writeValueAsString(e.attributes())).param("eventId", e.eventId())
                .param("origin", e.origin()).update() == 1;
    }

    /** Appends many events in one statement (their rows as arrays through unnest). */
    public List<TimelineEvent> insertAll(String programId, List<TimelineEvent> events) {
        if (events.isEmpty()) {
            return events;
        }
        writes.update("""
                insert into timeline_events (program_id, member_id, id, type, occurred_at, recorded_at, attributes, event_id, origin)
                select :p, e.m, e.id, e.type, e.occurred, e.recorded, e.attributes::jsonb, e.event_id, e.origin
                  from unnest(:m::uuid[], :id::uuid[], :type::text[], :occurred::timestamptz[], :recorded::timestamptz[],
                              :attributes::text[], :eventId::text[], :origin::text[])
                       as e(m, id, type, occurred, recorded, attributes, event_id, origin)
                """, new MapSqlParameterSource().addValue("p", programId)
                .addValue("m", Sql.column(events, TimelineEvent::memberId, UUID[]::new))
                .addValue("id", Sql.column(events, TimelineEvent::id, UUID[]::new))
                .addValue("type", Sql.column(events, TimelineEvent::type, String[]::new))
                .addValue("occurred", Sql.column(events, e -> Sql.text(e.occurredAt()), String[]::new))
                .addValue("recorded", Sql.column(events, e -> Sql.text(e.recordedAt()), String[]::new))
                .addValue("attributes", Sql.column(events, e -> json.writeValueAsString(e.attributes()), String[]::new))
                .addValue("eventId", Sql.column(events, TimelineEvent::eventId, String[]::new))
                .addValue("origin", Sql.column(events, TimelineEvent::origin, String[]::new))
                .getValues());
        return events;
    }

    /**
     * A member's events newest first: of {@code types} (all when empty), not before {@code since}
     * (if given), after the cursor position (if given); one more than {@code limit} to tell if there is more.
     */
    public List<TimelineEvent> page(String programId, UUID memberId, List<String> types, Instant since,
            Instant beforeAt, UUID beforeId, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from timeline_events where program_id = :p and member_id = :m");
        var params = new MapSqlParameterSource().addValue("p", programId).addValue("m", memberId)
                .addValue("limit", limit + 1);
        if (!types.isEmpty()) {
            sql.append(" and type = any(:types::text[])");
            params.addValue("types", types.toArray(String[]::new));
        }
        if (since != null) {
            sql.append(" and occurred_at >= :since");
            params.addValue("since", Sql.ts(since));
        }
        if (beforeAt != null) {
            sql.append(" and (occurred_at, id) < (:at, :id)");
            params.addValue("at", Sql.ts(beforeAt)).addValue("id", beforeId);
        }
        sql.append(" order by occurred_at desc, id desc limit :limit");
        return named.query(sql.toString(), params, this::event);
    }

    /** How many events of a type a member had in [from, to), and the sum of one numeric attribute of them. */
    public BigDecimal[] countAndSum(String programId, UUID memberId, String type, Instant from, Instant to,
            String sumAttribute) {
        return jdbc.sql("""
                select count(*) as n,
                       coalesce(sum(case when jsonb_typeof(attributes -> :attr) = 'number' then (attributes ->> :attr)::numeric
                                         when jsonb_typeof(attributes -> :attr) = 'string' and (attributes ->> :attr) ~ '^-?[0-9]+([.][0-9]+)?$'
                                         then (attributes ->> :attr)::numeric end), 0) as total
                  from timeline_events
                 where program_id = :p and member_id = :m and type = :type and occurred_at >= :from and occurred_at < :to
                """).param("p", programId).param("m", memberId).param("type", type).param("from", Sql.ts(from)).param("to", Sql.ts(to))
                .param("attr", sumAttribute == null ? "" : sumAttribute)
                .query((rs, n) -> new BigDecimal[] {rs.getBigDecimal("n"), rs.getBigDecimal("total")}).single();
    }

    public Optional<TimelineEvent> findByEventId(String programId, UUID memberId, String eventId) {
        return jdbc.sql("select " + COLUMNS + " from timeline_events where program_id = :p and member_id = :m and event_id = :e")
                .param("p", programId).param("m", memberId).param("e", eventId).query(this::event).optional();
    }

    TimelineEvent event(ResultSet rs, int row) throws SQLException {
        return new TimelineEvent(rs.getObject("id", UUID.class), rs.getObject("member_id", UUID.class), rs.getString("type"),
                Sql.instant(rs, "occurred_at"), Sql.instant(rs, "recorded_at"), json.readValue(rs.getString("attributes"), MAP),
                rs.getString("event_id"), rs.getString("origin"));
    }

    public void clearSentAttributes(String programId, UUID memberId) {
        jdbc.sql("""
                update timeline_events set attributes = '{}'::jsonb
                 where program_id = :p and member_id = :m and origin = 'API' and attributes <> '{}'::jsonb
                """).param("p", programId).param("m", memberId).update();
    }
}
