package dev.laurel.programs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.laurel.LaurelApplication;
import dev.laurel.programs.internal.InvalidProgramFiles;
import dev.laurel.support.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The start-up loader against the real application: each test starts Laurel on the shared test
 * database with its own {@code laurel.programs.dir} and program ids no other test uses.
 *
 * <p>Settings are passed as command-line arguments: {@code application.yaml} maps every
 * {@code laurel.*} setting to its {@code LAUREL_*} variable, and that mapping would outrank
 * {@link SpringApplicationBuilder#properties(String...)}, which only sets defaults.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProgramFilesStartupTest {

    @TempDir
    Path dir;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    // ---------------------------------------------------------------- helpers

    private String id(String name) {
        return name + "-" + suffix;
    }

    private static String secret() {
        return "test-key-" + UUID.randomUUID();
    }

    private static String program(String id, String name, String secret) {
        return """
                id: %s
                name: %s
                timezone: Europe/Paris
                apiKeys:
                  - name: admin
                    secret: %s
                    scopes: [admin]
                pointDefinitions:
                  - { id: 1, name: Points, purpose: SPENDABLE }
                """.formatted(id, name, secret);
    }

    private void write(String fileName, String text) throws IOException {
        Files.writeString(dir.resolve(fileName), text);
    }

    private static List<String> arguments(Path programsDir, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--laurel.db.url=" + TestDatabase.url(),
                "--laurel.db.username=" + TestDatabase.username(),
                "--laurel.db.password=" + TestDatabase.password(),
                "--laurel.sweeps.enabled=false",
                "--laurel.programs.dir=" + programsDir));
        for (String property : more) {
            args.add("--" + property);
        }
        return args;
    }

    /** Starts Laurel on {@link #dir}; the caller closes the context. */
    private ConfigurableApplicationContext start(String... properties) {
        return start(dir, properties);
    }

    private static ConfigurableApplicationContext start(Path programsDir, String... properties) {
        return new SpringApplicationBuilder(LaurelApplication.class).run(arguments(programsDir, properties).toArray(String[]::new));
    }

    /** Starts Laurel expecting start-up to fail, and returns why. */
    private Throwable startupFailure(String... properties) {
        try (ConfigurableApplicationContext context = start(properties)) {
            return fail("Laurel started, but it should have refused to: " + context);
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return fail("no " + type.getSimpleName() + " in the cause chain of " + failure, failure);
    }

    /** Which of these programs the database has, seen by a Laurel started on an empty programs directory. */
    private List<String> programsPresent(String... ids) throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        try (ConfigurableApplicationContext context = start(empty)) {
            Programs programs = context.getBean(Programs.class);
            return java.util.Arrays.stream(ids).filter(id -> programs.find(id).isPresent()).toList();
        }
    }

    // ---------------------------------------------------------------- loading

    @Test
    void every_yaml_and_json_file_in_the_directory_is_loaded() throws IOException {
        String first = id("first");
        String second = id("second");
        String firstKey = secret();
        String secondKey = secret();
        write("first.yaml", program(first, "First program", firstKey));
        write("second.json", """
                {"id": "%s", "name": "Second program",
                 "apiKeys": [{"name": "ops", "secret": "%s", "scopes": ["admin", "partner"]}]}
                """.formatted(second, secondKey));
        write(".hidden.txt", "editors leave files like this behind");

        try (ConfigurableApplicationContext context = start()) {
            Programs programs = context.getBean(Programs.class);

            assertThat(programs.find(first)).get().satisfies(p -> {
                assertThat(p.name()).isEqualTo("First program");
                assertThat(p.timezone()).hasToString("Europe/Paris");
                assertThat(p.pointDefinitions()).hasSize(1);
            });
            assertThat(programs.find(second)).get().extracting(Program::name).isEqualTo("Second program");
            assertThat(programs.authenticate(firstKey)).contains(new Caller(first, "admin", Set.of(Scope.ADMIN)));
            assertThat(programs.authenticate(secondKey)).contains(new Caller(second, "ops", Set.of(Scope.ADMIN, Scope.PARTNER)));
            assertThat(programs.revisions(first, 10)).singleElement().satisfies(r -> {
                assertThat(r.revision()).isEqualTo(1);
                assertThat(r.source()).isEqualTo("FILE");
                assertThat(r.sourceName()).isEqualTo("first.yaml");
            });
        }
    }

    @Test
    void starting_again_with_the_same_file_keeps_the_revision_and_a_changed_file_adds_one() throws IOException {
        String id = id("revisions");
        String key = secret();
        write("program.yaml", program(id, "Before", key));

        try (ConfigurableApplicationContext context = start()) {
            assertThat(context.getBean(Programs.class).revisions(id, 10)).extracting(ProgramRevision::revision).containsExactly(1);
        }
        try (ConfigurableApplicationContext context = start()) {
            Programs programs = context.getBean(Programs.class);
            assertThat(programs.revisions(id, 10)).extracting(ProgramRevision::revision).containsExactly(1);
            assertThat(programs.find(id).orElseThrow().name()).isEqualTo("Before");
        }

        write("program.yaml", program(id, "After", key));
        try (ConfigurableApplicationContext context = start()) {
            Programs programs = context.getBean(Programs.class);
            List<ProgramRevision> revisions = programs.revisions(id, 10);
            assertThat(revisions).extracting(ProgramRevision::revision).containsExactly(2, 1);
            assertThat(revisions.get(0).fingerprint()).isNotEqualTo(revisions.get(1).fingerprint());
            assertThat(programs.find(id).orElseThrow().name()).isEqualTo("After");
            assertThat(programs.authenticate(key)).map(Caller::programId).contains(id);
        }
    }

    @Test
    void starting_again_with_an_operator_password_keeps_its_hash_and_the_revision() throws IOException {
        String id = id("operators");
        write("program.yaml", program(id, "Operators", secret())
                + "operators:\n  - username: maria\n    password: maria-console-password\n");

        String hash;
        try (ConfigurableApplicationContext context = start()) {
            hash = context.getBean(Programs.class).get(id).operator("maria").orElseThrow().passwordBcrypt();
        }
        try (ConfigurableApplicationContext context = start()) {
            Programs programs = context.getBean(Programs.class);
            assertThat(programs.revisions(id, 10)).extracting(ProgramRevision::revision).containsExactly(1);
            assertThat(programs.get(id).operator("maria").orElseThrow().passwordBcrypt()).isEqualTo(hash);
        }
    }

    @Test
    void a_file_must_give_its_secrets_even_when_the_program_has_a_stored_revision() throws IOException {
        String id = id("file-secrets");
        String key = secret();
        write("program.yaml", program(id, "File secrets", key));
        try (ConfigurableApplicationContext context = start()) {
            assertThat(context.getBean(Programs.class).authenticate(key)).map(Caller::programId).contains(id);
        }
        write("program.yaml", program(id, "File secrets", key).replace("    secret: " + key + "\n", ""));

        InvalidProgramFiles invalid = causeOfType(startupFailure(), InvalidProgramFiles.class);

        assertThat(invalid.getMessage()).isEqualTo("program.yaml: apiKeys[0].secret: is required");
    }

    @Test
    void values_for_placeholders_come_from_the_environment() throws IOException {
        String id = id("variables");
        String key = secret();
        String nameVariable = "LAUREL_TEST_PROGRAM_NAME_" + suffix.toUpperCase();
        String keyVariable = "LAUREL_TEST_ADMIN_KEY_" + suffix.toUpperCase();
        write("program.yaml", program(id, "${" + nameVariable + "} Rewards", "${" + keyVariable + "}"));

        try (ConfigurableApplicationContext context = start(nameVariable + "=Environment", keyVariable + "=" + key)) {
            Programs programs = context.getBean(Programs.class);

            assertThat(programs.find(id).orElseThrow().name()).isEqualTo("Environment Rewards");
            assertThat(programs.authenticate(key)).map(Caller::programId).contains(id);
            assertThat(programs.storedDocument(id).orElseThrow().document().toString()).doesNotContain(key);
        }
    }

    // ---------------------------------------------------------------- refusing to start

    @Test
    void an_invalid_file_stops_startup_naming_the_file_field_and_problem_and_nothing_is_applied(CapturedOutput output) throws IOException {
        String good = id("good");
        String bad = id("bad");
        write("a-good.yaml", program(good, "Good", secret()));
        write("b-bad.yaml", program(bad, "Bad", secret()).replace("purpose: SPENDABLE", "purpose: FUN"));

        Throwable failure = startupFailure();

        InvalidProgramFiles invalid = causeOfType(failure, InvalidProgramFiles.class);
        assertThat(invalid.problems()).singleElement().extracting(InvalidProgram::source).isEqualTo("b-bad.yaml");
        assertThat(invalid.getMessage()).isEqualTo(
                "b-bad.yaml: pointDefinitions[0].purpose: must be one of SPENDABLE, TIER_QUALIFYING (was 'FUN')");
        assertThat(output.getAll()).contains("Laurel cannot start: these program documents are invalid",
                "b-bad.yaml: pointDefinitions[0].purpose: must be one of SPENDABLE, TIER_QUALIFYING (was 'FUN')",
                "Nothing was applied.");
        assertThat(programsPresent(good, bad)).isEmpty();
    }

    @Test
    void every_invalid_file_is_reported_in_one_start() throws IOException {
        write("one.yaml", program(id("one"), "One", secret()).replace("timezone: Europe/Paris", "timezone: Europe/Pariss"));
        write("two.yml", "id: " + id("two") + "\nname: [unclosed\n");

        InvalidProgramFiles invalid = causeOfType(startupFailure(), InvalidProgramFiles.class);

        assertThat(invalid.problems()).extracting(InvalidProgram::source).containsExactly("one.yaml", "two.yml");
        assertThat(invalid.getMessage())
                .contains("one.yaml: timezone: must be a time zone such as America/New_York (was 'Europe/Pariss')")
                .contains("two.yml: (document): is not valid YAML");
    }

    @Test
    void a_variable_missing_from_the_environment_stops_startup_naming_it() throws IOException {
        String variable = "LAUREL_TEST_UNSET_" + suffix.toUpperCase();
        write("program.yaml", program(id("unset"), "Unset", "${" + variable + "}"));

        InvalidProgramFiles invalid = causeOfType(startupFailure(), InvalidProgramFiles.class);

        assertThat(invalid.getMessage())
                .contains("program.yaml: apiKeys[0].secret: the environment variable " + variable + " is not set");
    }

    @Test
    void a_file_with_an_unsupported_extension_stops_startup() throws IOException {
        write("program.yaml", program(id("ext"), "Extension", secret()));
        write("program.yaml.bak", program(id("ext"), "Extension backup", secret()));

        InvalidProgramFiles invalid = causeOfType(startupFailure(), InvalidProgramFiles.class);

        assertThat(invalid.getMessage())
                .isEqualTo("program.yaml.bak: (file): is not a program document: name it .yaml, .yml or .json");
    }

    @Test
    void two_files_defining_the_same_program_stop_startup() throws IOException {
        String id = id("twice");
        write("a.yaml", program(id, "Once", secret()));
        write("b.yml", program(id, "Twice", secret()));

        InvalidProgramFiles invalid = causeOfType(startupFailure(), InvalidProgramFiles.class);

        assertThat(invalid.getMessage()).isEqualTo("b.yml: id: program '" + id + "' is also defined by a.yaml");
    }

    @Test
    void a_programs_dir_that_is_not_a_directory_stops_startup() throws IOException {
        write("program.yaml", program(id("notdir"), "Not a directory", secret()));

        Throwable failure;
        try (ConfigurableApplicationContext context = start(dir.resolve("program.yaml"))) {
            failure = fail("Laurel started with a file as its programs directory: " + context);
        } catch (RuntimeException e) {
            failure = e;
        }

        assertThat(causeOfType(failure, InvalidProgramFiles.class).getMessage()).contains("LAUREL_PROGRAMS_DIR: is not a directory");
    }

    @Test
    void production_refuses_development_keys_written_in_a_file_or_set_in_the_environment() throws IOException {
        String variable = "LAUREL_TEST_PARTNER_KEY_" + suffix.toUpperCase();
        write("program.yaml", program(id("production"), "Production", "dev-acme-admin-key").replace("    scopes: [admin]\n", """
                    scopes: [admin]
                  - name: partner
                    secret: ${%s}
                    scopes: [partner]
                """.formatted(variable)));

        InvalidProgramFiles invalid = causeOfType(
                startupFailure("laurel.profile=production", variable + "=dev-acme-partner-key"), InvalidProgramFiles.class);

        assertThat(invalid.getMessage()).contains(
                "program.yaml: ${" + variable + "}: is a development key, refused when LAUREL_PROFILE=production",
                "program.yaml: apiKeys[0].secret: is a development key, refused when LAUREL_PROFILE=production");
    }

    @Test
    void production_refuses_an_adjustable_clock() {
        Throwable failure = startupFailure("laurel.profile=production", "laurel.clock.adjustable=true");

        assertThat(causeOfType(failure, IllegalStateException.class).getMessage())
                .contains("LAUREL_CLOCK_ADJUSTABLE=true is refused when LAUREL_PROFILE=production");
    }

    @Test
    void production_starts_with_keys_of_its_own() throws IOException {
        String id = id("own-keys");
        String key = secret();
        write("program.yaml", program(id, "Own keys", key));

        try (ConfigurableApplicationContext context = start("laurel.profile=production")) {
            assertThat(context.getBean(Programs.class).authenticate(key)).map(Caller::programId).contains(id);
        }
    }
}
