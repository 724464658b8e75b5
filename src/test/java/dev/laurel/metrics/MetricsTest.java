package dev.laurel.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestPointMaster;
import dev.laurel.support.TestProgram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;

/** Laurel's own metrics, scraped from {@code /actuator/prometheus} after traffic of a program of this test's own. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the second also checks the dashboard, with every metric in the scrape
class MetricsTest extends IntegrationTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)\\{([^}]*)\\} (\\S+)$");

    @Autowired
    private LaurelMetrics metrics;

    @Test
    @Order(2)
    void points_ledger_transactions_replays_webhooks_and_sweeps_are_counted_per_program() throws IOException {
        clock.set(NOW, true);
        try (TestPointMaster receiver = new TestPointMaster()) {
            receiver.answerWebhooks(500);
            String secret = "a-subscription-secret-0123";
            TestProgram program = newProgram(TestProgram.ACME, Map.of("RECEIVER_URL", receiver.url() + "/webhooks/points",
                    "RECEIVER_SECRET", secret), yaml -> yaml + """

                    webhooks:
                      subscriptions:
                        - url: ${RECEIVER_URL}
                          secret: ${RECEIVER_SECRET}
                          events: [member.created]
                    """);
            Api api = as(program);
            String member = api.post("/v1/members", "{\"optedIn\": true}").json().get("id").asString();
            Api once = api.header("Idempotency-Key", "metrics-" + UUID.randomUUID());
            assertThat(once.post("/v1/members/" + member + "/adjustments", adjustment(100)).status()).isEqualTo(201);
            Response replay = once.post("/v1/members/" + member + "/adjustments", adjustment(100));
            assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(api.post("/v1/members/" + member + "/adjustments", adjustment(-30)).status()).isEqualTo(201);
            jobs(api);

            metrics.refresh();
            String scraped = scrape();
            Map<String, String> p = Map.of("program", program.id());
            assertThat(value(scraped, "laurel_points_earned_total", Map.of("program", program.id(), "source", "Manual"))).hasValue(100);
            assertThat(value(scraped, "laurel_points_spent_total", Map.of("program", program.id(), "source", "Manual"))).hasValue(30);
            assertThat(value(scraped, "laurel_ledger_transactions_total", p)).hasValue(2);
            assertThat(value(scraped, "laurel_idempotency_replays_total", p)).hasValue(1);
            assertThat(value(scraped, "laurel_webhooks_queued", p)).as("the receiver failed: queued for a retry").hasValue(1);
            assertThat(value(scraped, "laurel_webhooks_dead", p)).hasValue(0);
            assertThat(value(scraped, "laurel_webhooks_delivery_seconds_count",
                    Map.of("program", program.id(), "target", "SUBSCRIPTION", "outcome", "failed"))).hasValue(1);
            assertThat(value(scraped, "laurel_sweep_duration_seconds_count", Map.of("sweep", "webhook-delivery")).orElse(0)).isPositive();
            assertThat(value(scraped, "laurel_sweep_lag_seconds", Map.of("sweep", "webhook-delivery"))).hasValue(0);

            clock.advance(Duration.ofDays(130)); // ACME's points expire four months after the day earned
            program.apply(programs, Map.of("RECEIVER_URL", receiver.url() + "/elsewhere", "RECEIVER_SECRET", secret));
            jobs(api);
            clock.advance(Duration.ofSeconds(42));

            metrics.refresh();
            scraped = scrape();
            assertThat(value(scraped, "laurel_points_expired_total", Map.of("program", program.id(), "source", "Expiry"))).hasValue(70);
            assertThat(value(scraped, "laurel_webhooks_queued", p)).hasValue(0);
            assertThat(value(scraped, "laurel_webhooks_dead", p)).as("no longer subscribed: dead").hasValue(1);
            assertThat(value(scraped, "laurel_sweep_lag_seconds", Map.of("sweep", "webhook-delivery"))).hasValue(42);
            assertTheDashboardUsesOnlyExposedMetrics(scraped);
        }
    }

    /** Every metric of Laurel's that docs/grafana-dashboard.json queries is in the scrape. */
    private static void assertTheDashboardUsesOnlyExposedMetrics(String scraped) throws IOException {
        String dashboard = Files.readString(Path.of("docs/grafana-dashboard.json"));
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("laurel_[a-z_]+").matcher(dashboard);
        while (m.find()) {
            used.add(m.group());
        }
        assertThat(used).hasSizeGreaterThan(10);
        Set<String> exposed = scraped.lines().filter(l -> !l.startsWith("#")).map(l -> l.replaceAll("[{ ].*", ""))
                .collect(Collectors.toSet());
        assertThat(exposed).containsAll(used);
    }

    @Test
    @Order(1)
    void balance_imports_waiting_and_the_age_of_the_oldest_and_sync_batches_and_items() {
        clock.set(NOW, true);
        TestProgram follower = newProgram(TestProgram.POINT_FOLLOWER);
        Api api = as(follower);
        for (int batch = 0; batch < 2; batch++) {
            Response r = api.post("/api/v2/point-accounts/balances", """
                    [{"contactId": "%s", "amount": 122, "definitionId": 2, "timeStamp": "2026-03-01T12:20:03.807Z"},
                     {"contactId": "%s", "amount": 63, "definitionId": 2, "timeStamp": "2026-03-01T12:20:03.807Z"}]
                    """.formatted(UUID.randomUUID(), UUID.randomUUID()));
            assertThat(r.status()).as(r.toString()).isEqualTo(202);
            clock.advance(Duration.ofSeconds(30));
        }
        clock.advance(Duration.ofSeconds(60));

        metrics.refresh();
        String scraped = scrape();
        Map<String, String> p = Map.of("program", follower.id());
        assertThat(value(scraped, "laurel_balance_imports_waiting", p)).hasValue(2);
        assertThat(value(scraped, "laurel_balance_imports_oldest_age_seconds", p)).hasValue(120);
        assertThat(value(scraped, "laurel_sync_batches_total", Map.of("program", follower.id(), "kind", "balances"))).hasValue(2);
        assertThat(value(scraped, "laurel_sync_items_total", Map.of("program", follower.id(), "kind", "balances"))).hasValue(4);

        jobs(api);
        metrics.refresh();
        scraped = scrape();
        assertThat(value(scraped, "laurel_balance_imports_waiting", p)).as("applied: none waits").hasValue(0);
        assertThat(value(scraped, "laurel_balance_imports_oldest_age_seconds", p)).hasValue(0);
    }

    private static String adjustment(long points) {
        return "{\"definitionId\": 1, \"amount\": " + points + ", \"description\": \"test\", \"source\": \"Manual\", "
                + "\"userId\": \"u1\", \"userName\": \"Tess\"}";
    }

    private static void jobs(Api api) {
        Response r = api.post("/v1/admin/jobs/run", "");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    private String scrape() {
        Response r = api().get("/actuator/prometheus");
        assertThat(r.status()).isEqualTo(200);
        return r.body();
    }

    /** The value of the one sample of {@code name} whose labels include {@code labels}; empty when there is none. */
    private static OptionalDouble value(String scraped, String name, Map<String, String> labels) {
        OptionalDouble found = OptionalDouble.empty();
        for (String line : scraped.lines().toList()) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches() || !m.group(1).equals(name)) {
                continue;
            }
            boolean all = labels.entrySet().stream().allMatch(l -> m.group(2).contains(l.getKey() + "=\"" + l.getValue() + "\""));
            if (all) {
                assertThat(found).as("one sample of " + name + " with " + labels).isEmpty();
                found = OptionalDouble.of(Double.parseDouble(m.group(3)));
            }
        }
        return found;
    }
}
