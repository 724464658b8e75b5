package dev.laurel.support;

import dev.laurel.platform.AdjustableClock;
import dev.laurel.programs.ProgramDocuments;
import dev.laurel.programs.Programs;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of every test that needs Laurel running: one application context (so one Laurel and one
 * database) shared by all of them, real HTTP on a random port, an adjustable clock, no timer
 * sweeps (tests run them), and the bundled sample programs loaded.
 *
 * <p>A request body gets {@link #REQUEST_BODY_TIMEOUT} instead of 30 s, so the test of one that never
 * arrives is shorter.
 *
 * <p>A point master's history gets {@link #POINT_MASTER_TIMEOUT_MS} instead of 3 s: a test of a master
 * that hangs waits that long, and a master that does answer (on this machine) answers well within it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "laurel.sweeps.enabled=false",
        "laurel.clock.adjustable=true",
        "laurel.point-master.history-timeout=" + IntegrationTest.POINT_MASTER_TIMEOUT_MS + "ms",
        "laurel.clients.body-timeout=" + IntegrationTest.REQUEST_BODY_TIMEOUT,
        "laurel.programs.api-variables=LAUREL_TEST_ALLOWED_VARIABLE",
        "LAUREL_TEST_ALLOWED_VARIABLE=resolved-from-the-environment",
        "LAUREL_TEST_FORBIDDEN_VARIABLE=must-not-leak",
})
public abstract class IntegrationTest {

    /** {@code LAUREL_POINT_MASTER_TIMEOUT} in the tests. */
    public static final int POINT_MASTER_TIMEOUT_MS = 1000;

    /** {@code LAUREL_REQUEST_BODY_TIMEOUT} in the tests: the test of a body that never arrives waits this long. */
    public static final String REQUEST_BODY_TIMEOUT = "15s";

    @LocalServerPort
    protected int port;

    @Autowired
    protected AdjustableClock clock;

    @Autowired
    protected Programs programs;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("laurel.db.url", TestDatabase::url);
        registry.add("laurel.db.username", TestDatabase::username);
        registry.add("laurel.db.password", TestDatabase::password);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** An HTTP client without a key. */
    protected Api api() {
        return new Api(port);
    }

    /** A fresh program of this test's own (its id and keys random), from the ACME sample unless told otherwise. */
    protected TestProgram newProgram() {
        return TestProgram.create(programs, TestProgram.ACME);
    }

    protected TestProgram newProgram(String sampleResource) {
        return TestProgram.create(programs, sampleResource);
    }

    /** A fresh program from a sample, with some of its {@code ${NAME}} values chosen by the test (e.g. POINT_MASTER_URL). */
    protected TestProgram newProgram(String sampleResource, Map<String, String> overrides) {
        return TestProgram.create(programs, sampleResource, overrides);
    }

    /** As {@link #newProgram(String, Map)}, the sample's YAML first edited by {@code edit}. */
    protected TestProgram newProgram(String sampleResource, Map<String, String> overrides, UnaryOperator<String> edit) {
        return TestProgram.create(programs, sampleResource, overrides, edit);
    }

    protected Api as(TestProgram program) {
        return api().key(program.adminKey());
    }

    /** Parses a document as the start-up loader would (for tests that need the parse step only). */
    protected static ProgramDocuments.Parsed parse(String yaml) {
        return ProgramDocuments.parse("test.yaml", ProgramDocuments.read("test.yaml", yaml, ProgramDocuments.Format.YAML),
                ProgramDocuments.Variables.NONE, null);
    }
}
