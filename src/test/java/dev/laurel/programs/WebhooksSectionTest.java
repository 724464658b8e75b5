package dev.laurel.programs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.laurel.platform.FieldError;
import dev.laurel.programs.Program.Subscription;
import dev.laurel.programs.ProgramDocuments.Format;
import dev.laurel.programs.ProgramDocuments.Parsed;
import dev.laurel.programs.ProgramDocuments.Variables;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The program document's {@code webhooks} section: what it reads into, its secrets, and every rule, refused with its field. */
class WebhooksSectionTest {

    private static final String BASE = """
            id: test-program
            name: Test program
            apiKeys:
              - name: admin
                secret: admin-secret-0123456789
                scopes: [admin]
            """;
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static Parsed parse(String text) {
        return ProgramDocuments.parse("test.yaml", ProgramDocuments.read("test.yaml", text, Format.YAML), Variables.NONE, null);
    }

    private static String webhooks(String subscriptions) {
        return BASE + "webhooks:\n  subscriptions:\n" + subscriptions.indent(4);
    }

    private static List<FieldError> errors(String text) {
        try {
            return fail("expected the document to be refused, but it parsed to " + parse(text).program());
        } catch (InvalidProgram e) {
            return e.errors();
        }
    }

    private static void assertOnlyError(String text, String field, String... messageParts) {
        assertThat(errors(text)).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.message()).contains(messageParts);
        });
    }

    @Test
    void subscriptions_read_into_the_program_and_a_program_answers_which_take_a_type() {
        Program program = parse(webhooks("""
                - url: https://crm.example.com/laurel
                  secret: %s
                  events: [member.created, points.earned]
                - url: https://bi.example.com/hook
                  secret: a-plain-secret-of-16-or-more
                  events: [points.earned, tier.changed]
                """.formatted(SECRET))).program();

        assertThat(program.webhooks().subscriptions()).hasSize(2);
        assertThat(program.webhooks().subscriptions().get(0))
                .isEqualTo(new Subscription("https://crm.example.com/laurel", SECRET, Set.of("member.created", "points.earned")));
        assertThat(program.subscriptionsTo("points.earned")).extracting(Subscription::url)
                .containsExactly("https://crm.example.com/laurel", "https://bi.example.com/hook");
        assertThat(program.subscriptionsTo("tier.changed")).extracting(Subscription::url).containsExactly("https://bi.example.com/hook");
        assertThat(program.subscriptionsTo("voucher.issued")).isEmpty();
        assertThat(program.webhooks().subscriptions().get(0).toString()).doesNotContain(SECRET);
        assertThat(parse(BASE).program().webhooks()).isNull();
        assertThat(parse(BASE).program().subscriptionsTo("member.created")).isEmpty();
    }

    @Test
    void a_subscription_secret_is_never_read_back_and_is_kept_when_a_document_leaves_it_out() {
        Parsed first = parse(webhooks("""
                - url: https://crm.example.com/laurel
                  secret: %s
                  events: [member.created]
                """.formatted(SECRET)));
        ObjectNode redacted = ProgramDocuments.redacted(first.stored());
        assertThat(redacted.toString()).doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        Parsed again = ProgramDocuments.parse("api", redacted, Variables.NONE, first.stored());

        assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(again.program().webhooks().subscriptions().get(0).secret()).isEqualTo(SECRET);
    }

    @Test
    void each_broken_rule_is_refused_with_its_field() {
        assertOnlyError(webhooks("""
                - url: https://crm.example.com/laurel
                  secret: %s
                  events: [points.stolen]
                """.formatted(SECRET)), "webhooks.subscriptions[0].events[0]", "must be one of member.created");
        assertOnlyError(webhooks("""
                - url: https://crm.example.com/laurel
                  secret: %s
                  events: []
                """.formatted(SECRET)), "webhooks.subscriptions[0].events", "at least one event type");
        assertOnlyError(webhooks("""
                - url: https://crm.example.com/laurel
                  secret: too-short
                  events: [member.created]
                """), "webhooks.subscriptions[0].secret", "at least 16 characters");
        assertOnlyError(webhooks("""
                - url: https://crm.example.com/laurel
                  secret: whsec_c2hvcnQgYnV0IGxvbmdlcg==
                  events: [member.created]
                """), "webhooks.subscriptions[0].secret", "Base64 of 24 to 64 bytes");
        assertOnlyError(webhooks("""
                - url: ftp://crm.example.com/laurel
                  secret: %s
                  events: [member.created]
                """.formatted(SECRET)), "webhooks.subscriptions[0].url", "absolute http or https URL");
        assertOnlyError(webhooks("""
                - url: https://crm.example.com/laurel
                  secret: %s
                  events: [member.created]
                - url: https://crm.example.com/laurel
                  secret: %s
                  events: [points.earned]
                """.formatted(SECRET, SECRET)), "webhooks.subscriptions[1].url", "one subscription per URL");
        assertOnlyError(webhooks("""
                - url: https://crm.example.com/laurel
                  events: [member.created]
                """), "webhooks.subscriptions[0].secret", "required");
    }
}
