package dev.laurel.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.Backends;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/imports} over HTTP: members with opening balances from NDJSON and CSV, applied by the sweep. */
class MemberImportApiTest extends IntegrationTest {

    private static final String NDJSON = "application/x-ndjson";
    private static final String CSV = "text/csv";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    private TestProgram program;
    private Api api;

    @BeforeEach
    void program() {
        program = newProgram();
        api = as(program);
    }

    @Test
    void an_ndjson_file_creates_its_members_with_their_opening_balances_attributes_and_tier() {
        String file = """
                {"externalId": "C-1", "email": "ada@example.com", "firstName": "Ada", "optedIn": true, "balance": 1200, "tier": "Silver", "attributes": {"store": "Boston"}}

                {"externalId": "C-2", "mobileNumber": "+1 508 995 9991", "balance": 300, "definitionId": 2}
                {"externalId": "C-3"}
                """;

        Response accepted = api.send("POST", "/v1/imports", file, NDJSON);

        assertThat(accepted.status()).as("%s", accepted).isEqualTo(202);
        String id = accepted.json().get("id").asString();
        assertThat(accepted.header("Location")).isEqualTo("/v1/imports/" + id);
        assertThat(accepted.json().get("status").asString()).isEqualTo("Queued");
        assertThat(accepted.json().get("lines").asInt()).isEqualTo(3);
        runJobs();
        JsonNode done = status(id);
        assertThat(done.get("status").asString()).isEqualTo("Completed");
        assertThat(done.get("applied").asInt()).isEqualTo(3);
        assertThat(done.get("membersCreated").asInt()).isEqualTo(3);
        assertThat(done.get("balancesPosted").asInt()).isEqualTo(2);
        assertThat(done.get("pointsPosted").asLong()).isEqualTo(1500);
        assertThat(done.get("tiersSet").asInt()).isEqualTo(1);
        assertThat(done.get("receivedBy").asString()).isNotBlank();
        JsonNode ada = member("C-1");
        assertThat(ada.get("email").asString()).isEqualTo("ada@example.com");
        assertThat(ada.get("attributes").get("store").asString()).isEqualTo("Boston");
        assertThat(balance(ada.get("id").asString(), 1)).isEqualTo(1200);
        assertThat(api.get("/v1/members/" + ada.get("id").asString() + "/tier").json().get("level").asString()).isEqualTo("Silver");
        String alan = member("C-2").get("id").asString();
        assertThat(member("C-2").get("mobileNumber").asString()).isEqualTo("+15089959991");
        assertThat(balance(alan, 2)).isEqualTo(300);
        JsonNode entry = api.get("/v1/members/" + alan + "/points-log").json().get("items").get(0);
        assertThat(entry.get("source").asString()).isEqualTo("Import");
        assertThat(entry.get("reference").asString()).isEqualTo("opening-balance:C-2");
        assertThat(verify()).isZero();
    }

    @Test
    void a_file_with_bad_lines_is_refused_whole_with_every_bad_line_named_by_its_number() {
        String file = """
                externalId,email,balance,optedIn,tier
                C-1,ada@example.com,100,true,Gold
                C-2,not-an-email,50,false,
                C-3,c3@example.com,lots,false,
                C-4,"c4@example.com,5,false,
                ,c5@example.com,1,false,
                C-1,again@example.com,1,false,
                C-7,c7@example.com,1,false,Platinum
                C-8,c8@example.com,1
                C-9,c9@example.com,7,maybe,
                """;

        Response refused = api.send("POST", "/v1/imports", file, CSV);

        assertThat(refused.status()).as("%s", refused).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("code").asString()).isEqualTo("invalid-import");
        List<String> fields = new ArrayList<>();
        refused.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactly("line 3.email", "line 4.balance", "line 5", "line 6.externalId", "line 7.externalId",
                "line 8.tier", "line 9", "line 10.optedIn");
        assertThat(refused.json().get("detail").asString()).startsWith("8 lines are wrong");
        assertThat(api.get("/v1/members?externalId=C-1").json().get("items")).isEmpty();

