package dev.laurel.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Engage transaction syncs from several clients at once whose items open accounts on first use, over HTTP: accounts
 * are created and locked in one order in one statement, so no two batches deadlock. Every batch is accepted (no 5xx),
 * every balance is exactly what was sent, and the ledger agrees with itself.
 */
class ConcurrentFirstUseTest extends IntegrationTest {

    static final int CLIENTS = 4;
    static final int BATCHES_PER_CLIENT = 30;
    static final int ITEMS_MIN = 100;
    static final int ITEMS_MAX = 1000;
    static final int MEMBERS = 300;
    static final int[] DEFINITIONS = {1, 3, 4};

    @Test
    void concurrent_batches_opening_accounts_on_first_use_are_all_applied_exactly() throws Exception {
        // Three TRANSACTIONS definitions, so each member has three accounts to open.
        TestProgram program = newProgram(TestProgram.POINT_FOLLOWER, Map.of(), yaml -> yaml.replace("pointMaster:\n", """
                  - { id: 3, name: Points three, purpose: SPENDABLE, follower: TRANSACTIONS }
                  - { id: 4, name: Points four, purpose: SPENDABLE, follower: TRANSACTIONS }
                pointMaster:
                """));
        Api api = as(program);
        List<String> members = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            members.add(api.post("/v1/members", "{}").json().get("id").asString());
        }
        Map<String, Long> expected = new ConcurrentHashMap<>();
        // Half the members have their accounts already; the other half open them during the run.
        List<String> seed = new ArrayList<>();
        for (String member : members.subList(0, MEMBERS / 2)) {
            for (int d : DEFINITIONS) {
                seed.add(item(member, d, 10));
                expected.merge(member + "/" + d, 10L, Long::sum);
            }
        }
        assertThat(api.post("/api/v2/point-accounts/transactions", "[" + String.join(",", seed) + "]").status()).isEqualTo(202);

        List<String> failures = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Random random = new Random(12 + c);
            done.add(clients.submit(() -> {
                start.await();
                for (int b = 0; b < BATCHES_PER_CLIENT; b++) {
                    Map<String, Long> sent = new HashMap<>();
                    List<String> items = new ArrayList<>();
                    int size = ITEMS_MIN + random.nextInt(ITEMS_MAX - ITEMS_MIN + 1);
                    for (int i = 0; i < size; i++) {
                        String member = members.get(random.nextInt(MEMBERS));
                        int d = DEFINITIONS[random.nextInt(DEFINITIONS.length)];
                        long amount = random.nextInt(150) - 49;
                        amount = amount == 0 ? 1 : amount;
                        items.add(item(member, d, amount));
                        sent.merge(member + "/" + d, amount, Long::sum);
                    }
                    try {
                        Response r = api.post("/api/v2/point-accounts/transactions", "[" + String.join(",", items) + "]");
                        if (r.status() != 202) {
                            failures.add(r.toString());
                            continue;
                        }
                        sent.forEach((key, amount) -> expected.merge(key, amount, Long::sum));
                    } catch (AssertionError serverError) {
                        failures.add(serverError.getMessage());
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(10, TimeUnit.MINUTES);
        }
        clients.shutdown();

        assertThat(failures).as("%d of %d batches were not accepted", failures.size(), CLIENTS * BATCHES_PER_CLIENT).isEmpty();
        for (String member : members) {
            for (JsonNode account : api.get("/v1/members/" + member + "/point-accounts").json()) {
                int d = account.get("definitionId").asInt();
                if (d != 2) {
                    assertThat(account.get("balance").asLong()).as("balance of %s on %d", member, d)
                            .isEqualTo(expected.getOrDefault(member + "/" + d, 0L));
                }
            }
        }
        JsonNode check = api.get("/v1/admin/ledger/verify").json();
        assertThat(check.get("mismatches").asLong()).as(check.toString()).isZero();
    }

    private static String item(String contact, int definitionId, long amount) {
        return "{\"contactId\": \"" + contact + "\", \"amount\": " + amount + ", \"definitionId\": " + definitionId
                + ", \"timeStamp\": \"2024-05-01T10:00:00Z\", \"source\": \"Purchase\"}";
    }
}
