package dev.laurel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.imports.MemberImports;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.io.BufferedWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A retailer's move onto Laurel: one NDJSON file of {@code bench.importMembers} members (1,000,000 by default), each with
 * a profile and an opening balance, sent over HTTP to {@code POST /v1/imports}, then applied by the import sweep's work
 * chunk after chunk, then the same file sent and applied again (which changes nothing). Prints the figures and writes
 * them to target/benchmarks/import.txt. Run (see docs/benchmarks.md):
 *
 * <pre>./mvnw test -Dtest=MemberImportBenchmark -DexcludedTestGroups=none -Dlaurel.test.durable=true -Dbench.importMembers=1000000</pre>
 *
 * It asserts nothing about time; it fails only if the import did not create every member once with their balance, or
 * the ledger disagrees with itself afterwards.
 */
@Tag("benchmark")
class MemberImportBenchmark extends IntegrationTest {

    static final int MEMBERS = Integer.getInteger("bench.importMembers", 1_000_000);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MemberImports imports;

    @Autowired
    JdbcClient jdbc;

    @Test
    void a_million_members_with_opening_balances() throws Exception {
        TestProgram program = newProgram();
        Path file = Files.createTempFile("laurel-import-bench-", ".ndjson");
        List<String> out = new ArrayList<>();
        try {
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (int i = 1; i <= MEMBERS; i++) {
                    w.write("{\"externalId\": \"B-" + i + "\", \"email\": \"member" + i + "@example.com\", \"firstName\": \"First"
                            + i + "\", \"lastName\": \"Last" + i + "\", \"optedIn\": false, \"balance\": " + (i % 5000 + 1) + "}\n");
                }
            }
            out.add("members=" + MEMBERS + " file=" + Files.size(file) + " bytes durable=" + Boolean.getBoolean("laurel.test.durable")
                    + " java=" + System.getProperty("java.version") + " processors=" + Runtime.getRuntime().availableProcessors());
            for (String round : List.of("first import", "same file again")) {
                long t0 = System.nanoTime();
                JsonNode accepted = upload(program, file);
                long received = System.nanoTime() - t0;
                String id = accepted.get("id").asString();
                long t1 = System.nanoTime();
                long lines = 0;
                long applied;
                while ((applied = imports.applyNextChunk(Optional.of(program.id()))) > 0 && lines < MEMBERS) {
                    lines += applied;
                }
                long apply = System.nanoTime() - t1;
                JsonNode status = JSON.readTree(get(program, "/v1/imports/" + id));
                assertThat(status.get("status").asString()).as("%s", status).isEqualTo("Completed");
                out.add(String.format("%s: received and validated in %.1f s (%,.0f lines/s); applied in %.1f s (%,.0f members/s); "
                                + "total %.1f s; created %d, existing %d, balances posted %d, already posted %d",
                        round, received / 1e9, MEMBERS / (received / 1e9), apply / 1e9, MEMBERS / (apply / 1e9),
                        (received + apply) / 1e9, status.get("membersCreated").asInt(), status.get("membersExisting").asInt(),
                        status.get("balancesPosted").asInt(), status.get("balancesAlreadyPosted").asInt()));
                System.out.println(out.get(out.size() - 1));
            }
            long members = jdbc.sql("select count(*) from members where program_id = :p").param("p", program.id()).query(Long.class).single();
            long entries = jdbc.sql("select count(*) from ledger_entries where program_id = :p").param("p", program.id()).query(Long.class).single();
            assertThat(members).isEqualTo(MEMBERS);
            assertThat(entries).isEqualTo(MEMBERS);
            JsonNode check = JSON.readTree(get(program, "/v1/admin/ledger/verify"));
            assertThat(check.get("mismatches").asLong()).as("%s", check).isZero();
            out.add("ledger verify: " + check.get("accountsChecked").asLong() + " accounts, 0 mismatches");
        } finally {
            Files.deleteIfExists(file);
        }
        out.forEach(System.out::println);
        Path report = Path.of("target/benchmarks/import.txt");
        Files.createDirectories(report.getParent());
        Files.write(report, out, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private JsonNode upload(TestProgram program, Path file) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/imports"))
                .timeout(Duration.ofMinutes(30)).header("apikey", program.adminKey()).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return JSON.readTree(r.body());
    }

    private String get(TestProgram program, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofMinutes(10)).header("apikey", program.adminKey()).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
