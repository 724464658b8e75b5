package dev.laurel.programs;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.tuple;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class ProgramsApiTest extends IntegrationTest {

    private TestProgram program;
    private Api api;

    @BeforeEach
    void program() {
        program = newProgram();
        api = as(program);
    }

    @Test
    void the_document_in_force_is_returned_without_any_secret() {
        Response r = api.get("/v1/programs/" + program.id());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Laurel-Program-Revision")).isEqualTo("1");
        assertThat(r.json().get("id").asString()).isEqualTo(program.id());
        assertThat(r.json().get("pointDefinitions")).hasSize(2);
        assertThat(r.json().get("apiKeys").get(0).get("name").asString()).isEqualTo("middleware");
        assertThat(r.body()).doesNotContain("secret", program.adminKey(), program.partnerKey(),
                ProgramDocuments.sha256(program.adminKey()));
    }

    @Test
    void a_document_read_back_and_sent_again_changes_nothing_and_keeps_the_keys() {
        String document = api.get("/v1/programs/" + program.id()).body();

        Response put = api.put("/v1/programs/" + program.id(), document);

        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().get("changed").asBoolean()).isFalse();
        assertThat(put.json().get("revision").asInt()).isEqualTo(1);
        assertThat(api.get("/v1/members").status()).isEqualTo(200);
        assertThat(api().key(program.partnerKey()).get("/v1/members").status()).isEqualTo(403);
    }

    @Test
    void a_changed_document_becomes_the_next_revision_and_every_revision_is_kept() {
        ObjectNode document = (ObjectNode) api.get("/v1/programs/" + program.id()).json();
        document.put("name", "ACME Rewards, renamed");

        Response put = api.put("/v1/programs/" + program.id(), document.toString());

        assertThat(put.json().get("changed").asBoolean()).isTrue();
        assertThat(put.json().get("revision").asInt()).isEqualTo(2);
        assertThat(api.get("/v1/programs/" + program.id()).json().get("name").asString()).isEqualTo("ACME Rewards, renamed");
        Response revisions = api.get("/v1/programs/" + program.id() + "/revisions");
        assertThat(revisions.json()).hasSize(2);
        assertThat(revisions.json().get(0).get("revision").asInt()).isEqualTo(2);
        assertThat(revisions.json().get(0).get("source").asString()).isEqualTo("API");
        assertThat(revisions.json().get(0).get("sourceName").asString()).isEqualTo("middleware");
        assertThat(revisions.json().get(1).get("source").asString()).isEqualTo("FILE");
        assertThat(revisions.json().get(0).get("changed").toString()).isEqualTo("[\"name\"]");
        assertThat(revisions.json().get(1).get("changed").get(0).asString()).isEqualTo("(the first revision)");
        assertThat(programs.get(program.id()).name()).isEqualTo("ACME Rewards, renamed");
    }

    @Test
    void a_document_may_be_sent_as_yaml() {
        String yaml = program.yaml().replace("${ACME_API_KEY}", program.adminKey())
                .replace("${ACME_PARTNER_KEY}", program.partnerKey()).replace("name: ACME Rewards", "name: ACME in YAML");

        Response put = api.send("PUT", "/v1/programs/" + program.id(), yaml, "application/yaml");

        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().get("changed").asBoolean()).isTrue();
        assertThat(programs.get(program.id()).name()).isEqualTo("ACME in YAML");
    }

    @Test
    void a_new_key_sent_over_the_api_works_and_a_removed_key_stops_working() {
        ObjectNode document = (ObjectNode) api.get("/v1/programs/" + program.id()).json();
        var keys = document.withArray("apiKeys");
        keys.remove(1);
        keys.addObject().put("name", "pos").put("secret", "a-brand-new-key-for-the-pos").putArray("scopes").add("admin");

        assertThat(api.put("/v1/programs/" + program.id(), document.toString()).status()).isEqualTo(200);

        assertThat(api().key("a-brand-new-key-for-the-pos").get("/v1/members").status()).isEqualTo(200);
        assertThat(api().key(program.partnerKey()).get("/v1/members").status()).isEqualTo(401);
    }

    @Test
    void an_invalid_document_is_refused_with_every_field_named_and_nothing_changes() {
        ObjectNode document = (ObjectNode) api.get("/v1/programs/" + program.id()).json();
        ((ObjectNode) document.withArray("pointDefinitions").get(0)).put("purpose", "SPEND");
        document.put("timezone", "Mars/Olympus");

        Response put = api.put("/v1/programs/" + program.id(), document.toString());

        assertThat(put.status()).isEqualTo(400);
        assertThat(put.json().get("code").asString()).isEqualTo("invalid-program");
        assertThat(put.body()).contains("pointDefinitions[0].purpose", "SPENDABLE, TIER_QUALIFYING", "timezone");
        assertThat(api.get("/v1/programs/" + program.id()).header("Laurel-Program-Revision")).isEqualTo("1");
    }

    @Test
    void the_id_in_the_document_must_be_the_program_in_the_path() {
        ObjectNode document = (ObjectNode) api.get("/v1/programs/" + program.id()).json();
        document.put("id", "someone-else");

        Response put = api.put("/v1/programs/" + program.id(), document.toString());

        assertThat(put.status()).isEqualTo(400);
        assertThat(put.json().get("errors").get(0).get("field").asString()).isEqualTo("id");
    }

    @Test
    void a_document_over_the_api_may_read_only_the_listed_environment_variables() {
        ObjectNode document = (ObjectNode) api.get("/v1/programs/" + program.id()).json();
        document.put("name", "${LAUREL_TEST_FORBIDDEN_VARIABLE}");

        Response forbidden = api.put("/v1/programs/" + program.id(), document.toString());

        assertThat(forbidden.status()).isEqualTo(400);
        assertThat(forbidden.body()).contains("LAUREL_TEST_FORBIDDEN_VARIABLE").doesNotContain("must-not-leak");
        document.put("name", "${LAUREL_TEST_ALLOWED_VARIABLE}");
        assertThat(api.put("/v1/programs/" + program.id(), document.toString()).status()).isEqualTo(200);
        assertThat(programs.get(program.id()).name()).isEqualTo("resolved-from-the-environment");
    }

    @Test
    void a_key_may_not_read_or_write_another_programs_document() {
        TestProgram other = newProgram();
        String otherDocument = as(other).get("/v1/programs/" + other.id()).body();

        assertThat(api.get("/v1/programs/" + other.id()).status()).isEqualTo(404);
        assertThat(api.get("/v1/programs/" + other.id() + "/revisions").status()).isEqualTo(404);
        assertThat(api.put("/v1/programs/" + other.id(), otherDocument).status()).isEqualTo(404);
        assertThat(api.get("/v1/programs/no-such-program").status()).isEqualTo(404);
    }

    @Test
    void a_key_already_used_by_another_program_is_refused() {
        TestProgram other = newProgram();
        ObjectNode document = (ObjectNode) api.get("/v1/programs/" + program.id()).json();
        document.withArray("apiKeys").addObject().put("name", "stolen").put("secret", other.adminKey()).putArray("scopes").add("admin");

        Response put = api.put("/v1/programs/" + program.id(), document.toString());

        assertThat(put.status()).isEqualTo(400);
        assertThat(put.json().get("errors").get(0).get("field").asString()).isEqualTo("apiKeys[2].secret");
        assertThat(api().key(other.adminKey()).get("/v1/programs/" + other.id()).status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- the schema

    /** Validates as an editor would: the served schema alone, a validator that knows nothing of Laurel. */
    private List<Error> validateAgainstServedSchema(JsonNode document) {
        String schema = api().get("/v1/programs/schema").body();
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of("http://localhost:" + port + "/v1/programs/schema"), schema, InputFormat.JSON)
                .validate(document);
    }

    @Test
    void the_program_schema_is_served_without_a_key_as_schema_json() {
        Response r = api().get("/v1/programs/schema");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/schema+json");
        assertThat(r.json().get("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(r.body()).isEqualTo(ProgramDocuments.schema());
        assertThat(api().key("not-a-key-of-any-program").get("/v1/programs/schema").status()).isEqualTo(200);
    }

    @Test
    void only_a_get_of_the_schema_path_itself_is_open_without_a_key() {
        assertThat(api().get("/v1/programs/" + program.id()).status()).isEqualTo(401);
        assertThat(api().put("/v1/programs/schema", "{}").status()).isEqualTo(401);
        assertThat(api().get("/v1/programs/schema/").status()).isEqualTo(401);
        assertThat(api().get("/v1/programs/schemas").status()).isEqualTo(401);
        assertThat(api().get("/v1/programs/schema/revisions").status()).isEqualTo(401);
        // Matched as it is routed: a path that reaches the schema is the schema, however it is spelled.
        assertThat(api().get("/v1/programs/%73chema").status()).isEqualTo(200);
    }

    @Test
    void the_bundled_samples_validate_against_the_served_schema() throws IOException {
        Resource[] samples = new PathMatchingResourcePatternResolver().getResources("classpath:samples/programs/*.yaml");

        assertThat(samples).hasSizeGreaterThanOrEqualTo(2);
        for (Resource sample : samples) {
            try (InputStream in = sample.getInputStream()) {
                assertThat(validateAgainstServedSchema(YAMLMapper.builder().build().readTree(in))).as(sample.getFilename()).isEmpty();
            }
        }
    }

    @Test
    void a_document_with_three_mistakes_gets_three_errors_from_the_schema_at_their_paths() {
        ObjectNode document = (ObjectNode) api.get("/v1/programs/" + program.id()).json();
        document.put("colour", "blue");
        ((ObjectNode) document.withArray("pointDefinitions").get(1).get("escrow")).put("days", 0);
        // The test program's admin key also has the clock scope: its scopes here are the sample's, plus the mistake.
        ((ArrayNode) document.withArray("apiKeys").get(0).get("scopes")).removeAll().add("admin").add("superuser");

        Response put = api.put("/v1/programs/" + program.id(), document.toString());

        assertThat(put.status()).isEqualTo(400);
        assertThat(put.json().get("errors").valueStream().map(e -> tuple(e.get("field").asString(), e.get("message").asString())))
                .containsExactlyInAnyOrder(
                        tuple("colour", "unknown field (expected one of: apiKeys, availablePoints, campaigns, cardIdentifier, cashOut, earning, id, "
                                + "locale, name, operators, partnerPointDefinition, partners, pointDefinitions, pointMaster, rewards, sessionm, "
                                + "tierSystem, timelineViews, timezone, webhooks)"),
                        tuple("pointDefinitions[1].escrow.days", "must be between 1 and 3650"),
                        tuple("apiKeys[0].scopes[1]", "must be admin, partner or clock (was 'superuser')"));
        assertThat(validateAgainstServedSchema(document))
                .extracting(Error::getKeyword, e -> e.getInstanceLocation().toString(), Error::getProperty)
                .containsExactlyInAnyOrder(
                        tuple("additionalProperties", "", "colour"),
                        tuple("minimum", "/pointDefinitions/1/escrow/days", null),
                        tuple("enum", "/apiKeys/0/scopes/1", null));
        assertThat(api.get("/v1/programs/" + program.id()).header("Laurel-Program-Revision")).isEqualTo("1");
    }
}
