package dev.laurel.proof;

import dev.laurel.proof.ProofHttp.Outcome;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The client side of the process tests: calls (partner awards, adjustments, Engage syncs, balance
 * imports), each sent with an {@code Idempotency-Key} until it gets an answer, always with the same
 * key and body, as a careful integrator's client does; and the points every answered call should have
 * moved, account by account, to compare with what the nodes hold at the end.
 *
 * <p>A call that gets no answer (its node was killed), or a 5xx, is sent again once the {@link Gate} is
 * open (the test opens it when the node or the database is back). Every 5xx is recorded: the tests
 * decide which, if any, were allowed.
 */
public final class Traffic {

    /** No call is sent more often than this: a call that never resolves fails the test rather than looping. */
    static final int ATTEMPTS_MAX = 200;
    /** How long a client honouring Retry-After waits at most before sending a call again. */
    static final Duration RETRY_AFTER_MAX = Duration.ofSeconds(2);
    /** How long a client waits before sending a call again after a 5xx without Retry-After. */
    static final Duration BACKOFF = Duration.ofSeconds(1);
    /** How long a worker waits for the gate before giving the call up. */
    static final Duration GATE_TIMEOUT = Duration.ofSeconds(180);

    public record Account(UUID member, int definitionId) {}

    /** Points one call moves on one account if it succeeds: active at once, or pending. */
    public record Posting(Account account, long points, boolean pending) {}

    /**
     * One request: the points it moves if it succeeds, and the statuses that refuse it without effect as
     * the API documents (409 for a deduction larger than the balance).
     */
    public record Call(String kind, String method, String path, String apiKey, String idempotencyKey, String body,
            List<Posting> postings, Set<Integer> refusals) {}

    /** An attempt that got a 5xx, with when it was sent and answered. */
    public record ServerError(Call call, Outcome outcome) {}

    /** Where the nodes are and whether calls that failed may be sent again. */
    public static final class Gate {
        private volatile boolean open = true;

        public void close() {
            open = false;
        }

        public void open() {
            open = true;
        }

        public boolean isOpen() {
            return open;
        }
    }

    /** What every account should hold: balance, earned, spent, pending, and how many lots were pending. */
    static final class Expectation {
        long balance;
        long earned;
        long spent;
        long pending;
        long pendingLots;
    }

    private final ProofHttp http;
    private final Supplier<URI> node;
    private final Gate gate;
    private final Clock clock = Clock.systemUTC();
    private final Map<Account, Expectation> expected = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();
    private final Map<String, AtomicLong> callsByKind = new ConcurrentHashMap<>();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong unanswered = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private final AtomicLong replays = new AtomicLong();
    private final AtomicLong items = new AtomicLong();
    private final List<ServerError> serverErrors = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<UUID> webhookEvents = new CopyOnWriteArrayList<>();
    private volatile Consumer<Outcome> observer = o -> {};

    public Traffic(ProofHttp http, Supplier<URI> node, Gate gate) {
        this.http = http;
        this.node = node;
        this.gate = gate;
    }

    // ---------------------------------------------------------------- calls

    public Call award(ProofProgram program, UUID member, long points, int n) {
        String body = "{\"partner\": \"" + ProofProgram.PARTNER + "\", \"points\": " + points + ", \"reference\": \"proof award " + n + "\"}";
        return new Call("award", "POST", "/loyalty/user/" + member + "/points", program.partnerKey(), key("award"), body,
                List.of(new Posting(new Account(member, ProofProgram.MASTER), points, false)), Set.of(409));
    }

    public Call adjustment(ProofProgram program, UUID member, int definitionId, long amount) {
        String body = "{\"definitionId\": " + definitionId + ", \"amount\": " + amount
                + ", \"description\": \"proof adjustment\", \"source\": \"Manual\", \"userId\": \"proof\", \"userName\": \"Proof Test\"}";
        boolean follower = definitionId != ProofProgram.MASTER;
        return new Call(follower ? "follower-adjustment" : "adjustment", "POST", "/v1/members/" + member + "/adjustments",
                program.adminKey(), key("adjustment"), body,
                follower ? List.of() : List.of(new Posting(new Account(member, definitionId), amount, false)), Set.of(409));
    }

    /** A purchase of {@code amount} whole units by {@code member}: as many points on the MASTER definition, active at once. */
    public Call purchase(ProofProgram program, UUID member, long amount) {
        String body = "{\"memberId\": \"" + member + "\", \"orderId\": \"proof-" + UUID.randomUUID() + "\", \"amount\": \"" + amount
                + ".00\", \"currency\": \"EUR\", \"occurredAt\": \"" + clock.instant().minusSeconds(1) + "\"}";
        return new Call("purchase", "POST", "/v1/purchases", program.adminKey(), key("purchase"), body,
                List.of(new Posting(new Account(member, ProofProgram.MASTER), amount * ProofProgram.POINTS_PER_UNIT, false)), Set.of());
    }

