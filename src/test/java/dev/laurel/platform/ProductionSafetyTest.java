package dev.laurel.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.laurel.LaurelApplication;
import dev.laurel.support.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What Laurel does with its database and programs at start-up: the embedded PostgreSQL is durable unless a development
 * switch says otherwise, and production refuses to start on the embedded database, with that switch, or with no program,
 * each with one line saying what to set. Settings are command-line arguments, as in {@code ProgramFilesStartupTest}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProductionSafetyTest {

    @TempDir
    Path dir;

    private static List<String> external(String... more) {
        List<String> args = new ArrayList<>(List.of("--laurel.db.url=" + TestDatabase.url(),
                "--laurel.db.username=" + TestDatabase.username(), "--laurel.db.password=" + TestDatabase.password()));
        args.addAll(List.of(more));
        return args;
    }

    private ConfigurableApplicationContext start(List<String> settings) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--laurel.sweeps.enabled=false"));
        args.addAll(settings);
        return new SpringApplicationBuilder(LaurelApplication.class).run(args.toArray(String[]::new));
    }

    /** Starts Laurel expecting it to refuse; every message in the failure's cause chain, one a line. */
    private String refused(List<String> settings) {
        try (ConfigurableApplicationContext context = start(settings)) {
            return fail("Laurel started, but it should have refused to: " + context);
        } catch (RuntimeException e) {
            StringBuilder messages = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            return messages.toString();
        }
    }

    private Path programs() throws IOException {
        Path programs = Files.createDirectories(dir.resolve("programs"));
        String id = "safety-" + UUID.randomUUID().toString().substring(0, 8);
        Files.writeString(programs.resolve("program.yaml"), """
                id: %s
                name: Safety
                apiKeys:
                  - { name: admin, secret: %s, scopes: [admin] }
                pointDefinitions:
                  - { id: 1, name: Points, purpose: SPENDABLE }
                """.formatted(id, "safety-key-" + UUID.randomUUID()));
        return programs;
    }

    private static boolean isEmpty(Path path) throws IOException {
        if (!Files.exists(path)) {
            return true;
        }
        try (Stream<Path> files = Files.list(path)) {
            return files.findAny().isEmpty();
        }
    }

    @Test
    void production_refuses_to_start_the_embedded_database_and_says_to_set_laurel_db_url(CapturedOutput output) throws IOException {
        Path data = dir.resolve("data");

        String refusal = refused(List.of("--laurel.profile=production", "--laurel.programs.dir=" + programs(),
                "--laurel.db.data-dir=" + data));

        assertThat(refusal).contains("set LAUREL_DB_URL");
        assertThat(output.getAll()).contains("Laurel cannot start: LAUREL_PROFILE=production needs an external database: set LAUREL_DB_URL");
        assertThat(isEmpty(data)).as("no embedded PostgreSQL was started in %s", data).isTrue();
    }

    @Test
    void production_refuses_the_development_switch_that_turns_durability_off() throws IOException {
        String refusal = refused(external("--laurel.profile=production", "--laurel.programs.dir=" + programs(),
                "--laurel.db.embedded-fast=true"));

        assertThat(refusal).contains("LAUREL_DB_EMBEDDED_FAST=true (no fsync) is refused when LAUREL_PROFILE=production");
    }

    @Test
    void production_refuses_to_start_without_programs_and_says_to_set_laurel_programs_dir(CapturedOutput output) throws IOException {
        String unset = refused(external("--laurel.profile=production"));
        assertThat(unset).contains("set LAUREL_PROGRAMS_DIR");
        assertThat(output.getAll()).contains("Laurel cannot start: LAUREL_PROFILE=production loads no sample programs: set LAUREL_PROGRAMS_DIR");

        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve(".keep"), "hidden files are not programs");
        String none = refused(external("--laurel.profile=production", "--laurel.programs.dir=" + empty));
        assertThat(none).contains("LAUREL_PROGRAMS_DIR (" + empty.toAbsolutePath() + ") has no program document");
    }

    @Test
    void production_starts_with_an_external_database_and_a_program() throws IOException {
        try (ConfigurableApplicationContext context = start(external("--laurel.profile=production", "--laurel.programs.dir=" + programs()))) {
            assertThat(context.isRunning()).isTrue();
        }
    }

    @Test
    void the_embedded_database_is_durable_by_default() {
        try (ConfigurableApplicationContext context = start(List.of("--laurel.db.data-dir=" + dir.resolve("durable")))) {
            JdbcClient jdbc = JdbcClient.create(context.getBean(DataSource.class));
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                assertThat(jdbc.sql("show " + setting).query(String.class).single()).as(setting).isEqualTo("on");
            }
        }
    }

    @Test
    void the_development_switch_turns_the_embedded_databases_durability_off() {
        try (ConfigurableApplicationContext context = start(List.of("--laurel.db.data-dir=" + dir.resolve("fast"),
                "--laurel.db.embedded-fast=true"))) {
            JdbcClient jdbc = JdbcClient.create(context.getBean(DataSource.class));
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                assertThat(jdbc.sql("show " + setting).query(String.class).single()).as(setting).isEqualTo("off");
            }
        }
    }
}
