package dev.laurel.proof;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The proof tests' HTTP client: unlike {@code support.Api} it never throws on what a node does (no
 * answer, a 5xx), it reports it, since a killed node and an absent database are what these tests are about.
 */
public final class ProofHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
    private final Duration timeout;

    public ProofHttp(Duration timeout) {
        this.timeout = timeout;
    }

    /** What one attempt got: an answer, or none (then {@code failure} says why), with when it was sent and ended. */
    public record Outcome(int status, String body, String contentType, String retryAfter, boolean replayed, IOException failure,
            long sentAtNanos, long endedAtNanos) {

        public boolean answered() {
            return failure == null;
        }

        public boolean timedOut() {
            return failure instanceof HttpTimeoutException;
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }

        @Override
        public String toString() {
            return answered() ? status + " " + (body.length() > 500 ? body.substring(0, 500) + "..." : body) : "no answer: " + failure;
        }
    }

    public Outcome send(URI base, String method, String path, String apiKey, String idempotencyKey, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (apiKey != null) {
            request.header("apikey", apiKey);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        long sent = System.nanoTime();
        try {
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Outcome(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(null),
                    r.headers().firstValue("Retry-After").orElse(null),
                    r.headers().firstValue("Idempotent-Replayed").map("true"::equals).orElse(false), null, sent, System.nanoTime());
        } catch (IOException e) {
            return new Outcome(0, null, null, null, false, e, sent, System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(0, null, null, null, false, new IOException("interrupted", e), sent, System.nanoTime());
        }
    }

    public Outcome get(URI base, String path, String apiKey) {
        return send(base, "GET", path, apiKey, null, null);
    }

    /** A GET authorised with {@code Authorization: Basic} (SessionM's endpoints: the program id and one of its keys). */
    public Outcome getBasic(URI base, String path, String user, String password) {
        String credentials = java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().header("Authorization", "Basic " + credentials)
                .build();
        long sent = System.nanoTime();
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Outcome(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(null),
                    r.headers().firstValue("Retry-After").orElse(null), false, null, sent, System.nanoTime());
        } catch (IOException e) {
            return new Outcome(0, null, null, null, false, e, sent, System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(0, null, null, null, false, new IOException("interrupted", e), sent, System.nanoTime());
        }
    }

    /** A GET that must answer 200 (for the checks after the traffic); fails the test otherwise. */
    public JsonNode getOk(URI base, String path, String apiKey) {
        Outcome o = get(base, path, apiKey);
        if (!o.answered() || o.status() != 200) {
            throw new AssertionError("GET " + path + ": " + o);
        }
        return o.json();
    }
}
