package dev.laurel.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.Prerequisites;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The README as a newcomer runs it: every shell block not marked {@code <!-- not run: ... -->}, in order, in one
 * bash, against this Laurel (the README's {@code localhost:8080} is its port), failing on the first command that
 * fails or is answered 400 or more without the README saying so.
 *
 * <p>On another day than today: Laurel's clock is set to {@link #ANOTHER_DAY}, and so is the shell's, through a
 * {@code date} first on the {@code PATH} that reads the real one moved by the same amount. The README takes its dates
 * from {@code date} (a purchase made "now"), as a newcomer's shell and Laurel read the same clock; were the shell's
 * left on the real day, a purchase would be made years before Laurel's now.
 */
class ReadmeTest extends IntegrationTest {

    /** A leap day in 2028, late in the UTC day (still the 29th in ACME's New York): no sample date is near it. */
    static final Instant ANOTHER_DAY = Instant.parse("2028-02-29T23:40:00Z");

    /** Where the run's output is kept, under {@code target/}, to read what each block answered. */
    static final String OUTPUT = "readme-run.txt";

    @Test
    void every_shell_block_of_the_readme_runs_in_order_against_laurel_on_another_day(@TempDir Path dir) throws IOException {
        Prerequisites.require(command("bash").isPresent() && command("curl").isPresent(), "bash and curl, which the README uses");
        Path readme = Prerequisites.projectDir().resolve("README.md");
        List<ShellBlocks.Block> blocks = ShellBlocks.of(Files.readString(readme, StandardCharsets.UTF_8));
        clock.set(ANOTHER_DAY, false);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        dateMovedTo(bin, Duration.between(Clock.systemUTC().instant(), ANOTHER_DAY));
        Path work = Files.createDirectories(dir.resolve("work"));

        ShellRun.Result result = ShellRun.run("README.md", blocks, Map.of("localhost:8080", "localhost:" + port),
                Map.of("PATH", bin + File.pathSeparator + System.getenv("PATH")), work);

        Files.writeString(Files.createDirectories(Prerequisites.projectDir().resolve("target")).resolve(OUTPUT), result.output(),
                StandardCharsets.UTF_8);
        assertThat(result.failure()).as("the README's shell blocks").isNull();
        assertThat(result.blocksRun()).as("shell blocks run").isGreaterThanOrEqualTo(10);
        Api acme = api().key("dev-acme-admin-key");
        String member = acme.get("/v1/members?externalId=ZTEST002").json().get("items").get(0).get("id").asString();
        JsonNode spendable = acme.get("/v1/members/" + member + "/point-accounts").json().get(0);
        // 100 from the partner, 1,000 welcome points, 500 for a coffee, 350 captured at the till, 200 from a campaign
        assertThat(spendable.get("balance").asLong()).isEqualTo(100 + 1000 - 500 - 350 + 200);
        // the purchase of 2,000 made "now" in 2028, a quarter returned: still in its return period
        assertThat(spendable.get("pending").asLong()).isEqualTo(1500);
        JsonNode check = acme.get("/v1/admin/ledger/verify").json();
        assertThat(check.get("mismatches").asLong()).as(check.toString()).isZero();
    }

    /** A {@code date} in {@code bin} that answers as the real one would {@code shift} from now. */
    private static void dateMovedTo(Path bin, Duration shift) throws IOException {
        Path real = command("date").orElseThrow(() -> new IllegalStateException("no date command on the PATH"));
        Path date = bin.resolve("date");
        Files.writeString(date, """
                #!/usr/bin/env bash
                at=$(( $(%1$s +%%s) + %2$d ))
                if %1$s -d @0 >/dev/null 2>&1; then exec %1$s -d "@$at" "$@"; else exec %1$s -r "$at" "$@"; fi
                """.formatted(real, shift.toSeconds()), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(date, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Optional<Path> command(String name) {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            Path command = Path.of(dir, name);
            if (Files.isExecutable(command)) {
                return Optional.of(command);
            }
        }
        return Optional.empty();
    }
}
