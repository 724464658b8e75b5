package dev.laurel.sync.internal;

import dev.laurel.platform.Sql;
import dev.laurel.sync.BalanceImport;
import dev.laurel.sync.BalanceImport.Message;
import dev.laurel.sync.BalanceImportSummary;
import dev.laurel.sync.BalanceSyncs;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for balance imports and their messages. */
@Repository
public class BalanceImportStore {

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;

    BalanceImportStore(JdbcClient jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.named = named;
    }

    /** A claimed import: its program, id, items as JSON and how many are applied already. */
    public record Claimed(String programId, UUID id, String items, int count, int applied) {}

    public void insert(String programId, UUID id, String itemsJson, int count, Instant now) {
        jdbc.sql("""
                insert into balance_imports (program_id, id, status, items, item_count, received_at, updated_at)
                values (:p, :id, 'Queued', :items::jsonb, :count, :now, :now)
                """).param("p", programId).param("id", id).param("items", itemsJson).param("count", count)
                .param("now", Sql.ts(now)).update();
    }

    /** Per program: imports queued or part-applied, and the oldest one's receipt (the due index's rows only). */
    public Map<String, BalanceSyncs.Backlog> backlogs() {
        Map<String, BalanceSyncs.Backlog> backlogs = new HashMap<>();
        jdbc.sql("""
                select program_id, count(*) as waiting, min(received_at) as oldest from balance_imports
                 where status in ('Queued', 'Processing') group by program_id
                """).query(rs -> {
                    backlogs.put(rs.getString("program_id"), new BalanceSyncs.Backlog(rs.getLong("waiting"), Sql.instant(rs, "oldest")));
                });
        return backlogs;
    }

    /** The oldest import still to apply that no other node holds, locked for this transaction. */
    public Optional<Claimed> claimNext(Optional<String> programId) {
        return jdbc.sql("""
                select program_id, id, items::text as items, item_count, applied from balance_imports
                 where status in ('Queued', 'Processing') and (:p::text is null or program_id = :p)
                 order by received_at limit 1 for update skip locked
                """).param("p", programId.orElse(null))
                .query((rs, n) -> new Claimed(rs.getString("program_id"), rs.getObject("id", UUID.class), rs.getString("items"),
                        rs.getInt("item_count"), rs.getInt("applied"))).optional();
    }

    public void progress(String programId, UUID id, int applied, String status, Instant now) {
        jdbc.sql("update balance_imports set applied = :applied, status = :status, updated_at = :now where program_id = :p and id = :id")
                .param("p", programId).param("id", id).param("applied", applied).param("status", status).param("now", Sql.ts(now)).update();
    }

    public boolean hasMessages(String programId, UUID id) {
        return jdbc.sql("select exists (select 1 from balance_import_messages where program_id = :p and import_id = :id)")
                .param("p", programId).param("id", id).query(Boolean.class).single();
    }

    public void addMessages(String programId, UUID id, List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        SqlParameterSource[] batch = messages.stream().map(m -> new MapSqlParameterSource().addValue("p", programId)
                .addValue("id", id).addValue("seq", m.itemIndex()).addValue("item", m.itemIndex())
                .addValue("message", m.message()).addValue("at", Sql.ts(m.timeStamp()))).toArray(SqlParameterSource[]::new);
        named.batchUpdate("""
                insert into balance_import_messages (program_id, import_id, seq, item_index, message, time_stamp)
                values (:p, :id, :seq, :item, :message, :at)
                """, batch);
    }

    public List<BalanceImportSummary> recent(String programId, int limit) {
        return jdbc.sql("""
                select i.id, i.status, i.item_count, i.applied, i.received_at, i.updated_at,
                       (select count(*) from balance_import_messages m where m.program_id = i.program_id and m.import_id = i.id) as messages
                  from balance_imports i where i.program_id = :p order by i.received_at desc limit :limit
                """).param("p", programId).param("limit", limit)
                .query((rs, n) -> new BalanceImportSummary(rs.getObject("id", UUID.class), rs.getString("status"),
                        rs.getInt("item_count"), rs.getInt("applied"), Sql.instant(rs, "received_at"), Sql.instant(rs, "updated_at"),
                        rs.getInt("messages"))).list();
    }

    public Optional<BalanceImport> find(String programId, UUID id) {
        List<Message> messages = jdbc.sql("""
                select item_index, message, time_stamp from balance_import_messages
                 where program_id = :p and import_id = :id order by seq
                """).param("p", programId).param("id", id)
                .query((rs, n) -> new Message(rs.getInt("item_index"), rs.getString("message"), Sql.instant(rs, "time_stamp"))).list();
        return jdbc.sql("select id, status, item_count, applied, received_at, updated_at from balance_imports where program_id = :p and id = :id")
                .param("p", programId).param("id", id)
                .query((rs, n) -> new BalanceImport(rs.getObject("id", UUID.class), rs.getString("status"), rs.getInt("item_count"),
                        rs.getInt("applied"), Sql.instant(rs, "received_at"), Sql.instant(rs, "updated_at"), messages))
                .optional();
    }
}