    /**
     * An Engage transaction sync of {@code size} items on the TRANSACTIONS definition, amounts between -20 and 50;
     * with {@code pendingFor}, positive items are pending that long from now.
     */
    public Call sync(ProofProgram program, List<UUID> members, int size, Random random, Duration pendingFor) {
        ArrayNode array = ProofHttp.JSON.createArrayNode();
        List<Posting> postings = new ArrayList<>();
        Instant now = clock.instant();
        for (int i = 0; i < size; i++) {
            UUID member = members.get(random.nextInt(members.size()));
            long amount = random.nextInt(71) - 20;
            if (amount == 0) {
                amount = 7;
            }
            ObjectNode item = array.addObject().put("contactId", member.toString()).put("amount", amount)
                    .put("definitionId", ProofProgram.TRANSACTIONS).put("timeStamp", now.minusSeconds(60).toString())
                    .put("source", amount > 0 ? "Purchase" : "Return").put("description", "proof sync item " + i);
            boolean pending = pendingFor != null && amount > 0;
            if (pending) {
                item.put("validFrom", now.plus(pendingFor).toString());
            }
            postings.add(new Posting(new Account(member, ProofProgram.TRANSACTIONS), amount, pending));
        }
        return new Call("sync", "POST", "/api/v2/point-accounts/transactions", program.adminKey(), key("sync"), array.toString(),
                postings, Set.of());
    }

    /**
     * A balance import: {@code rounds} balances for every member on the BALANCE definition, round by round with
     * rising timeStamps, each amount above the one before (the first above {@code before}'s); returns the call and
     * each account's last amount.
     */
    public static BalanceImport balanceImport(ProofProgram program, List<UUID> members, int rounds, Random random, Instant at,
            Map<Account, Long> before) {
        ArrayNode array = ProofHttp.JSON.createArrayNode();
        Map<Account, Long> last = new LinkedHashMap<>(before);
        for (int round = 0; round < rounds; round++) {
            for (UUID member : members) {
                Account account = new Account(member, ProofProgram.BALANCE);
                long previous = last.getOrDefault(account, 0L);
                long amount = previous + 1 + random.nextInt(500);
                last.put(account, amount);
                array.addObject().put("contactId", member.toString()).put("amount", amount).put("definitionId", ProofProgram.BALANCE)
                        .put("timeStamp", at.plusSeconds(round).toString());
            }
        }
        return new BalanceImport(new Call("balance-import", "POST", "/api/v2/point-accounts/balances", program.adminKey(),
                key("import"), array.toString(), List.of(), Set.of()), last, rounds);
    }

    public record BalanceImport(Call call, Map<Account, Long> balances, int rounds) {}

    private static String key(String kind) {
        return "proof-" + kind + "-" + UUID.randomUUID();
    }

    // ---------------------------------------------------------------- sending

    /** Sees every attempt's outcome, answered or not (e.g. to time the answers during an outage). */
    public void observe(Consumer<Outcome> observer) {
        this.observer = observer;
    }

    /**
     * Sends the call until it is answered: after no answer it is sent again, with the same key and body, once
     * the gate is open; after a 5xx, once its Retry-After (at most {@link #RETRY_AFTER_MAX}; {@link #BACKOFF}
     * without one) has passed or the gate opens.
     * Returns the answer that settled it, or null when it never settled (recorded as a failure).
     */
    public Outcome send(Call call) {
        calls.incrementAndGet();
        callsByKind.computeIfAbsent(call.kind(), k -> new AtomicLong()).incrementAndGet();
        boolean again = false;
        for (int attempt = 1; attempt <= ATTEMPTS_MAX; attempt++) {
            if (attempt > 1 && !again) {
                again = true;
                resent.incrementAndGet();
            }
            attempts.incrementAndGet();
            Outcome o = http.send(node.get(), call.method(), call.path(), call.apiKey(), call.idempotencyKey(), call.body());
            observer.accept(o);
            if (!o.answered()) {
                unanswered.incrementAndGet();
                if (o.timedOut()) {
                    failures.add(call.kind() + " " + call.path() + ": no answer within the client's timeout (a hang)");
                }
                awaitGate(call);
                continue;
            }
            if (o.status() >= 500) {
                serverErrors.add(new ServerError(call, o));
                // A client backing off as Retry-After asks (a second without it), or until the test says the outage is over.
                Await.within(retryAfter(o), gate::isOpen);
                continue;
            }
            settle(call, o);
            return o;
        }
        failures.add(call.kind() + " " + call.path() + " (key " + call.idempotencyKey() + "): no settling answer after " + ATTEMPTS_MAX
                + " attempts");
        return null;
    }

