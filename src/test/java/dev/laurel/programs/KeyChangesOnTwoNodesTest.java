package dev.laurel.programs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.LaurelApplication;
import dev.laurel.support.Api;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestDatabase;
import dev.laurel.support.TestProgram;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two nodes on one database: this test's Laurel (A) and a second one (B) started beside it. Each keeps keys and
 * programs in memory; a key revoked or re-scoped on A stops working on B promptly, through LISTEN/NOTIFY, not after
 * some time-to-live, and a node that does not hear changes trusts nothing it kept.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyChangesOnTwoNodesTest extends IntegrationTest {

    /** "Promptly": a notification reaches the other node within milliseconds; this is the bound the test allows. */
    static final Duration PROMPTLY = Duration.ofSeconds(3);

    ConfigurableApplicationContext nodeB;
    int portB;

    @BeforeAll
    void secondNode() {
        nodeB = new SpringApplicationBuilder(LaurelApplication.class).run("--server.port=0",
                "--laurel.db.url=" + TestDatabase.url(), "--laurel.db.username=" + TestDatabase.username(),
                "--laurel.db.password=" + TestDatabase.password(), "--laurel.sweeps.enabled=false");
        portB = Integer.parseInt(nodeB.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    void stopSecondNode() {
        nodeB.close();
    }

    @Test
    void aKeyRevokedOnOneNodeStopsWorkingOnTheOtherPromptly() {
        TestProgram program = newProgram();
        Api onB = new Api(portB).key(program.adminKey());
        assertThat(onB.get("/v1/members?limit=1").status()).isEqualTo(200);
        assertThat(onB.get("/v1/members?limit=1").status()).isEqualTo(200);

        TestProgram rotated = new TestProgram(program.id(), "test-admin-rotated-" + program.id(), program.partnerKey(), program.yaml());
        rotated.apply(programs, Map.of());

        assertThat(statusOnceSettled(onB, 401)).isEqualTo(401);
        assertThat(new Api(portB).key(rotated.adminKey()).get("/v1/members?limit=1").status()).isEqualTo(200);
        assertThat(as(program).get("/v1/members?limit=1").status()).as("on this node, at once").isEqualTo(401);
    }

    @Test
    void aKeyWhoseScopeIsTakenAwayOnOneNodeIsRefusedOnTheOtherPromptly() {
        TestProgram program = newProgram();
        Api onB = new Api(portB).key(program.adminKey());
        assertThat(onB.get("/v1/members?limit=1").status()).isEqualTo(200);

        // The two keys swap scopes: the admin key may now only award partner points.
        TestProgram partnerOnly = new TestProgram(program.id(), program.adminKey(), program.partnerKey(), program.yaml()
                .replace("scopes: [partner]", "scopes: [swapped]").replace("scopes: [admin, clock]", "scopes: [partner]")
                .replace("scopes: [swapped]", "scopes: [admin, clock]"));
        partnerOnly.apply(programs, Map.of());

        assertThat(statusOnceSettled(onB, 403)).isEqualTo(403);
    }

    @Test
    void aNodeThatDoesNotHearChangesTrustsNoKeyItKept() {
        TestProgram program = newProgram();
        Api onB = new Api(portB).key(program.adminKey());
        assertThat(onB.get("/v1/members?limit=1").status()).isEqualTo(200);
        ProgramChanges listener = nodeB.getBean(ProgramChanges.class);
        listener.stop();
        try {
            new TestProgram(program.id(), "test-admin-rotated-" + program.id(), program.partnerKey(), program.yaml()).apply(programs, Map.of());
            assertThat(onB.get("/v1/members?limit=1").status()).as("the very next request").isEqualTo(401);
        } finally {
            listener.start();
        }
    }

    /**
     * The status node B answers, asked again until it is {@code expected} or {@link #PROMPTLY} has passed: the change
     * reaches B asynchronously, so the first answer may still be the old one.
     */
    private static int statusOnceSettled(Api api, int expected) {
        long deadline = System.nanoTime() + PROMPTLY.toNanos();
        int status;
        do {
            status = api.get("/v1/members?limit=1").status();
        } while (status != expected && System.nanoTime() < deadline);
        return status;
    }
}
