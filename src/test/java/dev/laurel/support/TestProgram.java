package dev.laurel.support;

import dev.laurel.programs.ProgramDocuments;
import dev.laurel.programs.Programs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A program made for one test from a sample document, with a random id and random keys, so tests
 * never see each other's rows (and a test of isolation has two of them).
 */
public record TestProgram(String id, String adminKey, String partnerKey, String yaml) {

    public static final String ACME = "/samples/programs/acme.yaml";
    public static final String POINT_FOLLOWER = "/samples/programs/pointfollower.yaml";
    public static final String CAFE = "/samples/programs/cafe.yaml";

    /** The variable values every test program gets unless the test overrides them. */
    public static final String POINT_MASTER_URL = "http://127.0.0.1:9";
    public static final String POINT_MASTER_KEY = "0123456789abcdef0123456789abcdef";
    public static final String POINT_MASTER_SIGNING_SECRET = "test-signing-secret-0123456789";

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

    /**
     * Removes the {@code adjustmentsWebhook} block (the line and every line indented under it) from
     * a program document in YAML: a follower program whose point master has no webhook configured.
     */
    public static String withoutAdjustmentsWebhook(String yaml) {
        StringBuilder out = new StringBuilder();
        int blockIndent = -1;
        for (String line : yaml.split("\n", -1)) {
            int indent = line.length() - line.stripLeading().length();
            if (blockIndent >= 0) {
                if (line.isBlank() || indent > blockIndent) {
                    continue;
                }
                blockIndent = -1;
            }
            if (line.stripLeading().startsWith("adjustmentsWebhook:")) {
                blockIndent = indent;
                continue;
            }
            out.append(line).append('\n');
        }
        String result = out.substring(0, out.length() - 1);
        if (result.equals(yaml)) {
            throw new IllegalArgumentException("the document has no adjustmentsWebhook block to remove");
        }
        return result;
    }

    /**
     * The sample with the {@code clock} scope given to its admin keys: tests move the clock through the API. A test
     * of a key without it takes it away again in its edit ({@code scopes: [admin, clock]} to {@code scopes: [admin]}).
     */
    public static String withClockScope(String yaml) {
        return yaml.replace("scopes: [admin]", "scopes: [admin, clock]");
    }

    public static TestProgram create(Programs programs, String resource) {
        return create(programs, resource, Map.of());
    }

    /**
     * As {@link #create(Programs, String)}, with {@code overrides} replacing (or adding to) the variable values
     * (not the API keys, which are the test program's own).
     */
    public static TestProgram create(Programs programs, String resource, Map<String, String> overrides) {
        return create(programs, resource, overrides, UnaryOperator.identity());
    }

    /**
     * As {@link #create(Programs, String, Map)}, the sample's YAML text (its admin keys given the clock scope,
     * {@link #withClockScope}) first passed through {@code edit} (e.g. {@link #withoutAdjustmentsWebhook}).
     */
    public static TestProgram create(Programs programs, String resource, Map<String, String> overrides, UnaryOperator<String> edit) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String sample = edit.apply(withClockScope(sample(resource)));
        String originalId = sample.lines().filter(l -> l.startsWith("id: ")).findFirst().orElseThrow().substring(4).trim();
        String id = originalId + "-" + suffix;
        String adminKey = "test-admin-" + UUID.randomUUID();
        String partnerKey = "test-partner-" + UUID.randomUUID();
        String yaml = sample.replaceFirst("(?m)^id: .*$", "id: " + id);
        TestProgram program = new TestProgram(id, adminKey, partnerKey, yaml);
        program.apply(programs, overrides);
        return program;
    }

    /**
     * Applies this program's document again, as it was created ({@code overrides} as then): a test that lets
     * its program be changed over the API (a fuzzer) puts it back this way.
     */
    public void apply(Programs programs, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(Map.of(
                "ACME_API_KEY", adminKey, "ACME_PARTNER_KEY", partnerKey, "POINTFOLLOWER_API_KEY", adminKey,
                "CAFE_API_KEY", adminKey, "CAFE_PARTNER_KEY", partnerKey, "POINT_MASTER_URL", POINT_MASTER_URL, "POINT_MASTER_KEY", POINT_MASTER_KEY,
                "POINT_MASTER_SIGNING_SECRET", POINT_MASTER_SIGNING_SECRET));
        for (String key : java.util.List.of("ACME_API_KEY", "ACME_PARTNER_KEY", "POINTFOLLOWER_API_KEY", "CAFE_API_KEY", "CAFE_PARTNER_KEY")) {
            if (overrides.containsKey(key)) {
                throw new IllegalArgumentException(key + " is the test program's own random key; it cannot be overridden");
            }
        }
        values.putAll(overrides);
        ProgramDocuments.Parsed parsed = ProgramDocuments.parse(id + ".yaml",
                ProgramDocuments.read(id + ".yaml", yaml, ProgramDocuments.Format.YAML),
                ProgramDocuments.variables(values::get, null), null);
        programs.apply(parsed, Programs.Source.FILE, id + ".yaml");
    }
}
