package dev.laurel.sync;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A balance import over HTTP when things go wrong while it is applied: a chunk cut off by a lost database connection
 * is applied whole on the next run, with nothing reported; an item that cannot be applied is reported alone, and the
 * rest of its chunk applies.
 */
class BalanceImportRecoveryTest extends IntegrationTest {

    private static final Instant BASE = Instant.parse("2024-03-01T00:00:00Z");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void a_chunk_cut_off_by_a_lost_connection_stays_due_and_the_next_run_applies_all_of_it_with_nothing_reported() throws Exception {
        TestProgram program = newProgram(TestProgram.POINT_FOLLOWER);
        Api api = as(program);
        List<String> members = members(api, 40);
        String held = members.get(39);
        // The held member's account exists (a lock can be taken on it) and appears only in the import's second chunk.
        String first = submit(api, List.of(item(held, 1, BASE.minusSeconds(60))));
        runJobs(api);
        assertThat(status(api, first).get("status").asString()).isEqualTo("Completed");
        IntFunction<String> memberOf = i -> i < 1000 ? members.get(i % 39) : members.get(i % 40);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            items.add(item(memberOf.apply(i), i + 1, BASE.plusSeconds(i)));
        }
        String id = submit(api, items);

        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            lockAccount(holder, program.id(), held);
            CompletableFuture<Response> run = CompletableFuture.supplyAsync(() -> api.post("/v1/admin/jobs/run", ""));
            Backends.terminate(jdbc, Backends.awaitBlocked(jdbc, "point_accounts", Duration.ofSeconds(20)));
            holder.rollback();
            JsonNode cutOff = sweep(run.get(30, TimeUnit.SECONDS), "balance-sync");
            assertThat(cutOff.has("error")).as("the sweep says it was cut off: %s", cutOff).isTrue();
        }

        JsonNode midway = status(api, id);
        assertThat(midway.get("status").asString()).isEqualTo("Processing");
        assertThat(midway.get("messages")).isEmpty();
        assertThat(applied(program, id)).isEqualTo(1000);

        runJobs(api);

        JsonNode done = status(api, id);
        assertThat(done.get("status").asString()).isEqualTo("Completed");
        assertThat(done.get("messages")).isEmpty();
        Map<String, Long> expected = lastAmounts(items.size(), memberOf);
        expected.forEach((member, amount) -> assertThat(balance(api, member)).as("balance of %s", member).isEqualTo(amount));
        assertThat(api.get("/v1/admin/ledger/verify").json().get("mismatches").asLong()).isZero();
    }

    @Test
    void an_item_that_cannot_be_applied_is_reported_alone_and_the_rest_of_its_chunk_applies() {
        TestProgram program = newProgram(TestProgram.POINT_FOLLOWER);
        Api api = as(program);
        List<String> members = members(api, 60);
        IntFunction<String> memberOf = i -> members.get(i % 60);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            items.add(item(memberOf.apply(i), i + 1, BASE.plusSeconds(i)));
        }
        String id = submit(api, items);
        // Stored as an import accepted before Laurel bounded dates and amounts at the door would have stored them.
        jdbc.sql("""
                update balance_imports
                   set items = jsonb_set(jsonb_set(items, '{500,timeStamp}', '"+300000-01-01T00:00:00Z"'),
                                         '{1100,amount}', '9223372036854775807')
                 where program_id = :p and id = :id
                """).param("p", program.id()).param("id", UUID.fromString(id)).update();

        runJobs(api);

        JsonNode done = status(api, id);
        assertThat(done.get("status").asString()).isEqualTo("CompletedWithErrors");
        List<String> messages = new ArrayList<>();
        done.get("messages").forEach(m -> messages.add(m.get("message").asString()));
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0)).startsWith("Item 500: ").contains("+300000-01-01T00:00:00Z");
        assertThat(messages.get(1)).startsWith("Item 1100: ").contains("not applied");
        Map<String, Long> expected = lastAmounts(items.size(), memberOf);
        assertThat(expected).hasSize(60);
        expected.forEach((member, amount) -> assertThat(balance(api, member)).as("balance of %s", member).isEqualTo(amount));
        assertThat(api.get("/v1/admin/ledger/verify").json().get("mismatches").asLong()).isZero();
    }

    // ---------------------------------------------------------------- helpers

    private static List<String> members(Api api, int count) {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            members.add(api.post("/v1/members", "{}").json().get("id").asString());
        }
        return members;
    }

    private static String item(String contact, long amount, Instant timeStamp) {
        return "{\"contactId\": \"" + contact + "\", \"amount\": " + amount + ", \"definitionId\": 2, \"timeStamp\": \"" + timeStamp + "\"}";
    }

    private static String submit(Api api, List<String> items) {
        Response r = api.post("/api/v2/point-accounts/balances", "[" + String.join(",", items) + "]");
        assertThat(r.status()).as("%s", r).isEqualTo(202);
        return r.json().get("id").asString();
    }

    private static void runJobs(Api api) {
        Response r = api.post("/v1/admin/jobs/run", "");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
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

    private static JsonNode status(Api api, String id) {
        return api.get("/api/v2/point-accounts/balances/status/" + id).json();
    }

    private int applied(TestProgram program, String id) {
        return jdbc.sql("select applied from balance_imports where program_id = :p and id = :id")
                .param("p", program.id()).param("id", UUID.fromString(id)).query(Integer.class).single();
    }

    private static void lockAccount(Connection connection, String programId, String memberId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "select 1 from point_accounts where program_id = ? and member_id = ?::uuid and definition_id = 2 for update")) {
            lock.setString(1, programId);
            lock.setString(2, memberId);
            lock.executeQuery().close();
        }
    }

    /** Each member's balance after the import: the amount of its last item (item i sets i + 1). */
    private static Map<String, Long> lastAmounts(int count, IntFunction<String> memberOf) {
        Map<String, Long> last = new HashMap<>();
        for (int i = 0; i < count; i++) {
            last.put(memberOf.apply(i), (long) i + 1);
        }
        return last;
    }

    private static long balance(Api api, String member) {
        for (JsonNode account : api.get("/v1/members/" + member + "/point-accounts").json()) {
            if (account.get("definitionId").asInt() == 2) {
                return account.get("balance").asLong();
            }
        }
        throw new AssertionError("no account of definition 2 for " + member);
    }
}
