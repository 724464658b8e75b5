package dev.laurel.support;

import dev.laurel.programs.ProgramDocuments;
import dev.laurel.programs.Programs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * A program made for one test from a sample document, with a random id and random keys, so tests
 * never see each other's rows (and a test of isolation has two of them).
 */
public record TestProgram(String id, String adminKey, String partnerKey, String yaml) {

    public static final String ACME = "/samples/programs/acme.yaml";
    public static final String POINT_FOLLOWER = "/samples/programs/pointfollower.yaml";

    public static String sample(String resource) {
        try (InputStream in = TestProgram.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestProgram create(Programs programs, String resource) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String sample = sample(resource);
        String originalId = sample.lines().filter(l -> l.startsWith("id: ")).findFirst().orElseThrow().substring(4).trim();
        String id = originalId + "-" + suffix;
        String adminKey = "test-admin-" + UUID.randomUUID();
        String partnerKey = "test-partner-" + UUID.randomUUID();
        String yaml = sample.replaceFirst("(?m)^id: .*$", "id: " + id);
        Map<String, String> values = Map.of(
                "ACME_API_KEY", adminKey, "ACME_PARTNER_KEY", partnerKey, "POINTFOLLOWER_API_KEY", adminKey,
                "POINT_MASTER_URL", "http://127.0.0.1:9", "POINT_MASTER_KEY", "0123456789abcdef0123456789abcdef",
                "POINT_MASTER_SIGNING_SECRET", "test-signing-secret-0123456789");
        ProgramDocuments.Parsed parsed = ProgramDocuments.parse(id + ".yaml",
                ProgramDocuments.read(id + ".yaml", yaml, ProgramDocuments.Format.YAML),
                ProgramDocuments.variables(values::get, null), null);
        programs.apply(parsed, Programs.Source.FILE, id + ".yaml");
        return new TestProgram(id, adminKey, partnerKey, yaml);
    }
}
