package dev.laurel.programs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.laurel.platform.FieldError;
import dev.laurel.programs.Program.FollowerMode;
import dev.laurel.programs.Program.Purpose;
import dev.laurel.programs.Program.TierExpiry;
import dev.laurel.programs.ProgramDocuments.Format;
import dev.laurel.programs.ProgramDocuments.Parsed;
import dev.laurel.programs.ProgramDocuments.Variables;
import dev.laurel.support.Prerequisites;
import dev.laurel.support.TestProgram;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;
import tools.jackson.databind.node.ObjectNode;

/** The program document: reading, variables, every validation rule, the stored form and its fingerprint. */
class ProgramDocumentsTest {

    private static final String ADMIN_SECRET = "admin-secret-0123456789";

    /** The smallest valid document; tests append sections to it. */
    private static final String BASE = """
            id: test-program
            name: Test program
            apiKeys:
              - name: admin
                secret: admin-secret-0123456789
                scopes: [admin]
            """;

    private static final Map<String, String> SAMPLE_VARIABLES = Map.of(
            "ACME_API_KEY", "acme-admin-key-for-this-test",
            "ACME_PARTNER_KEY", "acme-partner-key-for-this-test",
            "POINTFOLLOWER_API_KEY", "follower-admin-key-for-this-test",
            "POINT_MASTER_URL", "https://master.example.com",
            "POINT_MASTER_KEY", "0123456789abcdef0123456789abcdef",
            "POINT_MASTER_SIGNING_SECRET", "signing-secret-for-this-test");

    // ---------------------------------------------------------------- helpers

    private static ObjectNode yaml(String text) {
        return ProgramDocuments.read("test.yaml", text, Format.YAML);
    }

    private static Parsed parse(String text) {
        return parse(text, Variables.NONE);
    }

    private static Parsed parse(String text, Variables variables) {
        return ProgramDocuments.parse("test.yaml", yaml(text), variables, null);
    }

    private static List<FieldError> errors(String text) {
        return errors(text, Variables.NONE);
    }

    private static List<FieldError> errors(String text, Variables variables) {
        try {
            Parsed parsed = parse(text, variables);
            return fail("expected the document to be refused, but it parsed to " + parsed.program());
        } catch (InvalidProgram e) {
            assertThat(e.source()).isEqualTo("test.yaml");
            return e.errors();
        }
    }

    private static List<FieldError> readErrors(String text, Format format) {
        try {
            ObjectNode node = ProgramDocuments.read("test." + format.name().toLowerCase(), text, format);
            return fail("expected the text to be refused, but it read as " + node);
        } catch (InvalidProgram e) {
            return e.errors();
        }
    }

