package dev.laurel.proof.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.proof.Figures;
import dev.laurel.proof.fuzz.FuzzContext.Party;
import dev.laurel.proof.fuzz.FuzzRequests.FuzzRequest;
import dev.laurel.proof.fuzz.OpenApiDocument.Operation;
import dev.laurel.proof.fuzz.RawHttp.NoAnswer;
import dev.laurel.proof.fuzz.RawHttp.Response;
import dev.laurel.support.Api;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestPointMaster;
import dev.laurel.support.TestProgram;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fuzzing from the OpenAPI document Laurel serves: requests for every operation of {@code /v3/api-docs}
 * (and the health probes), valid-looking and hostile, under every scope, from several client threads.
 * A run fails on any 5xx, any hang, an error that is not {@code application/problem+json} (SessionM's
 * {@code /priv/} errors may have SessionM's shape), a 2xx whose JSON breaks the documented schema, and a
 * 2xx that should have been refused (no or wrong key, a partner key outside the partner endpoint, another
 * program's key on this program's resource, silently changed input).
 *
 * <p>Seeded: the seed is printed, and {@code -Dlaurel.fuzz.seed=S} makes the same requests again
 * ({@code -Dlaurel.fuzz.only=I} only request I). {@code -Dlaurel.fuzz.requests=N} sets the count (20,000 in
 * verify) and {@code -Dlaurel.fuzz.threads=T} the client threads (6). The long run:
 * {@code ./mvnw test -Dtest=OpenApiFuzzTest -DexcludedTestGroups=none -Dlaurel.fuzz.requests=200000}.
 */
class OpenApiFuzzTest extends IntegrationTest {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    static final int FAILURES_SHOWN_MAX = 60;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void every_operation_answers_hostile_requests_as_the_document_says_and_never_with_a_5xx() {
        run(Integer.getInteger("laurel.fuzz.requests", 20_000), "OpenApiFuzzTest");
    }

    @Test
    @Tag("stress")
    void a_long_fuzzing_run() {
        run(Integer.getInteger("laurel.fuzz.requests", 200_000), "OpenApiFuzzTest-stress");
    }

    private void run(int count, String name) {
        long seed = Long.getLong("laurel.fuzz.seed", new Random().nextLong());
        int threads = Integer.getInteger("laurel.fuzz.threads", 6);
        Long only = Long.getLong("laurel.fuzz.only");
        System.out.println("[proof] " + name + " seed " + seed + " (replay: -Dlaurel.fuzz.seed=" + seed + ")");
        Figures figures = new Figures(name).put("seed", seed).put("threads", threads);
        try (TestPointMaster pointMaster = new TestPointMaster()) {
            Map<String, String> followerValues = Map.of("POINT_MASTER_URL", pointMaster.url());
            TestProgram master = newProgram();
            TestProgram follower = newProgram(TestProgram.POINT_FOLLOWER, followerValues);
            TestProgram other = newProgram();
            FuzzContext ctx = context(master, follower, other, pointMaster.url());
            JsonNode served = api().get("/v3/api-docs").json();
            OpenApiDocument document = new OpenApiDocument(served);
            List<Operation> operations = new ArrayList<>(document.operations());
            operations.add(new Operation("GET", "/actuator/health", List.of(), List.of(), Map.of(), Set.of(200), true));
            operations.add(new Operation("GET", "/actuator/health/readiness", List.of(), List.of(), Map.of(), Set.of(200), true));
            FuzzRequests requests = new FuzzRequests(ctx, seed, clock.instant(), operations.stream().filter(Operation::open).toList());
            Run run = new Run(document, operations, requests, () -> {
                master.apply(programs, Map.of());
                follower.apply(programs, followerValues);
                other.apply(programs, Map.of());
            });
            long started = System.nanoTime();
            if (only != null) {
                run.one(only, new RawHttp("127.0.0.1", port));
            } else {
                run.all(count, threads, port);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            figures.put("OpenAPI version", document.version()).put("operations", operations.size())
                    .put("requests", run.sent.sum()).put("requests per second", Math.round(run.sent.sum() / seconds))
                    .put("answers by status class", new TreeMap<>(run.statusClasses))
                    .put("scopes", new TreeMap<>(run.scopes)).put("no answer (oversized body, connection closed)", run.closedOnOversized.sum())
                    .put("5xx", run.serverErrors.sum()).put("failures", run.failureCount.sum())
                    .put("undocumented statuses", new TreeSet<>(run.undocumented.keySet()));
            figures.put("kinds of failure", run.groupCount());
            writeFailures(name, "seed " + seed + "\n\nwhat the failing requests had, most often failing first:\n" + run.failingInputs()
                    + "\n\n" + run.report(Integer.MAX_VALUE));
            assertThat(run.failureCount.sum()).as("requests the API answered against its contract, in " + run.groupCount()
                    + " kinds (seed " + seed + "; replay one with -Dlaurel.fuzz.seed=" + seed + " -Dlaurel.fuzz.only=INDEX):\n"
                    + "\nwhat the failing requests had, most often failing first:\n" + run.failingInputs() + "\n\n"
                    + run.report(FAILURES_SHOWN_MAX) + "\n\n(every kind: target/proof/" + name + "/failures.txt)").isZero();
            assertThat(run.sent.sum()).as("requests sent").isEqualTo(only != null ? 1 : count);
        } finally {
            figures.write();
        }
    }

    /** Every kind of failure, each with its example, in {@code target/proof/<run>/failures.txt}: the assertion shows the first ones. */
    private static void writeFailures(String name, String text) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "proof", name));
            Files.writeString(dir.resolve("failures.txt"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- the programs and their ids

    private FuzzContext context(TestProgram master, TestProgram follower, TestProgram other, String pointMasterUrl) {
        Api m = as(master);
        List<UUID> members = new ArrayList<>();
        List<UUID> entries = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        List<String> externalIds = new ArrayList<>();
        List<String> mobiles = new ArrayList<>();
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String tag = UUID.randomUUID().toString().substring(0, 8);
            String mobile = "+1508" + (1_000_000 + new Random().nextInt(8_999_999));
            JsonNode created = m.post("/v1/members", """
                    {"externalId": "fz-%s", "email": "fz-%s@example.com", "mobileNumber": "%s", "firstName": "Fuzz", "optedIn": true}"""
                    .formatted(tag, tag, mobile)).json();
            UUID id = UUID.fromString(created.get("id").asString());
            members.add(id);
            emails.add("fz-" + tag + "@example.com");
            externalIds.add("fz-" + tag);
            mobiles.add(mobile);
            entries.add(UUID.fromString(m.post("/v1/members/" + id + "/adjustments", """
                    {"definitionId": 1, "amount": 500, "description": "seed", "source": "Manual", "userId": "u", "userName": "U"}""")
                    .json().get("entry").get("id").asString()));
            String order = "fz-order-" + tag;
            m.post("/v1/purchases", """
                    {"memberId": "%s", "orderId": "%s", "amount": "200.00", "currency": "USD", "occurredAt": "%s"}"""
                    .formatted(id, order, clock.instant()));
            orders.add(id + "|" + order);
        }
        // A member whose id Java also reads from the non-canonical "1-2-3-4-5".
        Api.Response odd = m.post("/v1/members", "{\"id\": \"" + FuzzContext.ODD_MEMBER + "\", \"firstName\": \"Odd\"}");
        UUID oddMember = odd.status() == 201 ? FuzzContext.ODD_MEMBER : null;
        List<String> pointAccounts = new ArrayList<>();
        Api basic = api().header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((master.id() + ":" + master.adminKey()).getBytes(StandardCharsets.UTF_8)));
        collect(basic.get("/priv/v1/apps/acme-app/users/" + members.get(0) + "/point_accounts").json(), "point_account_id", pointAccounts);
        Party masterParty = new Party(master.id(), master.adminKey(), master.partnerKey(), "acme-app", members, entries, emails, externalIds,
                mobiles, orders, List.of(), List.of(), pointAccounts, "five-coffees", m.get("/v1/programs/" + master.id()).body());

        Api f = as(follower);
        List<UUID> followerMembers = new ArrayList<>();
        List<UUID> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            UUID id = UUID.fromString(f.post("/v1/members", "{\"firstName\": \"Follower\"}").json().get("id").asString());
            followerMembers.add(id);
            events.add(UUID.fromString(f.post("/v1/members/" + id + "/adjustments", """
                    {"definitionId": 1, "amount": 25, "description": "to the master", "source": "Manual", "userId": "u", "userName": "U"}""")
                    .json().get("webhookEventId").asString()));
        }
        f.post("/api/v2/point-accounts/transactions", """
                [{"contactId": "%s", "amount": 12, "definitionId": 1, "timeStamp": "%s", "source": "Purchase", "description": "seed"}]"""
                .formatted(followerMembers.get(0), clock.instant()));
        UUID importId = UUID.fromString(f.post("/api/v2/point-accounts/balances", """
                [{"contactId": "%s", "amount": 122, "definitionId": 2, "timeStamp": "%s"}]""".formatted(followerMembers.get(1), clock.instant()))
                .json().get("id").asString());
        Party followerParty = new Party(follower.id(), follower.adminKey(), follower.partnerKey(), null, followerMembers,
                List.of(), List.of(), List.of(), List.of(), List.of(), events, List.of(importId), List.of(), null,
                f.get("/v1/programs/" + follower.id()).body());

        Api o = as(other);
        List<UUID> otherMembers = List.of(UUID.fromString(o.post("/v1/members", "{\"firstName\": \"Other\"}").json().get("id").asString()));
        Party otherParty = new Party(other.id(), other.adminKey(), other.partnerKey(), "acme-app", otherMembers, List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), "five-coffees", null);
        return new FuzzContext(masterParty, followerParty, otherParty, oddMember, pointMasterUrl);
    }

    private static void collect(JsonNode node, String field, List<String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals(field) && e.getValue().isString() && !out.contains(e.getValue().asString())) {
                    out.add(e.getValue().asString());
                }
                collect(e.getValue(), field, out);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, field, out));
        }
    }

    // ---------------------------------------------------------------- sending and judging

    /** One fuzzing run: sends the requests and judges every answer. */
    private static final class Run {
        final OpenApiDocument document;
        final List<Operation> operations;
        final FuzzRequests requests;
        final Runnable restorePrograms;
        final LongAdder sent = new LongAdder();
        final LongAdder serverErrors = new LongAdder();
        final LongAdder failureCount = new LongAdder();
        final LongAdder closedOnOversized = new LongAdder();
        final Map<String, Long> statusClasses = new ConcurrentHashMap<>();
        final Map<String, Long> scopes = new ConcurrentHashMap<>();
        final Map<String, Boolean> undocumented = new ConcurrentHashMap<>();
        final Map<String, Group> groups = new ConcurrentHashMap<>();
        /** Per kind of input: how many requests had it, and how many of those failed. */
        final Map<String, LongAdder[]> inputs = new ConcurrentHashMap<>();

        Run(OpenApiDocument document, List<Operation> operations, FuzzRequests requests, Runnable restorePrograms) {
            this.document = document;
            this.operations = operations;
            this.requests = requests;
            this.restorePrograms = restorePrograms;
        }

        void all(int count, int threads, int port) {
            AtomicLong next = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    running.add(pool.submit(() -> {
                        try (RawHttp http = new RawHttp("127.0.0.1", port)) {
                            for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                                one(i, http);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : running) {
                    f.get();
                }
            } catch (Exception e) {
                throw new AssertionError("a fuzzing thread failed", e);
            } finally {
                pool.shutdownNow();
            }
        }

        void one(long index, RawHttp http) {
            Operation op = operations.get((int) (index % operations.size()));
            FuzzRequest request = requests.make(index, op);
            sent.increment();
            scopes.merge(request.scope().name(), 1L, Long::sum);
            for (String category : categories(request.mutation()).split(" \\+ ")) {
                inputs.computeIfAbsent(category, c -> new LongAdder[] {new LongAdder(), new LongAdder()})[0].increment();
            }
            Response response;
            try {
                response = http.send(new RawHttp.Request(request.method(), request.target(), request.headers(), request.body()), REQUEST_TIMEOUT);
            } catch (NoAnswer e) {
                if (request.oversized() && !e.hang) {
                    closedOnOversized.increment();
                    return;
                }
                fail(request, e.hang ? "hang" : "no answer", (e.hang ? "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s (a hang)"
                        : "the connection failed without an answer: " + e.getMessage()), null);
                return;
            }
            statusClasses.merge(response.status() / 100 + "xx", 1L, Long::sum);
            judge(request, op, response);
            if (response.status() >= 200 && response.status() < 300 && request.method().equals("PUT") && request.routedPath() != null
                    && request.routedPath().startsWith("/v1/programs/")) {
                synchronized (this) {
                    restorePrograms.run();
                }
            }
        }

        private void judge(FuzzRequest request, Operation op, Response response) {
            int status = response.status();
            boolean priv = request.routedPath() != null && request.routedPath().startsWith("/priv/") || request.target().startsWith("/priv/");
            if (status >= 500) {
                serverErrors.increment();
                fail(request, "5xx", "answered " + status, response);
                return;
            }
            if (status >= 400) {
                String why = errorShape(request, response, priv);
                if (why != null) {
                    fail(request, "error shape", why, response);
                }
                return;
            }
            if (status < 200 || status >= 300) {
                return;
            }
            if (!request.mustNotSucceed().isEmpty()) {
                fail(request, "let in", "answered " + status + " although the request has " + String.join(", ", request.mustNotSucceed()),
                        response);
                return;
            }
            if (!request.method().equals(op.method()) || request.method().equals("HEAD") || request.method().equals("OPTIONS")) {
                return;
            }
            if (!op.documentedStatuses().isEmpty() && !op.documentedStatuses().contains(status)) {
                undocumented.put(op.key() + " answers " + status + ", documents " + op.documentedStatuses(), true);
            }
            JsonNode schema = op.successSchema(status);
            if (schema == null || status == 204) {
                return;
            }
            JsonNode body;
            try {
                body = JSON.readTree(response.body());
            } catch (RuntimeException e) {
                fail(request, "schema", "a " + status + " whose body is not JSON (" + response.header("content-type") + ")", response);
                return;
            }
            List<String> violations = document.violations(body, schema);
            if (!violations.isEmpty()) {
                fail(request, "schema " + op.key(), "a " + status + " that breaks the documented schema: " + violations, response);
            }
        }

        /** Why an error answer is not a problem document (or, on /priv/, SessionM's error shape); null when it is. */
        private static String errorShape(FuzzRequest request, Response response, boolean priv) {
            if (request.method().equals("HEAD")) {
                return null;
            }
            String type = response.header("content-type");
            JsonNode body;
            try {
                body = JSON.readTree(response.body());
            } catch (RuntimeException e) {
                body = null;
            }
            if (priv && type != null && type.startsWith("application/json") && body != null && body.isObject()
                    && "error".equals(body.path("status").asString(null)) && body.path("errors").isObject()) {
                return null;
            }
            if (type == null || !type.startsWith("application/problem+json")) {
                return "a " + response.status() + " answered as " + type + ", not application/problem+json";
            }
            if (body == null || !body.isObject()) {
                return "a problem whose body is not a JSON object";
            }
            if (body.path("status").asInt(-1) != response.status() || !body.path("type").isString() || !body.path("title").isString()) {
                return "a problem without its type, title or the answer's status";
            }
            return null;
        }

        private void fail(FuzzRequest request, String kind, String what, Response response) {
            failureCount.increment();
            for (String category : categories(request.mutation()).split(" \\+ ")) {
                inputs.get(category)[1].increment();
            }
            // Failures are grouped by what went wrong and what the request had (not by which operation or id):
            // one example of each group, with its count and operations, is what a reader needs.
            String signature = kind + " | " + normalize(what) + " | " + categories(request.mutation());
            Group group = groups.computeIfAbsent(signature, k -> new Group(what + "\n  " + request.describe() + (response == null ? ""
                    : "\n  answer: " + response.status() + " " + response.header("content-type")
                            + (response.header("idempotent-replayed") != null ? " (Idempotent-Replayed)" : "") + " "
                            + FuzzRequests.abbreviate(response.text(), 400))));
            group.count.increment();
            if (group.operations.size() < 8) {
                group.operations.add(request.operation());
            }
        }

        /** The failures, one group a paragraph, largest first. */
        String report(int max) {
            return groups.values().stream().sorted((a, b) -> Long.compare(b.count.sum(), a.count.sum())).limit(max)
                    .map(g -> g.count.sum() + " time(s), in " + g.operations + ":\n" + g.example).reduce((a, b) -> a + "\n\n" + b).orElse("");
        }

        /** The kinds of input failing requests had, most often failing first: "x=%zz: 120 of 120 failed". */
        String failingInputs() {
            return inputs.entrySet().stream().filter(e -> e.getValue()[1].sum() > 0)
                    .sorted((a, b) -> Double.compare(ratio(b.getValue()), ratio(a.getValue())))
                    .map(e -> "  " + e.getKey() + ": " + e.getValue()[1].sum() + " of " + e.getValue()[0].sum() + " failed")
                    .reduce((a, b) -> a + "\n" + b).orElse("");
        }

        private static double ratio(LongAdder[] counts) {
            return (double) counts[1].sum() / counts[0].sum();
        }

        int groupCount() {
            return groups.size();
        }

        private static String normalize(String what) {
            return what.replaceAll("[0-9a-fA-F-]{36}", "ID").replaceAll("\\d+", "N").replaceAll("\\(\\w+\\)$", "(FIELD)");
        }

        /** What kind of input a request had: "body value "a\u0000b"" rather than which field got it. */
        private static String categories(String mutation) {
            List<String> out = new ArrayList<>();
            for (String m : mutation.replaceAll("[0-9a-fA-F]{8}-[0-9a-fA-F-]{27}", "ID").split(" \\+ ")) {
                out.add(m.replaceFirst("^(path|query|body):? \\S+ = ", "$1 value ").replaceFirst("^body: \\S+ twice$", "body duplicate key")
                        .replaceFirst("^body: \\S+ removed$", "body field removed"));
            }
            return String.join(" + ", out);
        }
    }

    /** Failures alike: how many, in which operations, and the first one in full. */
    private static final class Group {
        final String example;
        final LongAdder count = new LongAdder();
        final Set<String> operations = ConcurrentHashMap.newKeySet();

        Group(String example) {
            this.example = example;
        }
    }
}
