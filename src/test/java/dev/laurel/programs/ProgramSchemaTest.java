package dev.laurel.programs;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The program schema as a document of its own: valid, closed, every message given, and saying what Laurel does. */
class ProgramSchemaTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Schema SCHEMA = REGISTRY.getSchema(SchemaLocation.of("https://laurel.test/program.schema.json"),
            ProgramDocuments.schema(), InputFormat.JSON);

    private static JsonNode schemaTree() {
        return JSON.readTree(ProgramDocuments.schema());
    }

    /** A document with one key, the given field set on it. */
    private static List<Error> keyWith(String field, String value) {
        ObjectNode document = JSON.createObjectNode().put("id", "p").put("name", "P");
        document.putArray("apiKeys").addObject().put("name", "admin").put(field, value).putArray("scopes").add("admin");
        return SCHEMA.validate(document);
    }

    private static List<Error> operatorWith(String password) {
        ObjectNode document = (ObjectNode) JSON.readTree("""
                {"id": "p", "name": "P", "apiKeys": [{"name": "admin", "secret": "admin-secret-0123456789", "scopes": ["admin"]}]}""");
        document.putArray("operators").addObject().put("username", "maria").put("password", password);
        return SCHEMA.validate(document);
    }

    private static List<Error> signingSecret(String secret) {
        ObjectNode document = (ObjectNode) JSON.readTree("""
                {"id": "p", "name": "P", "apiKeys": [{"name": "admin", "secret": "admin-secret-0123456789", "scopes": ["admin"]}],
                 "pointMaster": {"historyUrl": "https://m.example.com/{contactId}",
                                 "adjustmentsWebhook": {"url": "https://m.example.com/hook", "encryptionKey": "k"}}}""");
        ((ObjectNode) document.get("pointMaster").get("adjustmentsWebhook")).put("signingSecret", secret);
        return SCHEMA.validate(document);
    }

    /** Calls {@code visit} with every schema object in the tree and its JSON pointer. */
    private static void eachSchemaObject(JsonNode node, String pointer, BiConsumer<String, JsonNode> visit) {
        if (node.isObject()) {
            visit.accept(pointer, node);
            node.properties().forEach(e -> eachSchemaObject(e.getValue(), pointer + "/" + e.getKey(), visit));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                eachSchemaObject(node.get(i), pointer + "/" + i, visit);
            }
        }
    }

    @Test
    void the_schema_is_a_valid_draft_2020_12_schema() {
        Schema metaSchema = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

        assertThat(metaSchema.validate(schemaTree())).isEmpty();
    }

    @Test
    void the_list_limits_laurel_publishes_are_the_schemas() {
        assertThat(List.of(ProgramDocuments.API_KEYS_MAX, ProgramDocuments.POINT_DEFINITIONS_MAX, ProgramDocuments.TIER_LEVELS_MAX,
                ProgramDocuments.PARTNERS_MAX, ProgramDocuments.CAMPAIGNS_MAX, ProgramDocuments.TIMELINE_VIEWS_MAX,
                ProgramDocuments.OPERATORS_MAX, ProgramDocuments.KEY_SECRET_LENGTH_MAX))
                .containsExactly(50, 100, 20, 100, 200, 50, 200, 512);
    }

    @Test
    void the_schema_asks_the_same_minimum_lengths_of_secrets_as_laurel_and_takes_a_placeholder_for_one() {
        String key = "k".repeat(ProgramDocuments.KEY_SECRET_LENGTH_MIN);
        String password = "p".repeat(ProgramDocuments.OPERATOR_PASSWORD_LENGTH_MIN);

        assertThat(keyWith("secret", key)).isEmpty();
        assertThat(keyWith("secret", key.substring(1))).extracting(Error::getKeyword).containsExactly("pattern");
        assertThat(keyWith("secret", "${KEY}")).isEmpty();
        assertThat(operatorWith(password)).isEmpty();
        assertThat(operatorWith(password.substring(1))).extracting(Error::getKeyword).containsExactly("pattern");
        assertThat(operatorWith("${PASSWORD}")).isEmpty();
        assertThat(signingSecret(key)).isEmpty();
        assertThat(signingSecret(key.substring(1))).extracting(Error::getKeyword).containsExactly("pattern");
    }

    @Test
    void every_pattern_has_the_message_laurel_and_editors_give() {
        List<String> without = new ArrayList<>();
        eachSchemaObject(schemaTree(), "", (pointer, node) -> {
            if (node.has("pattern") && node.get("pattern").isString() && !node.has("patternErrorMessage")) {
                without.add(pointer);
            }
        });

        assertThat(without).isEmpty();
    }

    @Test
    void every_object_says_which_fields_it_may_have_so_a_typo_is_an_error() {
        List<String> open = new ArrayList<>();
        eachSchemaObject(schemaTree(), "", (pointer, node) -> {
            if (node.path("type").isString() && "object".equals(node.get("type").stringValue()) && !node.has("additionalProperties")) {
                open.add(pointer);
            }
        });

        assertThat(open).isEmpty();
    }
}