        Response duplicate = api.send("POST", "/v1/imports", "externalId,balance\nC-1,1\nC-2,2\nC-1,3\n", CSV);
        assertThat(duplicate.status()).as("%s", duplicate).isEqualTo(400);
        assertThat(duplicate.json().get("errors").get(0).get("field").asString()).isEqualTo("line 4.externalId");
        assertThat(duplicate.json().get("errors").get(0).get("message").asString()).isEqualTo("line 2 has the same externalId");
    }

    @Test
    void what_is_not_an_import_is_refused_with_a_problem() {
        assertThat(api.send("POST", "/v1/imports", "{\"externalId\": \"C-1\"}", "application/json").status()).isEqualTo(415);
        assertThat(api.send("POST", "/v1/imports", "", NDJSON).json().get("code").asString()).isEqualTo("invalid-import");
        assertThat(api.send("POST", "/v1/imports", "[1, 2]\n", NDJSON).json().get("errors").get(0).get("field").asString())
                .isEqualTo("line 1");
        Response badHeader = api.send("POST", "/v1/imports", "externalId,favouriteColour\nC-1,blue\n", CSV);
        assertThat(badHeader.status()).isEqualTo(400);
        assertThat(badHeader.json().get("errors").get(0).get("message").asString()).contains("unknown column 'favouriteColour'");
        assertThat(api.get("/v1/imports/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void importing_the_same_file_twice_changes_nothing_the_second_time() {
        StringBuilder file = new StringBuilder("externalId,firstName,balance\n");
        for (int i = 1; i <= 30; i++) {
            file.append("M-").append(i).append(",Name").append(i).append(',').append(i * 10).append('\n');
        }
        String first = submit(file.toString(), CSV);
        runJobs();
        assertThat(status(first).get("membersCreated").asInt()).isEqualTo(30);
        String memberId = member("M-7").get("id").asString();
        long entries = api.get("/v1/members/" + memberId + "/points-log").json().get("items").size();

        String second = submit(file.toString(), CSV);
        runJobs();

        JsonNode again = status(second);
        assertThat(again.get("status").asString()).isEqualTo("Completed");
        assertThat(again.get("membersCreated").asInt()).isZero();
        assertThat(again.get("membersExisting").asInt()).isEqualTo(30);
        assertThat(again.get("balancesPosted").asInt()).isZero();
        assertThat(again.get("balancesAlreadyPosted").asInt()).isEqualTo(30);
        assertThat(api.get("/v1/members?externalId=M-7").json().get("items")).hasSize(1);
        assertThat(balance(memberId, 1)).isEqualTo(70);
        assertThat(api.get("/v1/members/" + memberId + "/points-log").json().get("items").size()).isEqualTo(entries);
        assertThat(verify()).isZero();
    }

    @Test
    void a_chunk_cut_off_mid_job_is_applied_whole_by_the_next_run() throws Exception {
        // A member who exists already, with an account: the import's second chunk posts to it, and it is held.
        String held = api.post("/v1/members", "{\"externalId\": \"R-1200\"}").json().get("id").asString();
        assertThat(api.post("/v1/members/" + held + "/adjustments", "{\"definitionId\": 1, \"amount\": 5, \"description\": \"Before the move\","
                + " \"source\": \"Manual\", \"userId\": \"c23f28cb-d62d-42cf-9d11-b919198409ea\", \"userName\": \"Jimmy User\"}").status()).isEqualTo(201);
        StringBuilder file = new StringBuilder();
        for (int i = 1; i <= 1500; i++) {
            file.append("{\"externalId\": \"R-").append(i).append("\", \"balance\": ").append(i).append("}\n");
        }
        String id = submit(file.toString(), NDJSON);

        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            lockAccount(holder, program.id(), held);
            CompletableFuture<Response> run = CompletableFuture.supplyAsync(() -> api.post("/v1/admin/jobs/run", ""));
            Backends.terminate(jdbc, Backends.awaitBlocked(jdbc, "point_accounts", Duration.ofSeconds(30)));
            holder.rollback();
            JsonNode cutOff = sweep(run.get(60, TimeUnit.SECONDS), "member-import");
            assertThat(cutOff.has("error")).as("the sweep says it was cut off: %s", cutOff).isTrue();
        }
        JsonNode midway = status(id);
        assertThat(midway.get("status").asString()).isEqualTo("Processing");
        assertThat(midway.get("applied").asInt()).isEqualTo(1000);

        runJobs();

        JsonNode done = status(id);
        assertThat(done.get("status").asString()).isEqualTo("Completed");
        assertThat(done.get("applied").asInt()).isEqualTo(1500);
        assertThat(done.get("membersCreated").asInt()).isEqualTo(1499);
        assertThat(done.get("membersExisting").asInt()).isEqualTo(1);
        assertThat(done.get("balancesPosted").asInt()).isEqualTo(1500);
        assertThat(balance(held, 1)).isEqualTo(1205);
        assertThat(balance(member("R-1500").get("id").asString(), 1)).isEqualTo(1500);
        assertThat(jdbc.sql("select count(*) from members where program_id = :p").param("p", program.id()).query(Long.class).single())
                .isEqualTo(1500);
        assertThat(verify()).isZero();
    }

    @Test
    void another_programs_import_is_not_found() {
        String id = submit("{\"externalId\": \"X-1\", \"balance\": 10}\n", NDJSON);
        TestProgram other = newProgram();

        assertThat(as(other).get("/v1/imports/" + id).status()).isEqualTo(404);
        as(other).post("/v1/admin/jobs/run", "");
        assertThat(status(id).get("status").asString()).isEqualTo("Queued");
        runJobs();
        assertThat(status(id).get("status").asString()).isEqualTo("Completed");
        assertThat(as(other).get("/v1/members?externalId=X-1").json().get("items")).isEmpty();
        assertThat(api.send("POST", "/v1/imports", "{\"externalId\": \"X-2\"}\n", NDJSON)
                .status()).isEqualTo(202);
        assertThat(api().key(program.partnerKey()).send("POST", "/v1/imports", "{\"externalId\": \"X-3\"}\n", NDJSON).status())
                .isEqualTo(403);
    }

    @Test
    void the_served_document_describes_the_import_export_and_erasure_with_examples() {
        JsonNode paths = api().get("/v3/api-docs").json().get("paths");

        JsonNode upload = paths.path("/v1/imports").path("post");
        assertThat(upload.path("operationId").asString()).isEqualTo("importMembers");
        assertThat(upload.path("description").asString()).contains("line N.field", "512 MiB");
        assertThat(example(upload.path("requestBody").path("content").path("application/x-ndjson"))).contains("\"externalId\"");
        assertThat(example(upload.path("requestBody").path("content").path("text/csv"))).startsWith("externalId,");
        assertThat(paths.path("/v1/imports/{id}").path("get").path("operationId").asString()).isEqualTo("getImport");
        assertThat(paths.path("/v1/members/{id}").path("delete").path("operationId").asString()).isEqualTo("eraseMember");
        assertThat(paths.path("/v1/members/{id}/export").path("get").path("operationId").asString()).isEqualTo("exportMember");
    }

    private static String example(JsonNode content) {
        assertThat(content.isMissingNode()).isFalse();
        JsonNode example = content.path("example");
        if (example.isMissingNode()) {
            example = content.path("examples").values().iterator().next().path("value");
        }
        return example.asString();
    }

    // ---------------------------------------------------------------- helpers

    private String submit(String file, String contentType) {
        Response r = api.send("POST", "/v1/imports", file, contentType);
        assertThat(r.status()).as("%s", r).isEqualTo(202);
        return r.json().get("id").asString();
    }

    private JsonNode status(String id) {
        Response r = api.get("/v1/imports/" + id);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    private void runJobs() {
        Response r = api.post("/v1/admin/jobs/run", "");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(sweep(r, "member-import").has("error")).as("%s", r).isFalse();
    }

    private static JsonNode sweep(Response jobs, String name) {
        assertThat(jobs.status()).as("%s", jobs).isEqualTo(200);
        for (JsonNode s : jobs.json().get("sweeps")) {
            if (s.get("name").asString().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no sweep " + name + " in " + jobs);
    }

    private JsonNode member(String externalId) {
        JsonNode items = api.get("/v1/members?externalId=" + externalId).json().get("items");
        assertThat(items).as("members with externalId %s", externalId).hasSize(1);
        return items.get(0);
    }

    private long balance(String member, int definitionId) {
        for (JsonNode account : api.get("/v1/members/" + member + "/point-accounts").json()) {
            if (account.get("definitionId").asInt() == definitionId) {
                return account.get("balance").asLong();
            }
        }
        throw new AssertionError("no account of definition " + definitionId + " for " + member);
    }

    private long verify() {
        return api.get("/v1/admin/ledger/verify").json().get("mismatches").asLong();
    }

    private static void lockAccount(Connection connection, String programId, String memberId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "select 1 from point_accounts where program_id = ? and member_id = ?::uuid and definition_id = 1 for update")) {
            lock.setString(1, programId);
            lock.setString(2, memberId);
            lock.executeQuery().close();
        }
    }
}
