package dev.laurel.earning.internal;

import dev.laurel.platform.Sql;
import dev.laurel.platform.WriteBehind;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for adjustments' internal notes (table adjustment_notes). */
@Repository
public class AdjustmentNoteStore {

    private final JdbcClient jdbc;
    private final WriteBehind writes;

    AdjustmentNoteStore(JdbcClient jdbc, WriteBehind writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    public record Row(UUID memberId, UUID entryId, String note) {}

    /** The notes of adjustments committed together, in one statement. */
    public void insertAll(String programId, List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        writes.update("""
                insert into adjustment_notes (program_id, member_id, entry_id, note)
                select :p, r.m, r.e, r.n from unnest(:m::uuid[], :e::uuid[], :n::text[]) as r(m, e, n)
                """, Map.of("p", programId,
                "m", Sql.column(rows, Row::memberId, UUID[]::new),
                "e", Sql.column(rows, Row::entryId, UUID[]::new),
                "n", Sql.column(rows, Row::note, String[]::new)));
    }

    /** The notes of those of {@code entryIds} that have one, by entry id. */
    public Map<UUID, String> of(String programId, UUID memberId, Collection<UUID> entryIds) {
        Map<UUID, String> notes = new HashMap<>();
        if (entryIds.isEmpty()) {
            return notes;
        }
        jdbc.sql("select entry_id, note from adjustment_notes where program_id = :p and member_id = :m and entry_id = any(:e::uuid[])")
                .param("p", programId).param("m", memberId).param("e", entryIds.toArray(UUID[]::new))
                .query((rs, n) -> notes.put(rs.getObject("entry_id", UUID.class), rs.getString("note"))).list();
        return notes;
    }
}
