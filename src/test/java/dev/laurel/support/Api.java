package dev.laurel.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client against the running Laurel: requests go through Tomcat, filters and all.
 *
 * <p>A 5xx answer fails the test at once ({@link AssertionError} naming the method, path, status and
 * body): a 500 is a bug, and a test that merely checks some other field could otherwise pass over one.
 * A test that expects a 5xx (the point master's 502s) says so with {@link #expecting5xx()}.
 */
public final class Api {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final Map<String, String> headers;
    private final boolean serverErrorsExpected;

    public Api(int port) {
        this("http://localhost:" + port, Map.of(), false);
    }

    private Api(String base, Map<String, String> headers, boolean serverErrorsExpected) {
        this.base = base;
        this.headers = headers;
        this.serverErrorsExpected = serverErrorsExpected;
    }

    /** The same client, for a request that may answer 5xx on purpose (e.g. a 502 when the point master fails). */
    public Api expecting5xx() {
        return new Api(base, headers, true);
    }

    /** The same client sending {@code apikey: key}. */
    public Api key(String key) {
        return header("apikey", key);
    }

    public Api header(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Api(base, copy, serverErrorsExpected);
    }

    public Response get(String path) {
        return send("GET", path, null, null);
    }

    public Response post(String path, String json) {
        return send("POST", path, json, "application/json");
    }

    public Response put(String path, String json) {
        return send("PUT", path, json, "application/json");
    }

    public Response patch(String path, String json) {
        return send("PATCH", path, json, "application/merge-patch+json");
    }

    public Response send(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 500 && !serverErrorsExpected) {
                throw new AssertionError(method + " " + path + " answered " + response.statusCode()
                        + ", a server error the test did not expect (Api.expecting5xx() if it should): " + response.body());
            }
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What came back; {@link #json()} parses the body. */
    // ---------------------------------------------------------------- calls many tests make

    /** A new member, opted in ({@code POST /v1/members}, which must answer 201), with {@code email} unless null; their id. */
    public String optedInMember(String email) {
        Response r = post("/v1/members", email == null ? "{\"optedIn\": true}" : "{\"email\": \"" + email + "\", \"optedIn\": true}");
        if (r.status() != 201) {
            throw new AssertionError("creating a member: " + r);
        }
        return r.json().get("id").asString();
    }

    /**
     * A manual adjustment of {@code amount} points on the member's account of {@code definitionId} ({@code 201}): earned
     * and active at once, or, negative, spent. Returns the id of its entry.
     */
    public String adjust(String member, int definitionId, long amount) {
        Response r = post("/v1/members/" + member + "/adjustments", "{\"definitionId\": " + definitionId + ", \"amount\": " + amount
                + ", \"description\": \"by hand\", \"source\": \"Manual\", \"userId\": \"u\", \"userName\": \"n\"}");
        if (r.status() != 201) {
            throw new AssertionError("adjusting " + member + " by " + amount + ": " + r);
        }
        return r.json().get("entry").get("id").asString();
    }

    /** The member's latest tier change ({@code GET /v1/members/{id}/tier-history}, newest first). */
    public JsonNode lastTierChange(String member) {
        return get("/v1/members/" + member + "/tier-history").json().get(0);
    }

    /** Runs every sweep now ({@code POST /v1/admin/jobs/run}, with a key of the admin scope) and returns its report. */
    public JsonNode runJobs() {
        Response r = post("/v1/admin/jobs/run", "");
        if (r.status() != 200) {
            throw new AssertionError("running the sweeps: " + r);
        }
        return r.json();
    }

    /** How many items the sweep named {@code sweep} processed, in a {@link #runJobs()} report. */
    public static long processed(JsonNode run, String sweep) {
        for (JsonNode s : run.get("sweeps")) {
            if (s.get("name").asString().equals(sweep)) {
                return s.get("processed").asLong();
            }
        }
        throw new AssertionError("no sweep " + sweep + " in " + run);
    }

    /** The balance of the member's account of {@code definitionId} (0 when they have none yet). */
    public long balance(String member, int definitionId) {
        for (JsonNode a : get("/v1/members/" + member + "/point-accounts").json()) {
            if (a.get("definitionId").asInt() == definitionId) {
                return a.get("balance").asLong();
            }
        }
        return 0;
    }

    /** The member's tier ({@code GET /v1/members/{id}/tier}, which must answer 200). */
    public JsonNode tier(String member) {
        Response r = get("/v1/members/" + member + "/tier");
        if (r.status() != 200) {
            throw new AssertionError("the tier of " + member + ": " + r);
        }
        return r.json();
    }

    public record Response(int status, Map<String, java.util.List<String>> headers, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
