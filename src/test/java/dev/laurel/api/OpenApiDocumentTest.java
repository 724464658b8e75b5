package dev.laurel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.IntegrationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document Laurel serves is the one committed in {@link #COMMITTED} (from which the build generates the
 * Java client that {@code GeneratedClientTest} uses), and it is one a generator can make a usable client from:
 * unique meaningful operation ids, the security each operation takes, its success status and its problem answers.
 */
class OpenApiDocumentTest extends IntegrationTest {

    static final Path COMMITTED = Path.of("src/test/resources/openapi/laurel.json");
    /** {@code -Dlaurel.openapi.write=true} writes the served document over the committed one. */
    static final String REWRITE = "laurel.openapi.write";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    /** What springdoc makes up when it is told nothing: the method's name, {@code get_1}, {@code put}, {@code status}. */
    private static final Pattern MADE_UP = Pattern.compile("(get|put|post|patch|delete|status|list|create|update|search)(_\\d+)?");
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Test
    void the_served_document_is_the_committed_one_the_client_is_generated_from() throws IOException {
        JsonNode served = api().get("/v3/api-docs").json();
        if (Boolean.getBoolean(REWRITE)) {
            Files.createDirectories(COMMITTED.getParent());
            Files.writeString(COMMITTED, JSON.writeValueAsString(served) + "\n", StandardCharsets.UTF_8);
        }
        JsonNode committed = JSON.readTree(Files.readString(COMMITTED, StandardCharsets.UTF_8));

        assertThat(served).as("the served /v3/api-docs differs from " + COMMITTED + ", from which the Java client is generated. "
                + "If the change is meant, refresh the file: ./mvnw test -Dtest=OpenApiDocumentTest -D" + REWRITE + "=true, "
                + "then review and commit it").isEqualTo(committed);
    }

    @Test
    void every_operation_has_a_unique_operation_id_that_names_what_it_does() {
        Map<String, List<String>> byId = new HashMap<>();
        List<String> madeUp = new ArrayList<>();
        forEachOperation((key, operation) -> {
            String id = operation.path("operationId").asString("");
            byId.computeIfAbsent(id, k -> new ArrayList<>()).add(key);
            if (id.isEmpty() || MADE_UP.matcher(id).matches() || id.contains("_")) {
                madeUp.add(key + " -> '" + id + "'");
            }
        });

        assertThat(madeUp).as("operations whose id springdoc made up").isEmpty();
        assertThat(byId.entrySet().stream().filter(e -> e.getValue().size() > 1).map(e -> e.getKey() + " " + e.getValue()).toList())
                .as("operation ids used twice").isEmpty();
        assertThat(byId).containsKeys("createMember", "getMember", "patchMember", "findMembers", "adjustPoints",
                "sessionmSearchUsers", "rbiUpdatePointsBalance", "engageSyncTransactions", "engageSyncBalances");
    }

    @Test
    void every_operation_says_which_credentials_it_takes() {
        JsonNode paths = paths();
        List<String> without = new ArrayList<>();
        forEachOperation((key, operation) -> {
            if (!operation.has("security")) {
                without.add(key);
            }
        });

        assertThat(without).as("operations without their own security").isEmpty();
        assertThat(schemes(paths.path("/v1/members").path("post"))).containsExactlyInAnyOrder("apikey", "bearer");
        assertThat(schemes(paths.path("/priv/v1/apps/{appKey}/users/search").path("get"))).contains("basic", "apikey", "bearer");
        assertThat(paths.path("/v1/programs/schema").path("get").path("security").isEmpty()).as("the schema needs no key").isTrue();
        assertThat(paths.path("/v1/programs/schema").path("get").path("security").isArray()).isTrue();
    }