    /** The document is refused with exactly this one error. */
    private static void assertOnlyError(String text, String field, String... messageParts) {
        assertThat(errors(text)).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.message()).contains(messageParts);
        });
    }

    private static Variables variables(Map<String, String> values) {
        return ProgramDocuments.variables(values::get, null);
    }

    private static Path projectDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    }

    // ---------------------------------------------------------------- the samples

    @Test
    void the_acme_sample_parses_unchanged() {
        String text = TestProgram.sample(TestProgram.ACME);

        Parsed parsed = ProgramDocuments.parse("acme.yaml", yaml(text), variables(SAMPLE_VARIABLES), null);

        Program acme = parsed.program();
        assertThat(acme.id()).isEqualTo("acme");
        assertThat(acme.name()).isEqualTo("ACME Rewards");
        assertThat(acme.timezone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(acme.apiKeys()).extracting(Program.ApiKeySpec::name, Program.ApiKeySpec::secretSha256, Program.ApiKeySpec::scopes)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("middleware", ProgramDocuments.sha256("acme-admin-key-for-this-test"), Set.of(Scope.ADMIN)),
                        org.assertj.core.groups.Tuple.tuple("brame", ProgramDocuments.sha256("acme-partner-key-for-this-test"), Set.of(Scope.PARTNER)));
        assertThat(acme.sessionm().appKey()).isEqualTo("acme-app");
        assertThat(acme.sessionm().retailerId()).isEqualTo(UUID.fromString("66f9b3f2-7770-4dca-ac8e-2a1ef7e8e54b"));
        assertThat(acme.availablePoints()).isEqualTo(Program.AvailablePoints.SPENDABLE);
        assertThat(acme.earning().pointsPerCurrencyUnit()).isEqualByComparingTo(BigDecimal.ONE);
        assertThat(acme.pointDefinitions()).hasSize(2);
        Program.PointDefinition spendable = acme.definition(1).orElseThrow();
        assertThat(spendable.purpose()).isEqualTo(Purpose.SPENDABLE);
        assertThat(spendable.escrow()).isEqualTo(new Program.Escrow(30, "ACME Spendable Escrow Account"));
        assertThat(spendable.expiry()).isEqualTo(new Program.Expiry(4));
        assertThat(spendable.master()).isTrue();
        assertThat(acme.definition(2).orElseThrow().purpose()).isEqualTo(Purpose.TIER_QUALIFYING);
        assertThat(acme.tierSystem().qualifyingPointDefinition()).isEqualTo(2);
        assertThat(acme.tierSystem().levels()).containsExactly(
                new Program.TierLevel("Unenrolled", 0, null, TierExpiry.NEVER),
                new Program.TierLevel("Base", 1, 0L, TierExpiry.NEVER),
                new Program.TierLevel("Silver", 2, 2000L, TierExpiry.END_OF_FOLLOWING_CALENDAR_YEAR),
                new Program.TierLevel("Gold", 3, 10000L, TierExpiry.END_OF_FOLLOWING_CALENDAR_YEAR));
        assertThat(acme.partners()).containsExactly("Partner", "Brame");
        Program.Campaign coffees = acme.campaign("five-coffees").orElseThrow();
        assertThat(coffees.startsAt()).isEqualTo(OffsetDateTime.parse("2026-12-01T00:00:00-05:00"));
        assertThat(coffees.endsAt()).isEqualTo(OffsetDateTime.parse("2027-01-01T00:00:00-05:00"));
        assertThat(coffees.enrollment()).isEqualTo(Program.Enrollment.OPT_IN);
        assertThat(coffees.eligibility().minTierRank()).isEqualTo(1);
        assertThat(coffees.goal()).isEqualTo(new Program.Goal("purchased", 5, null, null));
        assertThat(coffees.reward()).isEqualTo(new Program.Reward(500L, 1, null));
        assertThat(acme.pointMaster()).isNull();
        assertThat(ProgramDocuments.fromStored(parsed.stored())).isEqualTo(acme);
    }

    @Test
    void the_pointfollower_sample_parses_unchanged() {
        String text = TestProgram.sample(TestProgram.POINT_FOLLOWER);

        Parsed parsed = ProgramDocuments.parse("pointfollower.yaml", yaml(text), variables(SAMPLE_VARIABLES), null);

        Program follower = parsed.program();
        assertThat(follower.id()).isEqualTo("pointfollower");
        assertThat(follower.timezone()).isEqualTo(ZoneId.of("Europe/Stockholm"));
        assertThat(follower.apiKeys()).singleElement().satisfies(k -> {
            assertThat(k.name()).isEqualTo("point-master");
            assertThat(k.secretSha256()).isEqualTo(ProgramDocuments.sha256("follower-admin-key-for-this-test"));
            assertThat(k.scopes()).containsExactly(Scope.ADMIN);
        });
        assertThat(follower.pointDefinitions()).extracting(Program.PointDefinition::follower)
                .containsExactly(FollowerMode.TRANSACTIONS, FollowerMode.BALANCE);
        assertThat(follower.tierSystem()).isNull();
        assertThat(follower.pointMaster().historyUrl())
                .isEqualTo("https://master.example.com/fetchPointHistory?id={contactId}");
        assertThat(follower.pointMaster().adjustmentsWebhook()).isEqualTo(new Program.AdjustmentsWebhook(
                "https://master.example.com/webhooks/points", "0123456789abcdef0123456789abcdef", "signing-secret-for-this-test"));
        assertThat(ProgramDocuments.fromStored(parsed.stored())).isEqualTo(follower);
    }

    /**
     * A document with every section, its secrets given as hashes so its stored form does not depend
     * on a random salt.
     */
    private static final String EVERY_SECTION = """
            id: every-section
            name: Every section
            timezone: Europe/Stockholm
            apiKeys:
              - name: admin
                secret: admin-secret-0123456789
                scopes: [admin, partner]
              - name: hashed
                secretSha256: 0b5a5c1e7c2f3b0b5b0d7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f
                scopes: [partner]
            sessionm: { appKey: every-app, retailerId: 66f9b3f2-7770-4dca-ac8e-2a1ef7e8e54b }
            availablePoints: SPENDABLE_PLUS_ESCROW
            earning: { pointsPerCurrencyUnit: 2.5 }
            pointDefinitions:
              - { id: 1, name: Spend, groupingLabel: Spend, purpose: SPENDABLE, escrow: { days: 14, accountName: Escrow }, expiry: { monthsAfterEarn: 12 }, allowNegative: true }
              - { id: 2, name: Tier, purpose: TIER_QUALIFYING }
              - { id: 3, name: Followed, purpose: SPENDABLE, follower: TRANSACTIONS, expiry: { monthsAfterEarn: 6 } }
            tierSystem:
              name: Tiers
              qualifyingPointDefinition: 2
              levels:
                - { name: Unenrolled, rank: 0 }
                - { name: Base, rank: 1, threshold: 0 }
                - { name: Gold, rank: 2, threshold: 5000, expires: END_OF_FOLLOWING_CALENDAR_YEAR }
            partners: [Partner One, Brame]
            partnerPointDefinition: 1
            campaigns:
              - id: spring
                name: Spring
                description: Spend in spring
                startsAt: 2026-03-01T00:00:00Z
                endsAt: 2026-06-01T00:00:00+02:00
                enrollment: AUTOMATIC
                eligibility: { minTierRank: 1, attributes: { region: north, vip: true, visits: 3 } }
                goal: { eventType: purchased, sumAttribute: amount, target: 100.5 }
                reward: { multiplier: 2 }
              - id: five
                name: Five
                startsAt: 2026-03-01T00:00:00Z
                endsAt: 2026-04-01T00:00:00Z
                enrollment: OPT_IN
                goal: { eventType: "shop:visit", count: 5 }
                reward: { points: 500, pointDefinition: 1 }
            pointMaster:
              historyUrl: https://master.example.com/history?id={contactId}
              adjustmentsWebhook:
                url: https://master.example.com/webhooks/points
                encryptionKey: 0123456789abcdef0123456789abcdef
                signingSecret: signing-secret-0123456789
            timelineViews:
              - { name: all }
              - { name: purchases, eventTypes: [purchased, returned], fields: [amount, store], window: P90D }
            operators:
              - username: maria
                name: Maria
                passwordBcrypt: $2a$10$abcdefghijklmnopqrstuu5Hq1bKXnKpZ6JrK1YQbcgTq8QW5pY1u
              - username: mario
                passwordBcrypt: $2b$10$abcdefghijklmnopqrstuu5Hq1bKXnKpZ6JrK1YQbcgTq8QW5pY1u
            """;

    @Test
    void the_stored_forms_and_fingerprints_of_the_samples_are_the_ones_laurel_has_always_computed() {
        Parsed acme = ProgramDocuments.parse("acme.yaml", yaml(TestProgram.sample(TestProgram.ACME)), variables(SAMPLE_VARIABLES), null);
        Parsed follower = ProgramDocuments.parse("pointfollower.yaml", yaml(TestProgram.sample(TestProgram.POINT_FOLLOWER)),
                variables(SAMPLE_VARIABLES), null);
        Parsed every = parse(EVERY_SECTION);

        // Computed by the code before the program documents were split by section and checked by a schema:
        // a change here means a document already applied would count as changed when applied again.
        assertThat(acme.fingerprint()).isEqualTo("6c5bd2ed033ebbb0faaed5bd7cab08cb167d4d829d4180afdc681adf801635c1");
        assertThat(follower.fingerprint()).isEqualTo("491280898751aa5356d122fba5a50d4cdc6b7bdb1b7d26c15496d95e1232e8b6");
        assertThat(every.fingerprint()).isEqualTo("6b6676e4e260c2264c377bb3a69df0abd36dd2bb7791e80e90637edf3a2b70e6");
        assertThat(ProgramDocuments.fromStored(every.stored())).isEqualTo(every.program());
    }

    @Test
    void the_bundled_samples_are_byte_identical_to_the_shared_examples() throws IOException {
        Path shared = Prerequisites.shared("examples/programs");
        Path bundled = projectDir().resolve("src/main/resources/samples/programs");

        List<String> sharedNames = yamlFileNames(shared);
        assertThat(sharedNames).isNotEmpty();
        // Every shared example is bundled as it is; Laurel's own samples (the café) come on top.
        assertThat(yamlFileNames(bundled)).containsAll(sharedNames).contains("cafe.yaml");
        for (String name : sharedNames) {
            assertThat(Files.readAllBytes(bundled.resolve(name)))
                    .as("samples/programs/%s is a copy of %s", name, shared.resolve(name))
                    .isEqualTo(Files.readAllBytes(shared.resolve(name)));
        }
    }

    private static List<String> yamlFileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
    }

    // ---------------------------------------------------------------- the base document

    @Test
    void the_smallest_document_parses_with_defaults() {
        Program program = parse(BASE).program();

        assertThat(program.id()).isEqualTo("test-program");
        assertThat(program.timezone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(program.availablePoints()).isEqualTo(Program.AvailablePoints.SPENDABLE);
        assertThat(program.pointDefinitions()).isEmpty();
        assertThat(program.campaigns()).isEmpty();
        assertThat(program.apiKeys()).singleElement()
                .extracting(Program.ApiKeySpec::secretSha256).isEqualTo(ProgramDocuments.sha256(ADMIN_SECRET));
    }

    @Test
    void a_json_document_is_read_like_a_yaml_one() {
        String json = """
                {"id": "test-program", "name": "Test program",
                 "apiKeys": [{"name": "admin", "secret": "admin-secret-0123456789", "scopes": ["admin"]}]}
                """;

        ObjectNode document = ProgramDocuments.read("test.json", json, Format.JSON);

        assertThat(ProgramDocuments.parse("test.json", document, Variables.NONE, null).fingerprint())
                .isEqualTo(parse(BASE).fingerprint());
    }

    // ---------------------------------------------------------------- id, fields, timezone

    @Test
    void a_document_without_an_id_is_refused() {
        assertOnlyError(BASE.replace("id: test-program\n", ""), "id", "is required");
    }

    @Test
    void an_id_with_upper_case_or_underscores_is_refused() {
        assertOnlyError(BASE.replace("id: test-program", "id: Test_Program"), "id",
                "must be lower-case letters, digits and '-'");
    }

    @Test
    void an_id_that_is_not_a_string_is_refused() {
        assertOnlyError(BASE.replace("id: test-program", "id: [a, b]"), "id", "must be a string");
    }

    @Test
    void an_unknown_top_level_field_is_refused_naming_the_expected_ones() {
        assertOnlyError(BASE + "timeZone: Europe/Paris\n", "timeZone", "unknown field", "timezone", "pointDefinitions");
    }

    @Test
    void an_unknown_nested_field_is_refused_with_its_full_path() {
        assertOnlyError(BASE + """
                pointDefinitions:
                  - id: 1
                    name: Points
                    purpose: SPENDABLE
                    escrow: { days: 30, acountName: Typo }
                """, "pointDefinitions[0].escrow.acountName", "unknown field", "accountName");
    }

    @Test
    void a_timezone_that_is_not_a_zone_is_refused() {
        assertOnlyError(BASE + "timezone: Mars/Olympus_Mons\n", "timezone",
                "must be a time zone such as America/New_York", "Mars/Olympus_Mons");
    }

    // ---------------------------------------------------------------- apiKeys

    @Test
    void a_document_without_api_keys_is_refused() {
        assertOnlyError("id: test-program\nname: Test program\n", "apiKeys", "is required");
    }

    @Test
    void an_api_key_without_a_secret_is_refused() {
        assertOnlyError(BASE.replace("    secret: admin-secret-0123456789\n", ""), "apiKeys[0].secret", "is required");
    }

    @Test
    void an_api_key_secret_under_16_characters_is_refused() {
        assertOnlyError(BASE.replace(ADMIN_SECRET, "short-secret-15"), "apiKeys[0].secret", "at least 16 characters");
    }

    @Test
    void an_api_key_secret_of_16_characters_is_accepted() {
        assertThat(parse(BASE.replace(ADMIN_SECRET, "exactly-16-chars")).program().apiKeys().get(0).secretSha256())
                .isEqualTo(ProgramDocuments.sha256("exactly-16-chars"));
    }

    @Test
    void an_api_key_with_both_secret_and_secret_sha256_is_refused() {
        assertOnlyError(BASE.replace("    scopes: [admin]", "    secretSha256: " + ProgramDocuments.sha256("other") + "\n    scopes: [admin]"),
                "apiKeys[0].secret", "give secret or secretSha256, not both");
    }

    @Test
    void an_api_key_may_be_given_by_the_sha256_of_its_secret() {
        String hash = ProgramDocuments.sha256("a-secret-only-its-owner-knows");

        Program program = parse(BASE.replace("secret: " + ADMIN_SECRET, "secretSha256: " + hash)).program();

        assertThat(program.apiKeys().get(0).secretSha256()).isEqualTo(hash);
    }

    @Test
    void a_secret_sha256_that_is_not_lower_case_hex_is_refused() {
        assertOnlyError(BASE.replace("secret: " + ADMIN_SECRET, "secretSha256: " + ProgramDocuments.sha256("x").toUpperCase()),
                "apiKeys[0].secretSha256", "the lower-case hex SHA-256");
    }

    @Test
    void an_api_key_with_an_unknown_scope_is_refused() {
        assertOnlyError(BASE.replace("scopes: [admin]", "scopes: [admin, superuser]"),
                "apiKeys[0].scopes[1]", "must be admin, partner or clock", "superuser");
    }

    @Test
    void two_api_keys_with_the_same_name_are_refused() {
        assertOnlyError(BASE + """
                  - name: admin
                    secret: another-secret-0123456789
                    scopes: [partner]
                """, "apiKeys[1].name", "'admin' is used by another key");
    }

    @Test
    void two_api_keys_with_the_same_secret_are_refused() {
        assertOnlyError(BASE + """
                  - name: partner
                    secret: admin-secret-0123456789
                    scopes: [partner]
                """, "apiKeys[1].secret", "is the same as another key's");
    }

    @Test
    void a_document_without_an_admin_key_is_refused() {
        assertOnlyError(BASE.replace("scopes: [admin]", "scopes: [partner]"), "apiKeys", "at least one key with the admin scope");
    }

    @Test
    void an_empty_list_of_scopes_is_refused() {
        List<FieldError> errors = errors(BASE.replace("scopes: [admin]", "scopes: []"));

        assertThat(errors).extracting(FieldError::field).containsExactly("apiKeys[0].scopes", "apiKeys");
        assertThat(errors.get(0).message()).contains("must name at least one scope");
    }

    // ---------------------------------------------------------------- pointDefinitions

    private static final String DEFINITIONS = BASE + """
            pointDefinitions:
              - id: 1
                name: Points
                purpose: SPENDABLE
            """;

    @Test
    void two_point_definitions_with_the_same_id_are_refused() {
        assertOnlyError(DEFINITIONS + """
                  - id: 1
                    name: More points
                    purpose: TIER_QUALIFYING
                """, "pointDefinitions[1].id", "1 is used by another point definition");
    }

    @Test
    void a_purpose_that_is_not_one_of_the_enum_values_is_refused_naming_them() {
        assertOnlyError(DEFINITIONS.replace("purpose: SPENDABLE", "purpose: spendable"),
                "pointDefinitions[0].purpose", "must be one of SPENDABLE, TIER_QUALIFYING", "(was 'spendable')");
    }

    @Test
    void a_follower_definition_may_not_have_escrow() {
        assertOnlyError(DEFINITIONS + "    follower: TRANSACTIONS\n    escrow: { days: 30 }\n",
                "pointDefinitions[0].escrow", "is not allowed on a follower definition");
    }

    @Test
    void a_balance_follower_definition_may_not_have_expiry() {
        assertOnlyError(DEFINITIONS + "    follower: BALANCE\n    expiry: { monthsAfterEarn: 12 }\n",
                "pointDefinitions[0].expiry", "is not allowed on a BALANCE follower definition");
    }

    @Test
    void a_transactions_follower_definition_may_have_expiry() {
        Program program = parse(DEFINITIONS + "    follower: TRANSACTIONS\n    expiry: { monthsAfterEarn: 12 }\n").program();

        assertThat(program.definition(1).orElseThrow().expiry()).isEqualTo(new Program.Expiry(12));
    }

    // ---------------------------------------------------------------- tierSystem

    private static String tiers(String qualifying, String levels) {
        return BASE + """
                pointDefinitions:
                  - { id: 1, name: Spend, purpose: SPENDABLE }
                  - { id: 2, name: Tier, purpose: TIER_QUALIFYING }
                  - { id: 3, name: Tier balance, purpose: TIER_QUALIFYING, follower: BALANCE }
                tierSystem:
                  name: Tiers
                  qualifyingPointDefinition: %s
                  levels:
                %s""".formatted(qualifying, levels.indent(4));
    }

    private static final String LEVELS = """
            - { name: Unenrolled, rank: 0 }
            - { name: Base, rank: 1, threshold: 0 }
            - { name: Silver, rank: 2, threshold: 2000, expires: END_OF_FOLLOWING_CALENDAR_YEAR }
            """;

    @Test
    void a_valid_tier_system_parses() {
        Program program = parse(tiers("2", LEVELS)).program();

        assertThat(program.tierSystem().levels()).extracting(Program.TierLevel::name).containsExactly("Unenrolled", "Base", "Silver");
    }

    @Test
    void a_qualifying_definition_that_does_not_exist_is_refused() {
        assertOnlyError(tiers("9", LEVELS), "tierSystem.qualifyingPointDefinition", "names no point definition", "(was 9)");
    }

    @Test
    void a_balance_follower_may_not_be_the_qualifying_definition() {
        assertOnlyError(tiers("3", LEVELS), "tierSystem.qualifyingPointDefinition", "may not be a BALANCE follower definition");
    }

    @Test
    void a_qualifying_definition_must_have_the_tier_qualifying_purpose() {
        assertOnlyError(tiers("1", LEVELS), "tierSystem.qualifyingPointDefinition", "must be a TIER_QUALIFYING point definition");
    }

    @Test
    void thresholds_that_do_not_rise_with_rank_are_refused() {
        assertOnlyError(tiers("2", """
                - { name: Base, rank: 1, threshold: 0 }
                - { name: Silver, rank: 2, threshold: 5000 }
                - { name: Gold, rank: 3, threshold: 5000 }
                """), "tierSystem.levels", "thresholds must rise with rank", "Gold (rank 3) needs more than Silver");
    }

    @Test
    void a_tier_system_without_a_level_at_threshold_0_is_refused() {
        assertOnlyError(tiers("2", """
                - { name: Unenrolled, rank: 0 }
                - { name: Base, rank: 1, threshold: 100 }
                """), "tierSystem.levels", "must have a level with threshold 0");
    }

    @Test
    void a_tier_system_with_no_levels_at_all_is_refused() {
        assertThat(errors(tiers("2", "[]"))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("tierSystem.levels");
            assertThat(e.message()).contains("threshold 0");
        });
    }

    @Test
    void a_threshold_on_rank_0_is_refused() {
        assertOnlyError(tiers("2", """
                - { name: Unenrolled, rank: 0, threshold: 0 }
                - { name: Base, rank: 1, threshold: 10 }
                """), "tierSystem.levels[0].threshold", "is not allowed on rank 0");
    }

    @Test
    void a_level_above_rank_0_without_a_threshold_is_refused() {
        assertOnlyError(tiers("2", """
                - { name: Base, rank: 1, threshold: 0 }
                - { name: Silver, rank: 2 }
                """), "tierSystem.levels[1].threshold", "is required on every level above rank 0");
    }

    @Test
    void two_levels_with_the_same_rank_are_refused() {
        assertThat(errors(tiers("2", """
                - { name: Base, rank: 1, threshold: 0 }
                - { name: Silver, rank: 1, threshold: 100 }
                """))).anySatisfy(e -> {
            assertThat(e.field()).isEqualTo("tierSystem.levels[1].rank");
            assertThat(e.message()).contains("1 is used by another level");
        });
    }

    @Test
    void two_levels_with_the_same_name_are_refused() {
        assertOnlyError(tiers("2", """
                - { name: Base, rank: 1, threshold: 0 }
                - { name: Base, rank: 2, threshold: 100 }
                """), "tierSystem.levels[1].name", "'Base' is used by another level");
    }

    // ---------------------------------------------------------------- campaigns

    private static String campaign(String fields) {
        return tiers("2", LEVELS) + """
                campaigns:
                  - id: spring
                    name: Spring
                %s""".formatted(fields.indent(4));
    }

    private static final String WINDOW = """
            startsAt: 2026-03-01T00:00:00Z
            endsAt: 2026-06-01T00:00:00Z
            enrollment: AUTOMATIC
            """;

    @Test
    void a_valid_campaign_parses() {
        Program program = parse(campaign(WINDOW + """
                eligibility: { minTierRank: 2, attributes: { region: north, vip: true } }
                goal: { eventType: purchased, sumAttribute: amount, target: 100.5 }
                reward: { multiplier: 2 }
                """)).program();

        Program.Campaign spring = program.campaign("spring").orElseThrow();
        assertThat(spring.eligibility().attributes()).isEqualTo(Map.of("region", "north", "vip", "true"));
        assertThat(spring.goal().target()).isEqualByComparingTo("100.5");
        assertThat(spring.reward().multiplier()).isEqualByComparingTo("2");
    }

    @Test
    void a_campaign_that_ends_before_it_starts_is_refused() {
        assertOnlyError(campaign("""
                startsAt: 2026-06-01T00:00:00Z
                endsAt: 2026-06-01T00:00:00Z
                enrollment: OPT_IN
                goal: { eventType: purchased, count: 1 }
                reward: { points: 10, pointDefinition: 1 }
                """), "campaigns[0].endsAt", "must be after startsAt");
    }

    @Test
    void a_reward_on_an_unknown_definition_is_refused() {
        assertOnlyError(campaign(WINDOW + """
                goal: { eventType: purchased, count: 1 }
                reward: { points: 10, pointDefinition: 7 }
                """), "campaigns[0].reward.pointDefinition", "names no point definition", "(was 7)");
    }

    @Test
    void a_reward_on_a_follower_definition_is_refused() {
        assertOnlyError(campaign(WINDOW + """
                goal: { eventType: purchased, count: 1 }
                reward: { points: 10, pointDefinition: 3 }
                """), "campaigns[0].reward.pointDefinition", "must be a definition Laurel masters");
    }

    @Test
    void a_min_tier_rank_that_names_no_level_is_refused() {
        assertOnlyError(campaign(WINDOW + """
                eligibility: { minTierRank: 5 }
                goal: { eventType: purchased, count: 1 }
                reward: { points: 10, pointDefinition: 1 }
                """), "campaigns[0].eligibility.minTierRank", "names no level of the tier system", "(was 5)");
    }

    @Test
    void a_min_tier_rank_without_a_tier_system_is_refused() {
        assertOnlyError(DEFINITIONS + """
                campaigns:
                  - id: spring
                    name: Spring
                    startsAt: 2026-03-01T00:00:00Z
                    endsAt: 2026-06-01T00:00:00Z
                    enrollment: AUTOMATIC
                    eligibility: { minTierRank: 1 }
                    goal: { eventType: purchased, count: 1 }
                    reward: { points: 10, pointDefinition: 1 }
                """, "campaigns[0].eligibility.minTierRank", "needs a tierSystem");
    }

    @Test
    void a_goal_with_both_count_and_sum_attribute_is_refused() {
        assertOnlyError(campaign(WINDOW + """
                goal: { eventType: purchased, count: 3, sumAttribute: amount, target: 10 }
                reward: { points: 10, pointDefinition: 1 }
                """), "campaigns[0].goal.count", "give either count, or sumAttribute with target");
    }

    @Test
    void a_goal_with_neither_count_nor_sum_attribute_is_refused() {
        assertOnlyError(campaign(WINDOW + """
                goal: { eventType: purchased }
                reward: { points: 10, pointDefinition: 1 }
                """), "campaigns[0].goal.count", "give either count, or sumAttribute with target");
    }

    @Test
    void a_sum_attribute_goal_without_a_target_is_refused() {
        assertOnlyError(campaign(WINDOW + """
                goal: { eventType: purchased, sumAttribute: amount }
                reward: { points: 10, pointDefinition: 1 }
                """), "campaigns[0].goal.target", "is required with sumAttribute");
    }

    @Test
    void a_reward_with_both_points_and_multiplier_is_refused() {
        assertOnlyError(campaign(WINDOW + """
                goal: { eventType: purchased, count: 1 }
                reward: { points: 10, pointDefinition: 1, multiplier: 2 }
                """), "campaigns[0].reward.points", "give either points with pointDefinition, or multiplier");
    }

    // ---------------------------------------------------------------- pointMaster

    private static String pointMaster(String historyUrl, String encryptionKey) {
        return DEFINITIONS.replace("purpose: SPENDABLE", "purpose: SPENDABLE\n    follower: TRANSACTIONS") + """
                pointMaster:
                  historyUrl: %s
                  adjustmentsWebhook:
                    url: https://master.example.com/webhooks/points
                    encryptionKey: %s
                """.formatted(historyUrl, encryptionKey);
    }

    private static final String KEY_32 = "0123456789abcdef0123456789abcdef";

    @Test
    void a_valid_point_master_parses() {
        Program program = parse(pointMaster("https://master.example.com/history?id={contactId}", KEY_32)).program();

        assertThat(program.pointMaster().historyUrl()).isEqualTo("https://master.example.com/history?id={contactId}");
        assertThat(program.pointMaster().adjustmentsWebhook().encryptionKey()).isEqualTo(KEY_32);
    }

    @Test
    void a_point_master_url_that_is_not_http_is_refused() {
        assertOnlyError(pointMaster("ftp://master.example.com/history/{contactId}", KEY_32),
                "pointMaster.historyUrl", "must be an absolute http or https URL", "ftp://master.example.com/history/{contactId}");
    }

    @Test
    void a_history_url_without_the_contact_id_is_refused() {
        assertOnlyError(pointMaster("https://master.example.com/history", KEY_32),
                "pointMaster.historyUrl", "must contain {contactId}");
    }

    @Test
    void an_encryption_key_that_is_not_32_characters_is_refused() {
        assertOnlyError(pointMaster("https://master.example.com/history/{contactId}", KEY_32 + "0"),
                "pointMaster.adjustmentsWebhook.encryptionKey", "must be exactly 32 ASCII characters", "was 33 bytes");
    }

    @Test
    void an_encryption_key_of_32_characters_but_more_bytes_is_refused() {
        assertOnlyError(pointMaster("https://master.example.com/history/{contactId}", "é" + KEY_32.substring(1)),
                "pointMaster.adjustmentsWebhook.encryptionKey", "must be exactly 32 ASCII characters", "was 33 bytes");
    }

    // ---------------------------------------------------------------- variables

    @Test
    void a_variable_that_is_not_set_is_refused_naming_the_variable_and_the_field() {
        assertThat(errors(BASE + "timezone: ${LAUREL_TEST_UNSET_ZONE}\n", variables(Map.of())))
                .anySatisfy(e -> {
                    assertThat(e.field()).isEqualTo("timezone");
                    assertThat(e.message()).contains("the environment variable LAUREL_TEST_UNSET_ZONE is not set");
                });
    }

    @Test
    void a_variable_that_is_not_in_the_allowed_set_is_refused_and_not_read() {
        Map<String, String> environment = Map.of("ALLOWED_NAME", "Allowed", "SECRET_THING", "must-not-be-read");
        Variables apiVariables = ProgramDocuments.variables(environment::get, Set.of("ALLOWED_NAME"));

        List<FieldError> errors = errors(BASE.replace("name: Test program", "name: ${ALLOWED_NAME} ${SECRET_THING}"), apiVariables);

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("name");
            assertThat(e.message()).contains("may not read the environment variable SECRET_THING");
            assertThat(e.message()).doesNotContain("must-not-be-read");
        });
        assertThat(parse(BASE.replace("name: Test program", "name: ${ALLOWED_NAME}"), apiVariables).program().name())
                .isEqualTo("Allowed");
    }

    @Test
    void a_placeholder_inside_a_longer_value_is_substituted() {
        Variables env = variables(Map.of("MASTER", "https://master.example.com", "PROGRAM", "Acme", "KEY", KEY_32));

        Program program = parse(pointMaster("${MASTER}/history/{contactId}", "${KEY}")
                .replace("name: Test program", "name: ${PROGRAM} Rewards (${PROGRAM})"), env).program();

        assertThat(program.pointMaster().historyUrl()).isEqualTo("https://master.example.com/history/{contactId}");
        assertThat(program.pointMaster().adjustmentsWebhook().encryptionKey()).isEqualTo(KEY_32);
        assertThat(program.name()).isEqualTo("Acme Rewards (Acme)");
    }

    @Test
    void a_variable_value_is_not_itself_resolved() {
        Variables env = variables(Map.of("OUTER", "${INNER} and $1", "INNER", "leaked"));

        assertThat(parse(BASE.replace("name: Test program", "name: ${OUTER}"), env).program().name()).isEqualTo("${INNER} and $1");
    }

    @Test
    void a_malformed_placeholder_is_refused_rather_than_taken_literally() {
        String text = BASE.replace("secret: " + ADMIN_SECRET, "secret: ${ACME-ADMIN-API-KEY}");

        assertThat(errors(text, variables(Map.of("ACME-ADMIN-API-KEY", "never-looked-up")))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("apiKeys[0].secret");
            assertThat(e.message()).contains("${ACME-ADMIN-API-KEY}", "not a valid ${NAME}");
        });
    }

    @Test
    void variable_names_lists_each_name_once_in_order() {
        ObjectNode document = yaml(BASE.replace("name: Test program", "name: ${B} ${A} ${B}") + "timezone: ${C}\n");

        assertThat(ProgramDocuments.variableNames(document)).containsExactly("B", "A", "C");
    }

    // ---------------------------------------------------------------- reading

    @Test
    void a_yaml_syntax_error_is_reported_with_its_line() {
        List<FieldError> errors = readErrors("id: test\nname: Test\napiKeys: [unclosed\nother: x: y\n", Format.YAML);

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("(document)");
            assertThat(e.message()).startsWith("is not valid YAML: ").containsPattern("\\(line [34], column \\d+\\)");
        });
    }

    @Test
    void a_json_syntax_error_is_reported_with_its_line_and_column() {
        List<FieldError> errors = readErrors("{\n  \"id\": \"test\",\n  \"name\": \n}\n", Format.JSON);

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("(document)");
            assertThat(e.message()).startsWith("is not valid JSON: ").contains("(line 4, column 1)");
        });
    }

    @Test
    void a_duplicate_yaml_key_is_refused() {
        List<FieldError> errors = readErrors(BASE + "name: Another name\n", Format.YAML);

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("(document)");
            assertThat(e.message()).contains("Duplicate Object property \"name\"", "(line 7, column 5)");
        });
    }

    @Test
    void a_duplicate_nested_yaml_key_is_refused() {
        List<FieldError> errors = readErrors(DEFINITIONS + "    purpose: TIER_QUALIFYING\n", Format.YAML);

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("(document)");
            assertThat(e.message()).contains("Duplicate Object property \"purpose\"", "(line 11,");
        });
    }

    @Test
    void a_document_that_is_not_a_mapping_is_refused() {
        for (String text : List.of("- id: test\n- name: Test\n", "just some words\n", "", "# only a comment\n")) {
            assertThat(readErrors(text, Format.YAML)).as(text).singleElement().satisfies(e -> {
                assertThat(e.field()).isEqualTo("(document)");
                assertThat(e.message()).contains("must be a mapping");
            });
        }
        assertThat(readErrors("[1, 2]", Format.JSON)).singleElement()
                .extracting(FieldError::message).asString().contains("must be a mapping");
    }

    @Test
    void a_document_over_a_megabyte_is_refused_before_it_is_read() {
        String huge = BASE + "# " + "x".repeat(ProgramDocuments.DOCUMENT_CHARS_MAX) + "\n";

        assertThat(readErrors(huge, Format.YAML)).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("(document)");
            assertThat(e.message()).contains("is larger than " + ProgramDocuments.DOCUMENT_CHARS_MAX);
        });
    }

    @Test
    void every_error_in_a_document_is_reported_at_once() {
        String text = """
                id: Bad Id
                name: Test program
                timezone: Nowhere/Land
                colour: blue
                apiKeys:
                  - name: admin
                    secret: short
                    scopes: [root]
                pointDefinitions:
                  - { id: 1, name: Points, purpose: FUN }
                """;

        InvalidProgram refused = null;
        try {
            parse(text);
        } catch (InvalidProgram e) {
            refused = e;
        }

        assertThat(refused).isNotNull();
        assertThat(refused.errors()).extracting(FieldError::field).containsExactlyInAnyOrder(
                "colour", "id", "timezone", "apiKeys[0].secret", "apiKeys[0].scopes[0]", "apiKeys", "pointDefinitions[0].purpose");
        assertThat(refused.getMessage()).startsWith("test.yaml: ").contains("colour: unknown field", "timezone: must be a time zone",
                "pointDefinitions[0].purpose: must be one of");
    }

    // ---------------------------------------------------------------- fingerprint and stored form

    @Test
    void the_fingerprint_does_not_change_when_fields_are_reordered() {
        String reordered = """
                apiKeys:
                  - scopes: [admin]
                    secret: admin-secret-0123456789
                    name: admin
                pointDefinitions:
                  - purpose: SPENDABLE
                    name: Points
                    id: 1
                name: Test program
                id: test-program
                """;

        assertThat(parse(reordered).fingerprint()).isEqualTo(parse(DEFINITIONS).fingerprint());
    }

    @Test
    void the_fingerprint_changes_when_a_value_changes() {
        String fingerprint = parse(DEFINITIONS).fingerprint();

        assertThat(parse(DEFINITIONS.replace("name: Points", "name: Points!")).fingerprint()).isNotEqualTo(fingerprint);
        assertThat(parse(DEFINITIONS.replace(ADMIN_SECRET, ADMIN_SECRET + "x")).fingerprint()).isNotEqualTo(fingerprint);
        assertThat(parse(DEFINITIONS).fingerprint()).isEqualTo(fingerprint);
    }

    @Test
    void the_stored_form_holds_the_secret_sha256_and_never_the_secret() {
        Parsed parsed = parse(BASE);

        assertThat(parsed.stored().get("apiKeys").get(0).get("secretSha256").stringValue())
                .isEqualTo(ProgramDocuments.sha256(ADMIN_SECRET));
        assertThat(parsed.stored().get("apiKeys").get(0).has("secret")).isFalse();
        assertThat(parsed.stored().toString()).doesNotContain(ADMIN_SECRET);
    }

    @Test
    void a_secret_from_a_variable_is_hashed_into_the_stored_form() {
        Parsed parsed = parse(BASE.replace(ADMIN_SECRET, "${ADMIN_KEY}"), variables(Map.of("ADMIN_KEY", "from-the-environment-123")));

        assertThat(parsed.stored().toString()).doesNotContain("from-the-environment-123").doesNotContain("${ADMIN_KEY}");
        assertThat(parsed.program().apiKeys().get(0).secretSha256()).isEqualTo(ProgramDocuments.sha256("from-the-environment-123"));
    }

    @Test
    void parsing_does_not_change_the_document_it_is_given() {
        ObjectNode document = yaml(BASE.replace(ADMIN_SECRET, "${ADMIN_KEY}"));
        ObjectNode before = document.deepCopy();

        ProgramDocuments.parse("test.yaml", document, variables(Map.of("ADMIN_KEY", "from-the-environment-123")), null);

        assertThat(document).isEqualTo(before);
    }

    @Test
    void redacted_removes_key_hashes_and_webhook_secrets_and_keeps_the_rest() {
        Parsed parsed = ProgramDocuments.parse("pointfollower.yaml", yaml(TestProgram.sample(TestProgram.POINT_FOLLOWER)),
                variables(SAMPLE_VARIABLES), null);
        ObjectNode storedBefore = parsed.stored().deepCopy();

        ObjectNode redacted = ProgramDocuments.redacted(parsed.stored());

        assertThat(redacted.get("apiKeys").get(0).has("secretSha256")).isFalse();
        assertThat(redacted.get("apiKeys").get(0).get("name").stringValue()).isEqualTo("point-master");
        assertThat(redacted.get("pointMaster").get("adjustmentsWebhook").has("encryptionKey")).isFalse();
        assertThat(redacted.get("pointMaster").get("adjustmentsWebhook").has("signingSecret")).isFalse();
        assertThat(redacted.get("pointMaster").get("adjustmentsWebhook").get("url").stringValue())
                .isEqualTo("https://master.example.com/webhooks/points");
        assertThat(redacted.toString()).doesNotContain(SAMPLE_VARIABLES.get("POINT_MASTER_KEY"),
                SAMPLE_VARIABLES.get("POINT_MASTER_SIGNING_SECRET"), ProgramDocuments.sha256(SAMPLE_VARIABLES.get("POINTFOLLOWER_API_KEY")));
        assertThat(parsed.stored()).isEqualTo(storedBefore);
    }

    @Test
    void a_document_read_back_redacted_can_be_sent_again_keeping_its_secrets() {
        Parsed first = ProgramDocuments.parse("pointfollower.yaml", yaml(TestProgram.sample(TestProgram.POINT_FOLLOWER)),
                variables(SAMPLE_VARIABLES), null);
        ObjectNode readBack = ProgramDocuments.redacted(first.stored());

        Parsed again = ProgramDocuments.parse("API", readBack, Variables.NONE, first.stored());

        assertThat(again.program()).isEqualTo(first.program());
        assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
    }

    @Test
    void a_key_whose_secret_is_left_out_keeps_its_previous_secret() {
        Parsed first = parse(BASE);
        String renamed = BASE.replace("    secret: " + ADMIN_SECRET + "\n", "").replace("name: Test program", "name: Renamed");

        Parsed second = ProgramDocuments.parse("API", yaml(renamed), Variables.NONE, first.stored());

        assertThat(second.program().name()).isEqualTo("Renamed");
        assertThat(second.program().apiKeys().get(0).secretSha256()).isEqualTo(ProgramDocuments.sha256(ADMIN_SECRET));
    }

    @Test
    void a_key_given_a_new_secret_does_not_keep_the_previous_one() {
        Parsed first = parse(BASE);

        Parsed second = ProgramDocuments.parse("API", yaml(BASE.replace(ADMIN_SECRET, "a-brand-new-secret-42")), Variables.NONE, first.stored());

        assertThat(second.program().apiKeys().get(0).secretSha256()).isEqualTo(ProgramDocuments.sha256("a-brand-new-secret-42"));
    }

    @Test
    void a_new_key_without_a_secret_is_refused_even_with_a_previous_form() {
        Parsed first = parse(BASE);
        String withNewKey = BASE.replace("    secret: " + ADMIN_SECRET + "\n", "") + """
                  - name: partner
                    scopes: [partner]
                """;

        InvalidProgram refused = null;
        try {
            ProgramDocuments.parse("API", yaml(withNewKey), Variables.NONE, first.stored());
        } catch (InvalidProgram e) {
            refused = e;
        }

        assertThat(refused).isNotNull();
        assertThat(refused.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("apiKeys[1].secret");
            assertThat(e.message()).contains("is required");
        });
    }

    @Test
    void a_key_name_that_is_not_a_string_is_a_field_error_even_with_a_previous_form() {
        Parsed first = parse(BASE);
        String odd = BASE.replace("- name: admin", "- name: { nested: admin }").replace("    secret: " + ADMIN_SECRET + "\n", "");

        InvalidProgram refused = null;
        try {
            ProgramDocuments.parse("API", yaml(odd), Variables.NONE, first.stored());
        } catch (InvalidProgram e) {
            refused = e;
        }

        assertThat(refused).isNotNull();
        assertThat(refused.errors()).extracting(FieldError::field).contains("apiKeys[0].name");
    }

    @Test
    void a_secret_next_to_an_empty_secret_sha256_is_hashed() {
        Program program = parse(BASE.replace("    scopes: [admin]", "    secretSha256:\n    scopes: [admin]")).program();

        assertThat(program.apiKeys().get(0).secretSha256()).isEqualTo(ProgramDocuments.sha256(ADMIN_SECRET));
    }

    // ---------------------------------------------------------------- operators

    @Test
    void operator_passwords_are_stored_as_bcrypt_hashes_that_stay_the_same_so_reapplying_changes_nothing() {
        String document = BASE + "operators:\n  - username: maria\n    name: Maria\n    password: maria-console-password\n";

        Parsed first = parse(document);
        Parsed again = ProgramDocuments.parse("test.yaml", yaml(document), Variables.NONE, first.stored());

        assertThat(first.fingerprint()).isEqualTo(again.fingerprint());
        assertThat(again.stored()).isEqualTo(first.stored());
        String hash = first.stored().get("operators").get(0).get("passwordBcrypt").asString();
        assertThat(hash).startsWith("$2a$10$");
        assertThat(first.stored().toString()).doesNotContain("maria-console-password");
        assertThat(BCrypt.checkpw("maria-console-password", hash)).isTrue();
        assertThat(first.program().operator("maria").orElseThrow().passwordBcrypt()).isEqualTo(hash);
        assertThat(ProgramDocuments.redacted(first.stored()).toString()).doesNotContain("passwordBcrypt").contains("maria");
    }

    @Test
    void the_same_password_hashes_differently_for_another_operator_or_program() {
        String one = parse(BASE + "operators:\n  - username: maria\n    password: same-password-123\n")
                .stored().get("operators").get(0).get("passwordBcrypt").asString();
        String other = parse(BASE + "operators:\n  - username: mario\n    password: same-password-123\n")
                .stored().get("operators").get(0).get("passwordBcrypt").asString();

        assertThat(one).isNotEqualTo(other);
    }

    private static final String OPERATOR = BASE + "operators:\n  - username: maria\n    password: %s\n";

    private static String passwordHash(Parsed parsed) {
        return parsed.stored().get("operators").get(0).get("passwordBcrypt").asString();
    }

    @Test
    void a_password_applied_for_the_first_time_gets_a_fresh_salt_each_time() {
        String first = passwordHash(parse(OPERATOR.formatted("maria-console-password")));
        String second = passwordHash(parse(OPERATOR.formatted("maria-console-password")));

        assertThat(first).isNotEqualTo(second);
        assertThat(first.substring(0, 29)).as("the salts").isNotEqualTo(second.substring(0, 29));
        assertThat(BCrypt.checkpw("maria-console-password", first)).isTrue();
        assertThat(BCrypt.checkpw("maria-console-password", second)).isTrue();
    }

    @Test
    void a_changed_password_gets_a_new_hash_that_only_it_matches() {
        Parsed before = parse(OPERATOR.formatted("maria-console-password"));

        Parsed after = ProgramDocuments.parse("test.yaml", yaml(OPERATOR.formatted("maria-new-password-2")), Variables.NONE,
                before.stored());

        assertThat(after.fingerprint()).isNotEqualTo(before.fingerprint());
        assertThat(BCrypt.checkpw("maria-new-password-2", passwordHash(after))).isTrue();
        assertThat(BCrypt.checkpw("maria-console-password", passwordHash(after))).isFalse();
        assertThat(ProgramDocuments.changes(before.stored(), after.stored())).containsExactly("operators[0].passwordBcrypt");
    }

    @Test
    void the_same_password_for_another_operator_of_the_previous_revision_does_not_take_its_hash() {
        Parsed maria = parse(OPERATOR.formatted("same-password-123"));

        Parsed mario = ProgramDocuments.parse("test.yaml", yaml(OPERATOR.formatted("same-password-123").replace("maria", "mario")),
                Variables.NONE, maria.stored());

        assertThat(passwordHash(mario)).isNotEqualTo(passwordHash(maria));
        assertThat(BCrypt.checkpw("same-password-123", passwordHash(mario))).isTrue();
    }

    @Test
    void a_previous_hash_bcrypt_cannot_read_is_replaced_not_an_error() {
        Parsed odd = parse(BASE + "operators:\n  - username: maria\n    passwordBcrypt: $2-not-really-a-hash\n");

        Parsed next = ProgramDocuments.parse("test.yaml", yaml(OPERATOR.formatted("maria-console-password")), Variables.NONE,
                odd.stored());

        assertThat(BCrypt.checkpw("maria-console-password", passwordHash(next))).isTrue();
    }

    @Test
    void an_operator_with_both_a_password_and_its_hash_is_refused() {
        assertOnlyError(OPERATOR.formatted("maria-console-password") + "    passwordBcrypt: $2a$10$abc\n",
                "operators[0].password", "give password or passwordBcrypt, not both");
    }

    @Test
    void an_operator_password_under_12_characters_is_refused() {
        assertOnlyError(BASE + "operators:\n  - username: maria\n    password: short\n", "operators[0].password", "at least 12 characters");
    }

    @Test
    void changes_between_two_stored_forms_are_listed_by_path() {
        Parsed before = parse(BASE + "timezone: UTC\n");
        Parsed after = parse(BASE.replace("Test program", "Renamed") + "timezone: Europe/Stockholm\n"
                + "timelineViews:\n  - name: all\n");

        assertThat(ProgramDocuments.changes(before.stored(), after.stored())).containsExactly("name", "timelineViews", "timezone");
        assertThat(ProgramDocuments.changes(before.stored(), before.stored())).isEmpty();
    }
}
