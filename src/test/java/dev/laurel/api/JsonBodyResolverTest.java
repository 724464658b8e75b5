package dev.laurel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import tools.jackson.databind.JsonNode;

/**
 * A JSON body sent as plain {@code application/json} is read by {@link JsonBodyResolver}; with a charset named it goes
 * Spring's general way. Both must answer every body alike: the same status, problem code, detail and field errors.
 */
class JsonBodyResolverTest extends IntegrationTest {

    private static final String PLAIN = "application/json";
    private static final String SPRINGS_WAY = "application/json;charset=UTF-8";

    @Autowired
    RequestMappingHandlerAdapter adapter;

    private Api api;

    @BeforeEach
    void program() {
        api = as(newProgram());
    }

    @Test
    void it_reads_json_bodies_before_springs_own_reader() {
        assertThat(adapter.getArgumentResolvers()).isNotEmpty();
        assertThat(adapter.getArgumentResolvers().get(0)).isInstanceOf(JsonBodyResolver.class);
    }

    @Test
    void every_body_is_answered_as_springs_own_reader_answers_it() {
        List<String> bodies = List.of("", " ", "{\"email\": ", "{} {}", "[]", "null", "42", "\"text\"", "{\"firstName\": 7}",
                "{\"firstName\": \"a\\u0000b\"}", "{\"attributes\": {\"k\\u0000\": \"v\"}}", "{\"optedIn\": true}",
                "{\"email\": \"both@example.com\", \"optedIn\": true}", "\uFEFF{\"optedIn\": true}", "{\"a\": 1e999999}");
        JsonBodyResolver resolver = (JsonBodyResolver) adapter.getArgumentResolvers().get(0);
        for (String body : bodies) {
            long before = resolver.bodiesRead();
            Response plain = api.send("POST", "/v1/members", body, PLAIN);
            long between = resolver.bodiesRead();
            Response spring = api.send("POST", "/v1/members", body, SPRINGS_WAY);
            if (!body.isBlank()) {
                assertThat(between - before).as("bodies the resolver read for %s as %s", body, PLAIN).isEqualTo(1);
            }
            assertThat(resolver.bodiesRead()).as("bodies the resolver read for %s as %s", body, SPRINGS_WAY).isEqualTo(between);
            assertThat(plain.status()).as("status for %s: %s / %s", body, plain, spring).isEqualTo(spring.status());
            assertThat(plain.status()).as("%s: %s", body, plain).isLessThan(500);
            if (plain.status() >= 400) {
                assertThat(plain.header("Content-Type")).startsWith("application/problem+json");
                for (String field : List.of("type", "code", "title", "detail", "errors")) {
                    assertThat(text(plain.json().get(field))).as("%s of the answer to %s", field, body)
                            .isEqualTo(text(spring.json().get(field)));
                }
            } else {
                assertThat(plain.json().get("email")).as("the member made from %s", body).isEqualTo(spring.json().get("email"));
            }
        }
    }

    @Test
    void a_body_of_another_type_still_goes_springs_way() {
        Response text = api.send("POST", "/v1/members", "{\"optedIn\": true}", "text/plain");
        Response none = api.send("POST", "/v1/members", "{\"optedIn\": true}", null);

        assertThat(text.status()).as(text.toString()).isEqualTo(415);
        assertThat(none.status()).as(none.toString()).isEqualTo(415);
    }

    @Test
    void the_endpoints_that_take_json_take_it_read_this_way() {
        String member = api.optedInMember(null);

        Response adjusted = api.post("/v1/members/" + member + "/adjustments", "{\"definitionId\": 1, \"amount\": 25, "
                + "\"description\": \"goodwill\", \"source\": \"Manual\", \"userId\": \"u\", \"userName\": \"n\"}");

        assertThat(adjusted.status()).as(adjusted.toString()).isIn(200, 201);
        assertThat(adjusted.json().toString()).as(adjusted.toString()).contains("goodwill").contains("25");
    }

    private static String text(JsonNode node) {
        return node == null ? null : node.toString();
    }
}
