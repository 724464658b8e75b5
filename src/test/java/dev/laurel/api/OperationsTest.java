package dev.laurel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

class OperationsTest extends IntegrationTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void health_answers_up_and_prometheus_metrics_are_served() {
        Response health = api().get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");

        Response metrics = api().get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes", "hikaricp_connections");
    }

    @Test
    void the_openapi_document_covers_every_endpoint() {
        JsonNode paths = api().get("/v3/api-docs").json().get("paths");
        Set<String> documented = new HashSet<>();
        paths.propertyNames().forEach(documented::add);

        Set<String> served = new HashSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            info.getPatternValues().stream().filter(p -> p.startsWith("/v1/") || p.startsWith("/api/")
                    || p.startsWith("/priv/") || p.startsWith("/loyalty/")).forEach(served::add);
        }

        assertThat(served).isNotEmpty();
        assertThat(documented).containsAll(served);
        assertThat(api().get("/swagger-ui.html").status()).isIn(200, 302);
    }

    @Test
    void the_openapi_document_shows_neither_the_resolved_caller_nor_the_error_path() {
        JsonNode paths = api().get("/v3/api-docs").json().get("paths");

        assertThat(paths.has("/error")).isFalse();
        List<String> callerParameters = new ArrayList<>();
        for (var path : paths.properties()) {
            for (var operation : path.getValue().properties()) {
                for (JsonNode parameter : operation.getValue().path("parameters")) {
                    if (parameter.path("name").asString("").equals("caller")) {
                        callerParameters.add(operation.getKey() + " " + path.getKey());
                    }
                }
                JsonNode body = operation.getValue().path("requestBody").path("content");
                for (JsonNode media : body) {
                    if (media.path("schema").path("$ref").asString("").endsWith("/Caller")) {
                        callerParameters.add(operation.getKey() + " " + path.getKey() + " (body)");
                    }
                }
            }
        }
        assertThat(callerParameters).isEmpty();
    }

    @Test
    void the_redemption_requests_carry_examples_in_the_openapi_document() {
        JsonNode paths = api().get("/v3/api-docs").json().get("paths");

        assertThat(example(paths, "/v1/members/{id}/redemptions", "application/json")).contains("\"rewardId\"");
        assertThat(example(paths, "/v1/members/{id}/holds", "application/json")).contains("\"definitionId\"", "\"reference\"");
        assertThat(example(paths, "/v1/holds/{holdId}/capture", "application/json")).contains("\"points\"");
        assertThat(example(paths, "/v1/rewards/{rewardId}/codes", "application/json")).contains("\"codes\"");
        assertThat(example(paths, "/v1/rewards/{rewardId}/codes", "text/csv")).startsWith("code\n");
    }

    private static String example(JsonNode paths, String path, String mediaType) {
        JsonNode content = paths.path(path).path("post").path("requestBody").path("content").path(mediaType);
        assertThat(content.isMissingNode()).as(path + " " + mediaType).isFalse();
        JsonNode example = content.path("example");
        if (example.isMissingNode()) {
            example = content.path("examples").values().iterator().next().path("value");
        }
        return example.isString() ? example.asString() : example.toString();
    }

    @Test
    void the_clock_can_be_set_frozen_or_ticking_when_adjustable() {
        Api api = as(newProgram());

        Response frozen = api.put("/v1/admin/clock", "{\"now\": \"2024-02-28T02:14:05.453Z\", \"frozen\": true}");

        assertThat(frozen.status()).isEqualTo(200);
        assertThat(api.get("/v1/admin/clock").json().get("now").asString()).isEqualTo("2024-02-28T02:14:05.453Z");
        assertThat(clock.instant()).isEqualTo(Instant.parse("2024-02-28T02:14:05.453Z"));

        api.put("/v1/admin/clock", "{\"now\": \"2030-01-01T00:00:00Z\"}");
        assertThat(clock.frozen()).isFalse();
        assertThat(clock.instant()).isBetween(Instant.parse("2030-01-01T00:00:00Z"), Instant.parse("2030-01-01T00:10:00Z"));
        assertThat(api.put("/v1/admin/clock", "{}").status()).isEqualTo(400);
    }

    @Test
    void running_the_jobs_answers_what_each_sweep_did() {
        Response r = as(newProgram()).post("/v1/admin/jobs/run", "");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("ranAt").asString()).isNotBlank();
        assertThat(r.json().get("sweeps").isArray()).isTrue();
    }
}