    @Test
    void every_operation_documents_its_success_status_and_its_problems_with_their_shape() {
        JsonNode paths = paths();
        List<String> missing = new ArrayList<>();
        forEachOperation((key, operation) -> {
            JsonNode responses = operation.path("responses");
            boolean success = responses.propertyNames().stream().anyMatch(s -> s.startsWith("2"));
            for (String status : List.of("400", "429", "503")) {
                if (!responses.has(status)) {
                    missing.add(key + " " + status);
                }
            }
            if (!success) {
                missing.add(key + " 2xx");
            }
            for (String status : responses.propertyNames()) {
                if (status.startsWith("4") || status.startsWith("5")) {
                    JsonNode content = responses.path(status).path("content");
                    String ref = (key.contains(" /priv/") ? content.path("application/json") : content.path("application/problem+json"))
                            .path("schema").path("$ref").asString("");
                    if (!ref.endsWith(key.contains(" /priv/") ? "/SessionmError" : "/Problem")) {
                        missing.add(key + " " + status + " shape (" + ref + ")");
                    }
                }
            }
        });

        assertThat(missing).as("operations without a documented answer").isEmpty();
        assertThat(paths.path("/v1/members").path("post").path("responses").has("201")).isTrue();
        assertThat(paths.path("/v1/members").path("post").path("responses").has("200")).isFalse();
        assertThat(paths.path("/v1/members").path("post").path("responses").has("409")).isTrue();
        assertThat(paths.path("/v1/members/{id}").path("get").path("responses").has("410")).isTrue();
        assertThat(paths.path("/v1/members/{id}/adjustments").path("post").path("responses").propertyNames()).contains("201", "202", "409");
        assertThat(paths.path("/api/v2/point-accounts/balances").path("post").path("responses").has("202")).isTrue();
        JsonNode problem = api().get("/v3/api-docs").json().path("components").path("schemas").path("Problem").path("properties");
        assertThat(problem.propertyNames()).contains("type", "title", "status", "detail", "instance", "code", "errors", "requestId");
    }

    @Test
    void request_bodies_are_typed_with_the_seeds_field_names_and_examples() {
        JsonNode document = api().get("/v3/api-docs").json();
        JsonNode paths = document.path("paths");
        List<String> trees = new ArrayList<>();
        forEachOperation((key, operation) -> {
            String text = operation.toString();
            if (text.contains("JsonNode") || text.contains("nodeType")) {
                trees.add(key);
            }
        });
        assertThat(trees).as("operations typed as a JSON tree").isEmpty();
        assertThat(document.path("components").path("schemas").has("JsonNode")).isFalse();

        assertThat(schema(document, paths.path("/loyalty/user/{loyaltyUserId}/points").path("post")).path("properties").propertyNames())
                .containsExactlyInAnyOrder("partner", "points", "reference");
        JsonNode transactions = paths.path("/api/v2/point-accounts/transactions").path("post").path("requestBody").path("content")
                .path("application/json");
        assertThat(transactions.path("schema").path("type").asString()).isEqualTo("array");
        assertThat(resolve(document, transactions.path("schema").path("items")).path("properties").propertyNames())
                .containsExactlyInAnyOrder("contactId", "amount", "definitionId", "timeStamp", "source", "description", "validFrom", "validTo");
        assertThat(transactions.toString()).contains("Gilded gauntlets");
        assertThat(paths.path("/priv/v1/apps/{appKey}/users/search").path("get").path("responses").path("200").toString())
                .contains("ZTEST002", "point_account_balances");
    }

    private JsonNode paths() {
        return api().get("/v3/api-docs").json().path("paths");
    }

    private void forEachOperation(java.util.function.BiConsumer<String, JsonNode> each) {
        for (var path : paths().properties()) {
            for (var operation : path.getValue().properties()) {
                if (METHODS.contains(operation.getKey())) {
                    each.accept(operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(), operation.getValue());
                }
            }
        }
    }

    private static List<String> schemes(JsonNode operation) {
        List<String> names = new ArrayList<>();
        operation.path("security").forEach(requirement -> names.addAll(requirement.propertyNames()));
        return names;
    }

    private static JsonNode schema(JsonNode document, JsonNode operation) {
        return resolve(document, operation.path("requestBody").path("content").path("application/json").path("schema"));
    }

    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        return ref.isEmpty() ? schema : document.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
    }
}
