package dev.laurel.programs.internal;

import dev.laurel.platform.Sql;
import dev.laurel.programs.Caller;
import dev.laurel.programs.Program.ApiKeySpec;
import dev.laurel.programs.ProgramDocuments;
import dev.laurel.programs.ProgramRevision;
import dev.laurel.programs.Scope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** SQL for programs, their revisions and their API keys. */
@Repository
public class ProgramStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public record StoredProgram(String id, int revision, ObjectNode document, String fingerprint, Instant updatedAt) {}

    ProgramStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Locks the program's row for this transaction, creating it (at revision 0) if it is new. */
    public StoredProgram lockOrCreate(String id, String name, Instant now) {
        jdbc.sql("""
                insert into programs (id, name, revision, document, fingerprint, created_at, updated_at)
                values (:id, :name, 0, '{}'::jsonb, '', :now, :now)
                on conflict (id) do nothing
                """).param("id", id).param("name", name).param("now", Sql.ts(now)).update();
        return jdbc.sql("select id, revision, document::text as document, fingerprint, updated_at from programs where id = :id for update")
                .param("id", id).query(this::stored).single();
    }

    public Optional<Integer> revision(String id) {
        return jdbc.sql("select revision from programs where id = :id and revision > 0")
                .param("id", id).query(Integer.class).optional();
    }

    public Optional<StoredProgram> find(String id) {
        return jdbc.sql("select id, revision, document::text as document, fingerprint, updated_at from programs where id = :id and revision > 0")
                .param("id", id).query(this::stored).optional();
    }

    public void update(String id, String name, int revision, ObjectNode document, String fingerprint, Instant now) {
        jdbc.sql("""
                update programs set name = :name, revision = :revision, document = :document::jsonb,
                       fingerprint = :fingerprint, updated_at = :now
                where id = :id
                """).param("id", id).param("name", name).param("revision", revision)
                .param("document", json.writeValueAsString(document)).param("fingerprint", fingerprint)
                .param("now", Sql.ts(now)).update();
    }

    public void addRevision(String id, int revision, ObjectNode document, String fingerprint, String source, String sourceName, Instant now) {
        jdbc.sql("""
                insert into program_revisions (program_id, revision, document, fingerprint, source, source_name, applied_at)
                values (:id, :revision, :document::jsonb, :fingerprint, :source, :sourceName, :now)
                """).param("id", id).param("revision", revision).param("document", json.writeValueAsString(document))
                .param("fingerprint", fingerprint).param("source", source).param("sourceName", sourceName)
                .param("now", Sql.ts(now)).update();
    }

    /** The latest revisions, newest first, each with what it changed from the one before (one query for all). */
    public List<ProgramRevision> revisions(String id, int limit) {
        record Row(int revision, Instant appliedAt, String source, String sourceName, String fingerprint, ObjectNode document) {}
        List<Row> rows = jdbc.sql("""
                select revision, applied_at, source, source_name, fingerprint, document::text as document from program_revisions
                where program_id = :id order by revision desc limit :limit
                """).param("id", id).param("limit", limit + 1)
                .query((rs, n) -> new Row(rs.getInt("revision"), Sql.instant(rs, "applied_at"), rs.getString("source"),
                        rs.getString("source_name"), rs.getString("fingerprint"), (ObjectNode) json.readTree(rs.getString("document"))))
                .list();
        List<ProgramRevision> revisions = new ArrayList<>();
        for (int i = 0; i < Math.min(rows.size(), limit); i++) {
            Row r = rows.get(i);
            List<String> changed = r.revision() == 1 ? List.of("(the first revision)")
                    : i + 1 < rows.size() ? ProgramDocuments.changes(rows.get(i + 1).document(), r.document())
                    : List.of();
            revisions.add(new ProgramRevision(r.revision(), r.appliedAt(), r.source(), r.sourceName(), r.fingerprint(), changed));
        }
        return revisions;
    }

    /** The hashes among {@code hashes} that keys of other programs already use. */
    public List<String> keysUsedElsewhere(String id, List<String> hashes) {
        return jdbc.sql("select key_hash from api_keys where key_hash = any(:hashes) and program_id <> :id")
                .param("hashes", hashes.toArray(String[]::new)).param("id", id).query(String.class).list();
    }

    /** Replaces the program's keys with the document's: one delete, one insert for all of them. */
    public void replaceKeys(String id, List<ApiKeySpec> keys) {
        jdbc.sql("delete from api_keys where program_id = :id").param("id", id).update();
        jdbc.sql("""
                insert into api_keys (program_id, name, key_hash, scopes)
                select :id, k.name, k.hash, string_to_array(k.scopes, ',')
                from unnest(:names::text[], :hashes::text[], :scopes::text[]) as k(name, hash, scopes)
                """).param("id", id)
                .param("names", keys.stream().map(ApiKeySpec::name).toArray(String[]::new))
                .param("hashes", keys.stream().map(ApiKeySpec::secretSha256).toArray(String[]::new))
                .param("scopes", keys.stream().map(k -> String.join(",", k.scopes().stream().map(Scope::wire).sorted().toList()))
                        .toArray(String[]::new))
                .update();
    }

    public Optional<Caller> findKey(String hash) {
        return jdbc.sql("select program_id, name, array_to_string(scopes, ',') as scopes from api_keys where key_hash = :hash")
                .param("hash", hash)
                .query((rs, n) -> new Caller(rs.getString("program_id"), rs.getString("name"), scopes(rs.getString("scopes"))))
                .optional();
    }

    private static Set<Scope> scopes(String csv) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        Arrays.stream(csv.split(",")).map(Scope::fromWire).flatMap(Optional::stream).forEach(scopes::add);
        return scopes;
    }

    private StoredProgram stored(ResultSet rs, int row) throws SQLException {
        return new StoredProgram(rs.getString("id"), rs.getInt("revision"),
                (ObjectNode) json.readTree(rs.getString("document")), rs.getString("fingerprint"), Sql.instant(rs, "updated_at"));
    }

    public List<String> idsWithSection(String section, int limit) {
        return jdbc.sql("select id from programs where revision > 0 and (document -> :section) is not null order by id limit :limit")
                .param("section", section).param("limit", limit).query(String.class).list();
    }

    public List<String> idsMatching(String jsonPath, int limit) {
        return jdbc.sql("select id from programs where revision > 0 and jsonb_path_exists(document, cast(:path as jsonpath)) order by id limit :limit")
                .param("path", jsonPath).param("limit", limit).query(String.class).list();
    }
}
