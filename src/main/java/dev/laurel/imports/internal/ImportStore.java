package dev.laurel.imports.internal;

import dev.laurel.imports.MemberImport;
import dev.laurel.imports.MemberImport.Message;
import dev.laurel.platform.Sql;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for member imports, their staged lines and messages, and the opening balances posted; all scoped by program. */
@Repository
public class ImportStore {

    private final JdbcClient jdbc;

    ImportStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A validated line of a file, waiting to be applied: the member's fields as JSON, and the opening balance if any. */
    public record Staged(int line, String externalId, String memberJson, Integer definitionId, Long balance, String tier) {}

    /** An opening balance to post once: the member, the definition, the line it came from and its points. */
    public record Opening(UUID memberId, int definitionId, int line, long points) {}

    public void insert(String programId, UUID id, String format, String receivedBy, Instant now) {
        jdbc.sql("""
                insert into member_imports (program_id, id, format, status, line_count, received_by, received_at, updated_at)
                values (:p, :id, :format, 'Queued', 0, :by, :now, :now)
                """).param("p", programId).param("id", id).param("format", format).param("by", receivedBy)
                .param("now", Sql.ts(now)).update();
    }

    public void stage(String programId, UUID id, List<Staged> lines) {
        if (lines.isEmpty()) {
            return;
        }
        jdbc.sql("""
                insert into member_import_lines (program_id, import_id, line, external_id, member, definition_id, balance, tier)
                select :p, :id, l.line, l.external_id, l.member::jsonb, l.definition_id, l.balance, l.tier
                  from unnest(:lines::integer[], :externalIds::text[], :members::text[], :definitions::integer[],
                              :balances::bigint[], :tiers::text[]) as l(line, external_id, member, definition_id, balance, tier)
                """).param("p", programId).param("id", id)
                .param("lines", lines.stream().map(Staged::line).toArray(Integer[]::new))
                .param("externalIds", lines.stream().map(Staged::externalId).toArray(String[]::new))
                .param("members", lines.stream().map(Staged::memberJson).toArray(String[]::new))
                .param("definitions", lines.stream().map(Staged::definitionId).toArray(Integer[]::new))
                .param("balances", lines.stream().map(Staged::balance).toArray(Long[]::new))
                .param("tiers", lines.stream().map(Staged::tier).toArray(String[]::new))
                .update();
    }

    /** Lines whose externalId an earlier line of the same file has: each with that earlier line's number, in line order. */
    public List<int[]> duplicates(String programId, UUID id, int limit) {
        return jdbc.sql("""
                select line, first_line from (
                    select line, min(line) over (partition by external_id) as first_line
                      from member_import_lines where program_id = :p and import_id = :id) d
                 where line <> first_line order by line limit :limit
                """).param("p", programId).param("id", id).param("limit", limit)
                .query((rs, n) -> new int[] {rs.getInt("line"), rs.getInt("first_line")}).list();
    }

    public long countDuplicates(String programId, UUID id) {
        return jdbc.sql("""
                select count(*) - count(distinct external_id) from member_import_lines where program_id = :p and import_id = :id
                """).param("p", programId).param("id", id).query(Long.class).single();
    }

    public void lineCount(String programId, UUID id, int lines) {
        jdbc.sql("update member_imports set line_count = :n where program_id = :p and id = :id")
                .param("p", programId).param("id", id).param("n", lines).update();
    }

    /** The oldest import still to apply that no other node holds, locked for this transaction: (program, id). */
    public Optional<Object[]> claimNext(Optional<String> programId) {
        return jdbc.sql("""
                select program_id, id from member_imports
                 where status in ('Queued', 'Processing') and (:p::text is null or program_id = :p)
                 order by received_at limit 1 for update skip locked
                """).param("p", programId.orElse(null))
                .query((rs, n) -> new Object[] {rs.getString("program_id"), rs.getObject("id", UUID.class)}).optional();
    }

    /** The first {@code limit} lines still staged, in line order. */
    public List<Staged> next(String programId, UUID id, int limit) {
        return jdbc.sql("""
                select line, external_id, member::text as member, definition_id, balance, tier from member_import_lines
                 where program_id = :p and import_id = :id order by line limit :limit
                """).param("p", programId).param("id", id).param("limit", limit)
                .query((rs, n) -> new Staged(rs.getInt("line"), rs.getString("external_id"), rs.getString("member"),
                        (Integer) rs.getObject("definition_id"), (Long) rs.getObject("balance"), rs.getString("tier"))).list();
    }