    private static Duration retryAfter(Outcome o) {
        try {
            Duration asked = Duration.ofSeconds(Long.parseLong(o.retryAfter().trim()));
            return asked.compareTo(RETRY_AFTER_MAX) > 0 ? RETRY_AFTER_MAX : asked;
        } catch (RuntimeException e) {
            return BACKOFF;
        }
    }

    private void awaitGate(Call call) {
        if (!Await.within(GATE_TIMEOUT, gate::isOpen)) {
            failures.add(call.kind() + " " + call.path() + ": the gate stayed closed for " + GATE_TIMEOUT.toSeconds() + " s");
        }
    }

    private void settle(Call call, Outcome o) {
        if (o.replayed()) {
            replays.incrementAndGet();
        }
        if (o.status() >= 200 && o.status() < 300) {
            succeeded.incrementAndGet();
            call.postings().forEach(p -> apply(p.account(), p.points(), p.pending()));
            if (call.kind().equals("sync")) {
                items.addAndGet(o.json().get("items").asLong());
            }
            if (call.kind().equals("follower-adjustment")) {
                webhookEvents.add(UUID.fromString(o.json().get("webhookEventId").asString()));
            }
        } else if (call.refusals().contains(o.status())) {
            refused.incrementAndGet();
        } else {
            failures.add(call.kind() + " " + call.path() + " refused unexpectedly: " + o);
        }
    }

    private void apply(Account account, long points, boolean pending) {
        Expectation e = expected.computeIfAbsent(account, a -> new Expectation());
        synchronized (e) {
            if (pending) {
                e.pending += points;
                e.pendingLots++;
                e.earned += points;
            } else {
                e.balance += points;
                if (points > 0) {
                    e.earned += points;
                } else {
                    e.spent -= points;
                }
            }
        }
    }

    /** Sets what a BALANCE account should hold once an import is applied. */
    public void expectBalance(Account account, long balance) {
        Expectation e = expected.computeIfAbsent(account, a -> new Expectation());
        synchronized (e) {
            e.balance = balance;
        }
    }

