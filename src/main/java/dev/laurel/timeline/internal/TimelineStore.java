package dev.laurel.timeline.internal;

import dev.laurel.platform.Sql;
import dev.laurel.timeline.TimelineEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.UUID;
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
    private final JsonMapper json;

    TimelineStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
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

    public Optional<TimelineEvent> findByEventId(String programId, UUID memberId, String eventId) {
        return jdbc.sql("select " + COLUMNS + " from timeline_events where program_id = :p and member_id = :m and event_id = :e")
                .param("p", programId).param("m", memberId).param("e", eventId).query(this::event).optional();
    }

    public Optional<TimelineEvent> find(String programId, UUID memberId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from timeline_events where program_id = :p and member_id = :m and id = :id")
                .param("p", programId).param("m", memberId).param("id", id).query(this::event).optional();
    }

    TimelineEvent event(ResultSet rs, int row) throws SQLException {
        return new TimelineEvent(rs.getObject("id", UUID.class), rs.getObject("member_id", UUID.class), rs.getString("type"),
                Sql.instant(rs, "occurred_at"), Sql.instant(rs, "recorded_at"), json.readValue(rs.getString("attributes"), MAP),
                rs.getString("event_id"), rs.getString("origin"));
    }
}