    public void unstage(String programId, UUID id, int throughLine) {
        jdbc.sql("delete from member_import_lines where program_id = :p and import_id = :id and line <= :line")
                .param("p", programId).param("id", id).param("line", throughLine).update();
    }

    /** Records the opening balances not recorded before (one statement); answers the lines it recorded. */
    public Set<Integer> recordOpenings(String programId, UUID importId, List<Opening> openings, Instant now) {
        if (openings.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("""
                insert into member_opening_balances (program_id, member_id, definition_id, import_id, line, points, recorded_at)
                select :p, o.member_id, o.definition_id, :importId, o.line, o.points, :now
                  from unnest(:members::uuid[], :definitions::integer[], :lines::integer[], :points::bigint[])
                       as o(member_id, definition_id, line, points)
                on conflict (program_id, member_id, definition_id) do nothing
                returning line
                """).param("p", programId).param("importId", importId).param("now", Sql.ts(now))
                .param("members", openings.stream().map(Opening::memberId).toArray(UUID[]::new))
                .param("definitions", openings.stream().map(Opening::definitionId).toArray(Integer[]::new))
                .param("lines", openings.stream().map(Opening::line).toArray(Integer[]::new))
                .param("points", openings.stream().map(Opening::points).toArray(Long[]::new))
                .query(Integer.class).list());
    }

    /** Forgets an opening balance recorded in this transaction whose posting the ledger refused: a later import may try again. */
    public void forgetOpening(String programId, UUID memberId, int definitionId) {
        jdbc.sql("delete from member_opening_balances where program_id = :p and member_id = :m and definition_id = :d")
                .param("p", programId).param("m", memberId).param("d", definitionId).update();
    }

    public void addMessages(String programId, UUID id, List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        jdbc.sql("""
                insert into member_import_messages (program_id, import_id, line, message)
                select :p, :id, m.line, m.message from unnest(:lines::integer[], :messages::text[]) as m(line, message)
                """).param("p", programId).param("id", id)
                .param("lines", messages.stream().map(Message::line).toArray(Integer[]::new))
                .param("messages", messages.stream().map(Message::message).toArray(String[]::new))
                .update();
    }

    public boolean hasMessages(String programId, UUID id) {
        return jdbc.sql("select exists (select 1 from member_import_messages where program_id = :p and import_id = :id)")
                .param("p", programId).param("id", id).query(Boolean.class).single();
    }

    /** What one chunk did, added to the import's counts. */
    public record Progress(int applied, int created, int existing, int balancesPosted, long pointsPosted, int balancesSkipped,
            int tiersSet) {}

    public void progress(String programId, UUID id, Progress p, String status, Instant now) {
        jdbc.sql("""
                update member_imports set applied = applied + :applied, members_created = members_created + :created,
                       members_existing = members_existing + :existing, balances_posted = balances_posted + :posted,
                       points_posted = points_posted + :points, balances_skipped = balances_skipped + :skipped,
                       tiers_set = tiers_set + :tiers, status = :status, updated_at = :now
                 where program_id = :p and id = :id
                """).param("p", programId).param("id", id).param("applied", p.applied()).param("created", p.created())
                .param("existing", p.existing()).param("posted", p.balancesPosted()).param("points", p.pointsPosted())
                .param("skipped", p.balancesSkipped()).param("tiers", p.tiersSet()).param("status", status)
                .param("now", Sql.ts(now)).update();
    }

    public Optional<MemberImport> find(String programId, UUID id, int messagesMax) {
        List<Message> messages = jdbc.sql("""
                select line, message from member_import_messages where program_id = :p and import_id = :id order by line limit :limit
                """).param("p", programId).param("id", id).param("limit", messagesMax)
                .query((rs, n) -> new Message(rs.getInt("line"), rs.getString("message"))).list();
        return jdbc.sql("""
                select i.*, (select count(*) from member_import_messages m where m.program_id = i.program_id and m.import_id = i.id)
                            as message_count
                  from member_imports i where i.program_id = :p and i.id = :id
                """).param("p", programId).param("id", id)
                .query((rs, n) -> new MemberImport(rs.getObject("id", UUID.class), rs.getString("format"), rs.getString("status"),
                        rs.getInt("line_count"), rs.getInt("applied"), rs.getInt("members_created"), rs.getInt("members_existing"),
                        rs.getInt("balances_posted"), rs.getLong("points_posted"), rs.getInt("balances_skipped"),
                        rs.getInt("tiers_set"), rs.getString("received_by"), Sql.instant(rs, "received_at"),
                        Sql.instant(rs, "updated_at"), rs.getLong("message_count"), messages)).optional();
    }
}