    /**
     * Runs {@code workers} threads, each sending the calls {@code next} makes (from its own seeded random)
     * until {@code stop} holds; returns a handle that joins them.
     */
    public Workers start(int workers, long seed, Function<Random, Call> next, BooleanSupplier stop) {
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "proof-client");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Random random = new Random(seed + w);
            running.add(pool.submit(() -> {
                while (!stop.getAsBoolean()) {
                    send(next.apply(random));
                }
            }));
        }
        pool.shutdown();
        return new Workers(pool, running);
    }

    /** The client threads of {@link #start}. */
    public record Workers(ExecutorService pool, List<Future<?>> running) {
        /** Waits for every worker to finish its last call; a worker's exception fails the test. */
        public void join(Duration timeout) {
            Await.until("the client threads to finish their last calls", timeout, () -> running.stream().allMatch(Future::isDone));
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (Exception e) {
                    throw new AssertionError("a client thread failed", e);
                }
            }
        }

        public void cancel() {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- members

    /** Creates {@code count} members (admin key), each with an Idempotency-Key and sent until answered; returns their ids. */
    public List<UUID> createMembers(ProofProgram program, int count, int threads) {
        List<UUID> members = Collections.synchronizedList(new ArrayList<>());
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(() -> {
                    for (long n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) {
                        Outcome o = send(new Call("member", "POST", "/v1/members", program.adminKey(), key("member"),
                                "{\"externalId\": \"proof-" + UUID.randomUUID() + "\", \"firstName\": \"Member " + n + "\", \"optedIn\": true}",
                                List.of(), Set.of()));
                        if (o == null || o.status() != 201) {
                            throw new AssertionError("creating a member: " + o);
                        }
                        members.add(UUID.fromString(o.json().get("id").asString()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (Exception e) {
            throw new AssertionError("creating members failed", e);
        } finally {
            pool.shutdownNow();
        }
        return List.copyOf(members);
    }

    // ---------------------------------------------------------------- checks

    /** An account's figures as a node reports them, against what the answered calls moved. */
    public record AccountCheck(Account account, long balance, long expectedBalance, long earned, long expectedEarned, long spent,
            long expectedSpent, long pending, long expectedPending) {

        boolean matches(boolean lifetimes) {
            return balance == expectedBalance && pending == expectedPending
                    && (!lifetimes || (earned == expectedEarned && spent == expectedSpent));
        }
    }

    /** The accounts' totals compared: points lost (earned or spent less than answered) and duplicated (more). */
    public record Tally(int accounts, List<AccountCheck> mismatched, long pointsLost, long pointsDuplicated) {}

    /**
     * Reads every member's point accounts from {@code base} and compares them with what the answered calls
     * moved; {@code pendingActivated}: every pending lot is expected active by now.
     */
    public Tally check(URI base, ProofProgram program, List<UUID> members, boolean pendingActivated) {
        List<AccountCheck> mismatched = new ArrayList<>();
        long lost = 0;
        long duplicated = 0;
        int accounts = 0;
        for (UUID member : members) {
            JsonNode list = http.getOk(base, "/v1/members/" + member + "/point-accounts", program.adminKey());
            for (JsonNode a : list) {
                int definitionId = a.get("definitionId").asInt();
                Account account = new Account(member, definitionId);
                Expectation e = expected.getOrDefault(account, new Expectation());
                long expectedBalance = e.balance + (pendingActivated ? e.pending : 0);
                long expectedPending = pendingActivated ? 0 : e.pending;
                AccountCheck c = new AccountCheck(account, a.get("balance").asLong(), expectedBalance, a.get("lifetimeEarned").asLong(),
                        e.earned, a.get("lifetimeSpent").asLong(), e.spent, a.get("pending").asLong(), expectedPending);
                boolean lifetimes = definitionId != ProofProgram.BALANCE;
                accounts++;
                if (!c.matches(lifetimes)) {
                    mismatched.add(c);
                }
                if (lifetimes) {
                    lost += Math.max(0, c.expectedEarned() - c.earned()) + Math.max(0, c.expectedSpent() - c.spent());
                    duplicated += Math.max(0, c.earned() - c.expectedEarned()) + Math.max(0, c.spent() - c.expectedSpent());
                } else {
                    lost += Math.abs(c.expectedBalance() - c.balance());
                }
            }
        }
        return new Tally(accounts, mismatched, lost, duplicated);
    }

    /** Waits until the balance import {@code id} is done (Completed or CompletedWithErrors) and returns its status document. */
    public JsonNode awaitImport(URI base, ProofProgram program, String id, Duration timeout) {
        JsonNode[] last = new JsonNode[1];
        Await.until(() -> "balance import " + id + " to be done (last status: " + last[0] + ")", timeout, () -> {
            Outcome o = http.get(base, "/api/v2/point-accounts/balances/status/" + id, program.adminKey());
            if (!o.answered() || o.status() != 200) {
                return false;
            }
            last[0] = o.json();
            return last[0].get("status").asString().startsWith("Completed");
        });
        return last[0];
    }

    /** The status of a balance import, or null when no node answers it now. */
    public String importStatus(URI base, ProofProgram program, String id) {
        Outcome o = http.get(base, "/api/v2/point-accounts/balances/status/" + id, program.adminKey());
        return o.answered() && o.status() == 200 ? o.json().get("status").asString() : null;
    }

    /**
     * The members whose BALANCE account does not have exactly {@code rounds} BalanceSync entries (one per item of
     * the import: every item changes the amount), with the count each has.
     */
    public Map<UUID, Integer> balanceEntriesOff(URI base, ProofProgram program, List<UUID> members, int rounds) {
        Map<UUID, Integer> off = new LinkedHashMap<>();
        for (UUID member : members) {
            JsonNode log = http.getOk(base, "/v1/members/" + member + "/points-log?definitionId=" + ProofProgram.BALANCE + "&limit=500",
                    program.adminKey());
            int count = 0;
            for (JsonNode entry : log.get("items")) {
                if ("BalanceSync".equals(entry.get("source").asString())) {
                    count++;
                }
            }
            if (count != rounds) {
                off.put(member, count);
            }
        }
        return off;
    }

    /** How many pending lots each account was sent, to compare with the points_available events. */
    public Map<Account, Long> pendingLots() {
        Map<Account, Long> lots = new LinkedHashMap<>();
        expected.forEach((account, e) -> {
            if (e.pendingLots > 0) {
                lots.put(account, e.pendingLots);
            }
        });
        return lots;
    }

    // ---------------------------------------------------------------- figures

    public long calls() {
        return calls.get();
    }

    /** Calls by kind (member, award, adjustment, sync, ...), in a stable order. */
    public Map<String, Long> callsByKind() {
        Map<String, Long> byKind = new java.util.TreeMap<>();
        callsByKind.forEach((kind, n) -> byKind.put(kind, n.get()));
        return byKind;
    }

    public long attempts() {
        return attempts.get();
    }

    public long succeeded() {
        return succeeded.get();
    }

    public long refused() {
        return refused.get();
    }

    public long unanswered() {
        return unanswered.get();
    }

    public long resent() {
        return resent.get();
    }

    public long replays() {
        return replays.get();
    }

    public long syncItems() {
        return items.get();
    }

    public List<ServerError> serverErrors() {
        return List.copyOf(serverErrors);
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    public List<UUID> webhookEvents() {
        return List.copyOf(webhookEvents);
    }
}
