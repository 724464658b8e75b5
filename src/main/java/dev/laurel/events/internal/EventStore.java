package dev.laurel.events.internal;

import dev.laurel.events.ProgramEvent;
import dev.laurel.platform.Sql;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** SQL for the program's events. */
@Repository
public class EventStore {

    private final NamedParameterJdbcTemplate named;

    EventStore(NamedParameterJdbcTemplate named) {
        this.named = named;
    }

    /** Writes events, one batch statement for all of them. */
    public void insertAll(String programId, List<ProgramEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        named.batchUpdate("""
                insert into program_events (program_id, id, type, member_id, recorded_at, body)
                values (:p, :id, :type, :m, :at, :body::json)
                """, events.stream().map(e -> new MapSqlParameterSource().addValue("p", programId).addValue("id", e.id())
                .addValue("type", e.type()).addValue("m", e.memberId()).addValue("at", Sql.ts(e.recordedAt())).addValue("body", e.body()))
                .toArray(MapSqlParameterSource[]::new));
    }

    /**
     * The program's events recorded after the position ({@code afterAt}, {@code afterId}) and no later than
     * {@code until}, oldest first, optionally of one type.
     */
    public List<ProgramEvent> page(String programId, String type, Instant afterAt, UUID afterId, Instant until, int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource().addValue("p", programId).addValue("until", Sql.ts(until))
                .addValue("limit", limit);
        StringBuilder sql = new StringBuilder("""
                select id, type, member_id, recorded_at, body::text as body from program_events
                 where program_id = :p and recorded_at <= :until""");
        if (type != null) {
            sql.append(" and type = :type");
            params.addValue("type", type);
        }
        if (afterAt != null) {
            sql.append(" and (recorded_at, id) > (:at, :id)");
            params.addValue("at", Sql.ts(afterAt)).addValue("id", afterId);
        }
        sql.append(" order by recorded_at, id limit :limit");
        return named.query(sql.toString(), params, (rs, n) -> new ProgramEvent(rs.getObject("id", UUID.class), rs.getString("type"),
                rs.getObject("member_id", UUID.class), Sql.instant(rs, "recorded_at"), rs.getString("body")));
    }

    /** Drops the field that holds an erased member's personal data ({@code data.externalId}) from their stored events. */
    public void forgetPersonalData(String programId, UUID memberId) {
        named.update("""
                update program_events set body = (body::jsonb #- '{data,externalId}')::json
                 where program_id = :p and member_id = :m and jsonb_exists(body::jsonb -> 'data', 'externalId')
                """, new MapSqlParameterSource("p", programId).addValue("m", memberId));
    }

    /** The programs there are, for a sweep over all of them. */
    List<String> programIds() {
        return named.getJdbcTemplate().queryForList("select id from programs order by id", String.class);
    }

    /** Deletes at most {@code limit} of the program's listed events recorded before {@code before}; returns how many. */
    int deleteListedBefore(String programId, Instant before, int limit) {
        return named.update("""
                delete from program_events where program_id = :p and id in (
                    select id from program_events where program_id = :p and recorded_at < :before limit :limit)
                """, new MapSqlParameterSource("p", programId).addValue("before", Sql.ts(before)).addValue("limit", limit));
    }

}
