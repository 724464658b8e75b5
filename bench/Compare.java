import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * Laurel beside PostgreSQL doing the same rows (issue 14). Driven by bench/compare.sh, which starts PostgreSQL and
 * Laurel as a server process and passes the settings below as environment variables. Loads the data with SQL, then
 * runs each PostgreSQL baseline and each Laurel scenario back to back, BENCH_ROUNDS times, and prints one table of
 * medians with the ratio Laurel / baseline (the median of the rounds' ratios). Load comes from this JVM: Java's
 * HttpClient (HTTP/1.1) on BENCH_CONNECTIONS platform threads, and the same number of JDBC connections for the
 * PostgreSQL baselines. After every round it prints what GET /v1/admin/ledger/verify finds (must be 0 mismatches).
 * Beside the sync, the sweep and the award it also measures floors: PostgreSQL alone writing the rows Laurel keeps for
 * the same work, into empty copies of its tables, one statement at a time (rows marked "(context)").
 */
public class Compare {

    static final String BASE = "http://127.0.0.1:" + env("LAUREL_PORT", "18090");
    static final String DB_URL = env("BENCH_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/laurel_bench");
    static final String DB_USER = env("BENCH_DB_USER", "laurel");
    static final String DB_PASSWORD = env("BENCH_DB_PASSWORD", "laurel");
    /** Members of program acme: the GET, partner awards, adjustments and the searches. */
    static final int MEMBERS = Integer.parseInt(env("BENCH_MEMBERS", "100000"));
    /** Earnings (entry + lot) per acme member loaded with SQL, so searches run against a ledger of realistic size. */
    static final int ENTRIES_PER_MEMBER = Integer.parseInt(env("BENCH_ENTRIES_PER_MEMBER", "2"));
    /** The first this many acme members are the ones partner awards and adjustments go to. */
    static final int AWARD_MEMBERS = Integer.parseInt(env("BENCH_AWARD_MEMBERS", "10000"));
    /** Members of program pointfollower: the accounts transaction sync writes to. */
    static final int SYNC_MEMBERS = Integer.parseInt(env("BENCH_SYNC_MEMBERS", "10000"));
    static final int SYNC_BATCHES = Integer.parseInt(env("BENCH_SYNC_BATCHES", "20"));
    static final int SYNC_CLIENTS = Integer.parseInt(env("BENCH_SYNC_CLIENTS", "1"));
    static final int SYNC_ITEMS_PER_BATCH = 1000;
    static final int CONNECTIONS = Integer.parseInt(env("BENCH_CONNECTIONS", "32"));
    static final int SECONDS = Integer.parseInt(env("BENCH_SECONDS", "8"));
    static final int ROUNDS = Integer.parseInt(env("BENCH_ROUNDS", "3"));
    static final int WARMUP_SECONDS = Integer.parseInt(env("BENCH_WARMUP_SECONDS", "90"));
    /** Which scenarios run each round (comma-separated): sync (with the sweep), members (GET, award, adjustment), hot, searches. */
    static final List<String> SCENARIOS = List.of(env("BENCH_SCENARIOS", "sync,members,hot,searches").split(","));

    static final String ADMIN_KEY = env("ACME_API_KEY", "dev-acme-admin-key");
    static final String PARTNER_KEY = env("ACME_PARTNER_KEY", "dev-acme-partner-key");
    static final String FOLLOWER_KEY = env("POINTFOLLOWER_API_KEY", "dev-pointfollower-admin-key");
    static final String CLOCK_KEY = env("BENCH_CLOCK_KEY", "bench-clock-key-0123456789");

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One measurement: a rate (per second) and, for request loads, latency percentiles. */
    record Figure(double rate, double p50Ms, double p99Ms, long failed) {
        static Figure rate(double rate) {
            return new Figure(rate, Double.NaN, Double.NaN, 0);
        }
    }

    /** A row of the table: what Laurel did and what its baseline did, per round. */
    static final class Row {
        final String work, laurelUnit, baseline, target;
        final double targetRatio;
        final boolean latency;
        final List<Figure> laurel = new ArrayList<>(), base = new ArrayList<>();

        Row(String work, String laurelUnit, String baseline, String target, double targetRatio, boolean latency) {
            this.work = work;
            this.laurelUnit = laurelUnit;
            this.baseline = baseline;
            this.target = target;
            this.targetRatio = targetRatio;
            this.latency = latency;
        }
    }

    static final Map<String, Row> ROWS = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        System.out.printf("Laurel %s, PostgreSQL %s; members %,d (entries %,d each), sync %d x %d items over %,d members by %d client(s), "
                        + "%d connections, %d s per load, %d rounds; scenarios %s%n",
                BASE, DB_URL, MEMBERS, ENTRIES_PER_MEMBER, SYNC_BATCHES, SYNC_ITEMS_PER_BATCH, SYNC_MEMBERS, SYNC_CLIENTS, CONNECTIONS,
                SECONDS, ROUNDS, SCENARIOS);
        if (System.getenv().getOrDefault("BENCH_SKIP_LOAD", "0").equals("1")) {
            System.out.println("data: as loaded by an earlier run (BENCH_SKIP_LOAD=1; compare.sh keeps it with BENCH_KEEP_DATA=1)");
        } else {
            load();
        }
        row("sync", "Engage transaction sync, applied", "items/s", "COPY of the same number of entry-shaped rows", "≥ 50 %", 0.5, false);
        row("sync-floor", "floor: PostgreSQL alone writing each item's entry, lot and account, 1,000 items a statement", "items/s",
                "COPY of the same number of entry-shaped rows", "(context)", 0, false);
        row("sync-floor-all", "floor, with a timeline event per item as Laurel writes", "items/s",
                "COPY of the same number of entry-shaped rows", "(context)", 0, false);
        row("sweep", "activation sweep, pending lots", "lots/s", "one UPDATE of the same lots (a copy)", "≥ 50 %", 0.5, false);
        row("sweep-floor", "floor: PostgreSQL alone activating the lots and moving their points in their accounts, one statement",
                "lots/s", "one UPDATE of the same lots (a copy)", "(context)", 0, false);
        row("sweep-floor-all", "floor, with a timeline event per lot as Laurel writes", "lots/s", "one UPDATE of the same lots (a copy)",
                "(context)", 0, false);
        row("award", "partner award, " + CONNECTIONS + " connections", "req/s", "Laurel's GET /v1/members/{id}", "≥ 50 %, p99 ≤ 2×", 0.5, true);
        row("award-floor", "floor: PostgreSQL alone writing an award's entry, lot and account, one statement a request, "
                + CONNECTIONS + " connections", "req/s", "Laurel's GET /v1/members/{id}", "(context)", 0, true);
        row("award-floor-all", "floor, with the award's timeline event, partner transaction and its short id as Laurel writes",
                "req/s", "Laurel's GET /v1/members/{id}", "(context)", 0, true);
        row("adjust", "adjustment, " + CONNECTIONS + " connections", "req/s", "Laurel's GET /v1/members/{id}", "≥ 50 %, p99 ≤ 2×", 0.5, true);
        row("award-pg", "partner award, " + CONNECTIONS + " connections", "req/s",
                "PostgreSQL single-row UPDATE over " + AWARD_MEMBERS + " rows", "(context)", 0, true);
        row("hot", "one hot account, " + CONNECTIONS + " connections", "req/s", "PostgreSQL UPDATE ... WHERE id = 1", "≥ 100 %", 1.0, true);
        row("email", "SessionM search by email", "req/s", "Laurel's GET /v1/members/{id}", "≥ 50 %, p99 ≤ 2×", 0.5, true);
        row("external", "SessionM search by external_id", "req/s", "Laurel's GET /v1/members/{id}", "≥ 50 %, p99 ≤ 2×", 0.5, true);
        row("mobile", "SessionM search by mobile_number", "req/s", "Laurel's GET /v1/members/{id}", "≥ 50 %, p99 ≤ 2×", 0.5, true);

        // Laurel's JIT compiles each path under load; a path that is not warmed up runs its first round cold.
        Map<String, IntFunction<HttpRequest>> warmUps = new LinkedHashMap<>();
        warmUps.put("member GETs", i -> get("/v1/members/" + memberId(i % AWARD_MEMBERS), ADMIN_KEY));
        warmUps.put("awards", i -> award(memberId(i % AWARD_MEMBERS)));
        if (SCENARIOS.contains("members")) {
            warmUps.put("adjustments", i -> adjustment(memberId(i % AWARD_MEMBERS)));
        }
        if (SCENARIOS.contains("hot")) {
            warmUps.put("awards to one member", i -> award(memberId(0)));
        }
        if (SCENARIOS.contains("searches")) {
            warmUps.put("searches", i -> search("email", email(i % MEMBERS)));
        }
        System.out.println("warm-up: " + WARMUP_SECONDS + " s of " + String.join(", ", warmUps.keySet()));
        for (IntFunction<HttpRequest> load : warmUps.values()) {
            http(WARMUP_SECONDS / warmUps.size() + 1, load);
        }

        for (int round = 1; round <= ROUNDS; round++) {
            System.out.println("== round " + round);
            if (SCENARIOS.contains("sync")) {
                syncAndSweep();
            }
            if (SCENARIOS.contains("members")) {
                members();
            }
            if (SCENARIOS.contains("hot")) {
                hot();
            }
            if (SCENARIOS.contains("searches")) {
                searches();
            }
            verify();
        }
        print();
    }

    // ---------------------------------------------------------------- scenarios

    static void syncAndSweep() throws Exception {
        int items = SYNC_BATCHES * SYNC_ITEMS_PER_BATCH;
        Instant now = Instant.parse(field(send(get("/v1/admin/clock", FOLLOWER_KEY)), "now"));
        Instant validFrom = now.plus(Duration.ofDays(1));
        // Baseline: COPY the same number of rows, shaped as ledger entries, into a copy of the entries table.
        try (Connection c = db()) {
            exec(c, "drop table if exists bench_entries");
            exec(c, "create table bench_entries (like ledger_entries including defaults including indexes)");
            StringBuilder csv = new StringBuilder(items * 200);
            for (int i = 0; i < items; i++) {
                csv.append("pointfollower,").append(followerId(i % SYNC_MEMBERS)).append(",1,").append(i + 1).append(',')
                        .append(uuid("e" + i)).append(',').append(uuid("t" + i / SYNC_ITEMS_PER_BATCH))
                        .append(",EARN,Purchase,").append(1 + i % 50).append(",bench,,,,").append(now).append(',').append(now)
                        .append(',').append(validFrom).append(",,,").append(uuid("l" + i)).append('\n');
            }
            long start = System.nanoTime();
            ((PGConnection) c.unwrap(PGConnection.class)).getCopyAPI().copyIn("""
                    copy bench_entries (program_id, member_id, definition_id, seq, id, transaction_id, kind, source, amount,
                        description, reference, partner, actor, occurred_at, recorded_at, valid_from, expires_at, reverses, lot_id)
                    from stdin (format csv)""", new StringReader(csv.toString()));
            double copy = items / seconds(start);
            exec(c, "drop table bench_entries");
            ROWS.get("sync").base.add(Figure.rate(copy));
        }
        // Floors: PostgreSQL alone writing the rows the ledger keeps for each item (its entry, its lot, its account's new
        // totals), a batch a statement as Laurel does, without the foreign keys, HTTP or JSON; then the same with the
        // timeline event Laurel writes for each item besides.
        syncFloor("sync-floor", false);
        syncFloor("sync-floor-all", true);
        // Laurel: the same number of items through POST /api/v2/point-accounts/transactions, pending until validFrom.
        AtomicInteger nextBatch = new AtomicInteger();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < SYNC_CLIENTS; t++) {
            clients.add(started(() -> {
                for (int b = nextBatch.getAndIncrement(); b < SYNC_BATCHES; b = nextBatch.getAndIncrement()) {
                    StringBuilder body = new StringBuilder("[");
                    for (int k = 0; k < SYNC_ITEMS_PER_BATCH; k++) {
                        int i = b * SYNC_ITEMS_PER_BATCH + k;
                        body.append(k == 0 ? "" : ",").append("{\"contactId\":\"").append(followerId(i % SYNC_MEMBERS))
                                .append("\",\"amount\":").append(1 + i % 50).append(",\"definitionId\":1,\"timeStamp\":\"").append(now)
                                .append("\",\"source\":\"Purchase\",\"description\":\"bench\",\"validFrom\":\"").append(validFrom).append("\"}");
                    }
                    HttpResponse<String> r = sendQuietly(post("/api/v2/point-accounts/transactions", FOLLOWER_KEY, body.append(']').toString()));
                    if (r == null || r.statusCode() != 202) {
                        failed.incrementAndGet();
                        System.out.println("sync batch failed: " + (r == null ? "no answer" : r.statusCode() + " " + r.body()));
                    }
                }
            }));
        }
        for (Thread t : clients) {
            t.join();
        }
        double sync = items / seconds(start);
        ROWS.get("sync").laurel.add(new Figure(sync, Double.NaN, Double.NaN, failed.get()));
        report("sync", "COPY %,.0f rows/s; Laurel %,.0f items/s (%d batches failed)", copy(ROWS.get("sync")), sync, failed.get());

        // Baseline: the pending lots, copied with their indexes, activated by one UPDATE.
        long pending;
        try (Connection c = db()) {
            exec(c, "drop table if exists bench_lots");
            exec(c, "create table bench_lots (like lots including defaults including indexes including constraints)");
            exec(c, "insert into bench_lots select * from lots where program_id = 'pointfollower' and status = 'PENDING'");
            exec(c, "vacuum analyze bench_lots");
            long begin = System.nanoTime();
            try (Statement s = c.createStatement()) {
                pending = s.executeUpdate("update bench_lots set status = 'ACTIVE' where status = 'PENDING'");
            }
            ROWS.get("sweep").base.add(Figure.rate(pending / seconds(begin)));
            exec(c, "drop table bench_lots");
            // Floors: the same lots activated, and the points they hold moved from pending to balance in their accounts,
            // in one statement: what a ledger that caches each account's totals must write at the least; then the same
            // with the timeline event Laurel writes for each lot besides.
            sweepFloor(c, "sweep-floor", false, pending);
            sweepFloor(c, "sweep-floor-all", true, pending);
        }
        // Laurel: move the clock past validFrom and run the sweeps until no lot is due.
        Instant later = now.plus(Duration.ofDays(2));
        send(put("/v1/admin/clock", CLOCK_KEY, "{\"now\":\"" + later + "\",\"frozen\":false}"));
        Map<String, Double> sweepSeconds = sweepSeconds();
        long begin = System.nanoTime();
        int runs = 0;
        do {
            send(HttpRequest.newBuilder(URI.create(BASE + "/v1/admin/jobs/run")).header("apikey", FOLLOWER_KEY)
                    .timeout(Duration.ofMinutes(30)).POST(HttpRequest.BodyPublishers.noBody()).build());
            runs++;
        } while (due(later) > 0);
        double sweep = pending / seconds(begin);
        ROWS.get("sweep").laurel.add(Figure.rate(sweep));
        report("sweep", "%,d lots: UPDATE %,.0f lots/s; Laurel %,.0f lots/s (%.1f s, %d runs of the sweeps)", pending,
                copy(ROWS.get("sweep")), sweep, pending / sweep, runs);
        // Where the sweeps' time went, by sweep (Laurel's own laurel.sweep.duration timer), the slowest first.
        Map<String, Double> after = sweepSeconds();
        System.out.println("   sweeps' own time: " + after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - sweepSeconds.getOrDefault(e.getKey(), 0.0)))
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format("%s %.2f s", e.getKey(), e.getValue())).collect(java.util.stream.Collectors.joining(", ")));
    }

    static void awardFloor(String row, boolean all, Figure get) throws Exception {
        Figure floor;
        try (Connection c = db()) {
            floorTables(c, "acme", "bench-acme-", AWARD_MEMBERS);
            floor = jdbc(SECONDS, """
                    with account as (
                        update bench_accounts set balance = balance + 10, lifetime_earned = lifetime_earned + 10,
                            entry_count = entry_count + 1, last_activity_at = now(), updated_at = now()
                        where program_id = 'acme' and member_id = md5('bench-acme-' || ?::int)::uuid and definition_id = 1
                        returning member_id, entry_count),
                    ids as (select gen_random_uuid() as entry_id, gen_random_uuid() as lot_id,
                        upper(substr(md5(random()::text), 1, 16)) as short_id),
                    entry as (
                        insert into bench_entries (program_id, member_id, definition_id, seq, id, transaction_id, kind, source,
                            amount, description, reference, partner, occurred_at, recorded_at, valid_from, expires_at, lot_id)
                        select 'acme', member_id, 1, entry_count, entry_id, entry_id, 'EARN', 'Partner', 10, 'Points from Partner',
                            'bench', 'Partner', now(), now(), now(), now() + interval '1 year', lot_id from account, ids)%s
                    insert into bench_lots (program_id, member_id, definition_id, id, entry_id, original, remaining, status,
                        earned_at, valid_from, expires_at)
                    select 'acme', member_id, 1, lot_id, entry_id, 10, 10, 'ACTIVE', now(), now(), now() + interval '1 year'
                    from account, ids""".formatted(!all ? "" : """
                    ,
                    event as (
                        insert into bench_timeline (program_id, member_id, id, type, occurred_at, recorded_at, attributes, origin)
                        select 'acme', member_id, gen_random_uuid(), 'points_earned', now(), now(),
                            jsonb_build_object('points', 10, 'source', 'Partner', 'entryId', entry_id, 'definitionId', 1), 'LAUREL'
                        from account, ids),
                    key as (
                        insert into bench_keys (program_id, kind, value, member_id)
                        select 'acme', 'PARTNER_TRANSACTION', short_id, member_id from account, ids),
                    partner as (
                        insert into bench_partner (program_id, member_id, id, short_id, partner, reference, points, entry_id,
                            created_at)
                        select 'acme', member_id, gen_random_uuid(), short_id, 'Partner', 'bench', 10, entry_id, now()
                        from account, ids)"""), () -> random(AWARD_MEMBERS));
            dropFloorTables(c);
        }
        report("floor", "PostgreSQL alone, an award's entry, lot and account%s: %s",
                all ? ", timeline event, partner transaction and key" : "", floor);
        ROWS.get(row).laurel.add(floor);
        ROWS.get(row).base.add(get);
    }

    static void sweepFloor(Connection c, String row, boolean timeline, long pending) throws SQLException {
        floorTables(c, "pointfollower", "bench-pf-", 0);
        exec(c, "insert into bench_lots select * from lots where program_id = 'pointfollower' and status = 'PENDING'");
        exec(c, "insert into bench_accounts select * from point_accounts where program_id = 'pointfollower'");
        exec(c, "vacuum analyze bench_lots, bench_accounts");
        long begin = System.nanoTime();
        exec(c, """
                with activated as (
                    update bench_lots set status = 'ACTIVE' where status = 'PENDING'
                    returning program_id, member_id, definition_id, remaining, valid_from),
                %s
                totals as (select program_id, member_id, definition_id, sum(remaining) as amount from activated group by 1, 2, 3)
                update bench_accounts a set pending = a.pending - t.amount, balance = a.balance + t.amount, updated_at = now()
                from totals t
                where a.program_id = t.program_id and a.member_id = t.member_id and a.definition_id = t.definition_id"""
                .formatted(!timeline ? "" : """
                events as (
                    insert into bench_timeline (program_id, member_id, id, type, occurred_at, recorded_at, attributes, origin)
                    select program_id, member_id, gen_random_uuid(), 'points_available', valid_from, now(),
                        jsonb_build_object('definitionId', definition_id, 'points', remaining), 'LAUREL' from activated),"""));
        double floor = pending / seconds(begin);
        dropFloorTables(c);
        ROWS.get(row).laurel.add(Figure.rate(floor));
        ROWS.get(row).base.add(Figure.rate(copy(ROWS.get("sweep"))));
        report("floor", "PostgreSQL alone, the lots and their accounts%s: %,.0f lots/s", timeline ? " and a timeline event each" : "", floor);
    }

    static void syncFloor(String row, boolean timeline) throws SQLException {
        int items = SYNC_BATCHES * SYNC_ITEMS_PER_BATCH;
        try (Connection c = db()) {
            floorTables(c, "pointfollower", "bench-pf-", SYNC_MEMBERS);
            long start = System.nanoTime();
            try (PreparedStatement s = c.prepareStatement("""
                    with items as (
                        select i, md5('bench-pf-' || (i %% %d))::uuid as member_id, 1 + i %% 50 as amount,
                            md5('bench-fe-' || i)::uuid as entry_id, md5('bench-fl-' || i)::uuid as lot_id
                        from generate_series(?, ?) i),
                    entries as (
                        insert into bench_entries (program_id, member_id, definition_id, seq, id, transaction_id, kind, source,
                            amount, description, occurred_at, recorded_at, valid_from, lot_id)
                        select 'pointfollower', member_id, 1, i + 1, entry_id, entry_id, 'EARN', 'Purchase', amount, 'bench',
                            now(), now(), now() + interval '1 day', lot_id from items),
                    lots as (
                        insert into bench_lots (program_id, member_id, definition_id, id, entry_id, original, remaining, status,
                            earned_at, valid_from)
                        select 'pointfollower', member_id, 1, lot_id, entry_id, amount, amount, 'PENDING', now(),
                            now() + interval '1 day' from items),
                    %s
                    totals as (select member_id, sum(amount) as amount, count(*) as n from items group by member_id)
                    update bench_accounts a set pending = a.pending + t.amount, lifetime_earned = a.lifetime_earned + t.amount,
                        entry_count = a.entry_count + t.n, last_activity_at = now(), updated_at = now()
                    from totals t where a.program_id = 'pointfollower' and a.member_id = t.member_id and a.definition_id = 1"""
                    .formatted(SYNC_MEMBERS, !timeline ? "" : """
                    events as (
                        insert into bench_timeline (program_id, member_id, id, type, occurred_at, recorded_at, attributes, origin)
                        select 'pointfollower', member_id, gen_random_uuid(), 'points_earned', now(), now(),
                            jsonb_build_object('points', amount, 'source', 'Purchase', 'entryId', entry_id, 'definitionId', 1),
                            'LAUREL' from items),"""))) {
                for (int b = 0; b < SYNC_BATCHES; b++) {
                    s.setInt(1, b * SYNC_ITEMS_PER_BATCH);
                    s.setInt(2, (b + 1) * SYNC_ITEMS_PER_BATCH - 1);
                    s.executeUpdate();
                }
            }
            double floor = items / seconds(start);
            dropFloorTables(c);
            ROWS.get(row).laurel.add(Figure.rate(floor));
            ROWS.get(row).base.add(Figure.rate(copy(ROWS.get("sync"))));
            report("floor", "PostgreSQL alone, each item's entry, lot and account%s: %,.0f items/s", timeline ? " and timeline event" : "",
                    floor);
        }
    }

    static void members() throws Exception {
        Figure get = http(SECONDS, i -> get("/v1/members/" + memberId(random(AWARD_MEMBERS)), ADMIN_KEY));
        report("get", "GET /v1/members/{id}: %s", get);
        Figure award = http(SECONDS, i -> award(memberId(random(AWARD_MEMBERS))));
        report("award", "partner award: %s", award);
        Figure adjust = http(SECONDS, i -> adjustment(memberId(random(AWARD_MEMBERS))));
        report("adjust", "adjustment: %s", adjust);
        Figure update;
        try (Connection c = db()) {
            exec(c, "drop table if exists bench_rows");
            exec(c, "create table bench_rows (id integer primary key, n bigint not null)");
            exec(c, "insert into bench_rows select i, 0 from generate_series(1, " + AWARD_MEMBERS + ") i");
            exec(c, "vacuum analyze bench_rows");
            update = jdbc(SECONDS, "update bench_rows set n = n + 1 where id = ?", () -> 1 + random(AWARD_MEMBERS));
            exec(c, "drop table bench_rows");
        }
        report("award-pg", "PostgreSQL single-row UPDATE over %d rows: %s", AWARD_MEMBERS, update);
        // Floors: PostgreSQL alone writing the rows the ledger keeps for an award (its entry, its lot, its account's new
        // totals), one statement and one commit a request, without the foreign keys, HTTP or JSON; then the same with what
        // Laurel writes for an award besides (its timeline event, the partner transaction and its short id's key).
        awardFloor("award-floor", false, get);
        awardFloor("award-floor-all", true, get);
        ROWS.get("award").laurel.add(award);
        ROWS.get("award").base.add(get);
        ROWS.get("adjust").laurel.add(adjust);
        ROWS.get("adjust").base.add(get);
        ROWS.get("award-pg").laurel.add(award);
        ROWS.get("award-pg").base.add(update);
        lastGet = get;
    }

    static Figure lastGet;

    static void hot() throws Exception {
        Figure update;
        try (Connection c = db()) {
            exec(c, "drop table if exists bench_hot");
            exec(c, "create table bench_hot (id integer primary key, n bigint not null)");
            exec(c, "insert into bench_hot values (1, 0)");
            update = jdbc(SECONDS, "update bench_hot set n = n + 1 where id = ?", () -> 1);
            exec(c, "drop table bench_hot");
        }
        String hot = memberId(0);
        Figure award = http(SECONDS, i -> award(hot));
        report("hot", "PostgreSQL UPDATE ... WHERE id = 1: %s; Laurel, one member: %s", update, award);
        ROWS.get("hot").laurel.add(award);
        ROWS.get("hot").base.add(update);
    }

    static void searches() throws Exception {
        Figure get = http(SECONDS, i -> get("/v1/members/" + memberId(random(MEMBERS)), ADMIN_KEY));
        Figure email = http(SECONDS, i -> search("email", email(random(MEMBERS))));
        Figure external = http(SECONDS, i -> search("external_id", "ext-" + random(MEMBERS)));
        Figure mobile = http(SECONDS, i -> search("mobile_number", mobile(random(MEMBERS))));
        report("search", "GET %s; email %s; external_id %s; mobile_number %s", get, email, external, mobile);
        ROWS.get("email").laurel.add(email);
        ROWS.get("email").base.add(get);
        ROWS.get("external").laurel.add(external);
        ROWS.get("external").base.add(get);
        ROWS.get("mobile").laurel.add(mobile);
        ROWS.get("mobile").base.add(get);
    }

    static void verify() throws Exception {
        for (String key : List.of(ADMIN_KEY, FOLLOWER_KEY)) {
            // A program of millions of entries takes minutes to verify.
            String body = send(HttpRequest.newBuilder(URI.create(BASE + "/v1/admin/ledger/verify")).header("apikey", key)
                    .timeout(Duration.ofMinutes(30)).GET().build());
            System.out.println("ledger verify (" + (key.equals(ADMIN_KEY) ? "acme" : "pointfollower") + "): accounts "
                    + field(body, "accountsChecked") + ", mismatches " + field(body, "mismatches"));
        }
    }

    // ---------------------------------------------------------------- data

    static void load() throws Exception {
        try (Connection c = db()) {
            long start = System.nanoTime();
            // Rows are inserted in key order (every index of the ledger's tables leads with the member): in the order of
            // generate_series, each row went to a random page of every index, and the 20,000,000 entries took
            // 109 minutes to load on two cores with the default shared_buffers. The sorts need the memory.
            exec(c, "set work_mem = '512MB'");
            exec(c, "insert into members (program_id, id, external_id, email, mobile_number, first_name, opted_in, created_at, updated_at) "
                    + "select 'acme', md5('bench-acme-' || i)::uuid, 'ext-' || i, 'member' || i || '@example.com', "
                    + "'+1555' || lpad(i::text, 7, '0'), 'Member', true, now(), now() from generate_series(0, " + (MEMBERS - 1) + ") i "
                    + "order by 2 on conflict do nothing");
            exec(c, "insert into member_keys (program_id, kind, value, member_id) "
                    + "select 'acme', 'EXTERNAL_ID', 'ext-' || i, md5('bench-acme-' || i)::uuid from generate_series(0, " + (MEMBERS - 1)
                    + ") i on conflict do nothing");
            exec(c, "insert into members (program_id, id, first_name, opted_in, created_at, updated_at) "
                    + "select 'pointfollower', md5('bench-pf-' || i)::uuid, 'Follower', true, now(), now() "
                    + "from generate_series(0, " + (SYNC_MEMBERS - 1) + ") i on conflict do nothing");
            if (ENTRIES_PER_MEMBER > 0) {
                // Earnings of 10 points each, with their lots, and the accounts that sum them: what Laurel would have written.
                exec(c, "insert into point_accounts (program_id, member_id, definition_id, id, balance, lifetime_earned, entry_count, "
                        + "created_at, updated_at) select 'acme', md5('bench-acme-' || i)::uuid, 1, md5('bench-acct-' || i)::uuid, "
                        + (10L * ENTRIES_PER_MEMBER) + ", " + (10L * ENTRIES_PER_MEMBER) + ", " + ENTRIES_PER_MEMBER
                        + ", now(), now() from generate_series(0, " + (MEMBERS - 1) + ") i order by 2 on conflict do nothing");
                exec(c, "insert into ledger_entries (program_id, member_id, definition_id, seq, id, transaction_id, kind, source, amount, "
                        + "description, occurred_at, recorded_at, valid_from, lot_id) "
                        + "select 'acme', m, 1, s, md5('bench-e-' || i || '-' || s)::uuid, "
                        + "md5('bench-t-' || i || '-' || s)::uuid, 'EARN', 'Manual', 10, 'loaded', now() - interval '1 day', "
                        + "now() - interval '1 day', now() - interval '1 day', md5('bench-l-' || i || '-' || s)::uuid "
                        + "from (select i, md5('bench-acme-' || i)::uuid as m from generate_series(0, " + (MEMBERS - 1) + ") i) g, "
                        + "generate_series(1, " + ENTRIES_PER_MEMBER + ") s order by m, s on conflict do nothing");
                exec(c, "insert into lots (program_id, member_id, definition_id, id, entry_id, original, remaining, status, earned_at, "
                        + "valid_from) select program_id, member_id, definition_id, lot_id, id, amount, amount, 'ACTIVE', occurred_at, "
                        + "valid_from from ledger_entries where program_id = 'acme' and description = 'loaded' order by member_id, lot_id "
                        + "on conflict do nothing");
            }
            exec(c, "analyze");
            System.out.printf("data loaded in %.1f s%n", seconds(start));
        }
    }

    /**
     * Empty copies of the ledger's tables (entries, lots, accounts, timeline, partner transactions, member keys), with their
     * indexes and checks but no foreign keys, and accounts for
     * {@code members} members of a program (ids as {@code md5(prefix || i)::uuid}, as loaded): where the floor baselines
     * write.
     */
    static void floorTables(Connection c, String program, String prefix, int members) throws SQLException {
        dropFloorTables(c);
        for (String table : FLOOR_TABLES.keySet()) {
            exec(c, "create table " + table + " (like " + FLOOR_TABLES.get(table)
                    + " including defaults including indexes including constraints)");
        }
        exec(c, "insert into bench_accounts (program_id, member_id, definition_id, id, created_at, updated_at) select '" + program
                + "', md5('" + prefix + "' || i)::uuid, 1, md5('bench-floor-' || i)::uuid, now(), now() from generate_series(0, "
                + (members - 1) + ") i");
        exec(c, "vacuum analyze " + String.join(", ", FLOOR_TABLES.keySet()));
    }

    /** The floors' tables, each a copy of the ledger's table named. */
    static final Map<String, String> FLOOR_TABLES = Map.of("bench_entries", "ledger_entries", "bench_lots", "lots", "bench_accounts",
            "point_accounts", "bench_timeline", "timeline_events", "bench_partner", "partner_transactions", "bench_keys", "member_keys");

    static void dropFloorTables(Connection c) throws SQLException {
        exec(c, "drop table if exists " + String.join(", ", FLOOR_TABLES.keySet()));
    }

    static long due(Instant at) throws SQLException {
        try (Connection c = db(); PreparedStatement s = c.prepareStatement(
                "select count(*) from lots where program_id = 'pointfollower' and status = 'PENDING' and valid_from <= ?")) {
            s.setObject(1, java.sql.Timestamp.from(at));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    static String memberId(int i) {
        return uuid("bench-acme-" + i);
    }

    static String followerId(int i) {
        return uuid("bench-pf-" + i);
    }

    static String email(int i) {
        return "member" + i + "@example.com";
    }

    static String mobile(int i) {
        return "+1555" + String.format("%07d", i);
    }

    /** The same UUID as PostgreSQL's md5(text)::uuid. */
    static String uuid(String text) {
        try {
            String hex = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
            return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20) + "-"
                    + hex.substring(20);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- load generators

    static Figure http(int seconds, IntFunction<HttpRequest> request) throws InterruptedException {
        return measure(seconds, () -> {
            AtomicInteger i = new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 20));
            return () -> {
                HttpResponse<String> r = sendQuietly(request.apply(i.getAndIncrement()));
                if (r == null || r.statusCode() >= 300) {
                    if (r != null && FAILURES.incrementAndGet() <= 5) {
                        System.out.println("failed: " + r.statusCode() + " " + r.body());
                    }
                    return false;
                }
                return true;
            };
        });
    }

    static final AtomicInteger FAILURES = new AtomicInteger();

    interface Op {
        boolean run() throws Exception;
    }

    interface OpFactory {
        Op create() throws Exception;
    }

    static Figure jdbc(int seconds, String sql, java.util.function.IntSupplier id) throws Exception {
        List<Connection> connections = new ArrayList<>();
        for (int t = 0; t < CONNECTIONS; t++) {
            connections.add(db());
        }
        AtomicInteger next = new AtomicInteger();
        try {
            return measure(seconds, () -> {
                PreparedStatement s = connections.get(next.getAndIncrement()).prepareStatement(sql);
                return () -> {
                    s.setInt(1, id.getAsInt());
                    return s.executeUpdate() == 1;
                };
            });
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    /** CONNECTIONS threads, each running its operation in a loop for {@code seconds}; latencies of each kept. */
    static Figure measure(int seconds, OpFactory factory) throws InterruptedException {
        long[][] latencies = new long[CONNECTIONS][];
        int[] counts = new int[CONNECTIONS];
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < CONNECTIONS; t++) {
            int me = t;
            threads.add(started(() -> {
                long[] mine = new long[4096];
                int n = 0;
                try {
                    Op op = factory.create();
                    for (long now = System.nanoTime(); now < end; ) {
                        boolean ok;
                        try {
                            ok = op.run();
                        } catch (Exception e) {
                            ok = false;
                        }
                        long done = System.nanoTime();
                        if (ok) {
                            if (n == mine.length) {
                                mine = Arrays.copyOf(mine, n * 2);
                            }
                            mine[n++] = done - now;
                        } else {
                            failed.incrementAndGet();
                        }
                        now = done;
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                latencies[me] = mine;
                counts[me] = n;
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = seconds(start);
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < CONNECTIONS; t++) {
            System.arraycopy(latencies[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        if (total == 0) {
            return new Figure(0, Double.NaN, Double.NaN, failed.get());
        }
        return new Figure(total / elapsed, all[total / 2] / 1e6, all[(int) Math.min(total - 1, total * 0.99)] / 1e6, failed.get());
    }

    static int random(int bound) {
        return ThreadLocalRandom.current().nextInt(bound);
    }

    // ---------------------------------------------------------------- HTTP and SQL

    static HttpRequest award(String memberId) {
        return post("/loyalty/user/" + memberId + "/points", PARTNER_KEY,
                "{\"partner\":\"Partner\",\"points\":10,\"reference\":\"bench\"}");
    }

    static HttpRequest adjustment(String memberId) {
        return post("/v1/members/" + memberId + "/adjustments", ADMIN_KEY,
                "{\"definitionId\":1,\"amount\":5,\"description\":\"bench\",\"source\":\"Manual\",\"userId\":\"u\",\"userName\":\"bench\"}");
    }

    static HttpRequest search(String field, String value) {
        return get("/priv/v1/apps/acme-app/users/search?" + field + "=" + java.net.URLEncoder.encode(value, StandardCharsets.UTF_8), ADMIN_KEY);
    }

    static HttpRequest get(String path, String key) {
        return HttpRequest.newBuilder(URI.create(BASE + path)).header("apikey", key).timeout(Duration.ofSeconds(60)).GET().build();
    }

    static HttpRequest post(String path, String key, String body) {
        return HttpRequest.newBuilder(URI.create(BASE + path)).header("apikey", key).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static HttpRequest put(String path, String key, String body) {
        return HttpRequest.newBuilder(URI.create(BASE + path)).header("apikey", key).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).PUT(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static String send(HttpRequest request) throws Exception {
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static HttpResponse<String> sendQuietly(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            return null;
        }
    }

    /** Seconds each sweep has run so far, by name, from Laurel's Prometheus endpoint. */
    static Map<String, Double> sweepSeconds() throws Exception {
        Map<String, Double> seconds = new java.util.TreeMap<>();
        Matcher m = Pattern.compile("(?m)^laurel_sweep_duration_seconds_sum\\{[^}]*sweep=\"([^\"]+)\"[^}]*\\} (\\S+)$")
                .matcher(send(HttpRequest.newBuilder(URI.create(BASE + "/actuator/prometheus")).GET().build()));
        while (m.find()) {
            seconds.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
        }
        return seconds;
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]*)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static Connection db() throws SQLException {
        return DriverManager.getConnection(DB_URL, DB_USER, DB_PASSWORD);
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }

    // ---------------------------------------------------------------- the table

    static void row(String key, String work, String unit, String baseline, String target, double ratio, boolean latency) {
        ROWS.put(key, new Row(work, unit, baseline, target, ratio, latency));
    }

    static double copy(Row row) {
        return row.base.get(row.base.size() - 1).rate();
    }

    static void report(String what, String format, Object... args) {
        System.out.printf("  %-8s " + format + "%n", prepend(what, args));
    }

    static Object[] prepend(String what, Object[] args) {
        Object[] all = new Object[args.length + 1];
        all[0] = what;
        for (int i = 0; i < args.length; i++) {
            all[i + 1] = args[i] instanceof Figure f ? describe(f) : args[i];
        }
        return all;
    }

    static Thread started(Runnable body) {
        Thread t = new Thread(body);
        t.start();
        return t;
    }

    static String describe(Figure f) {
        return String.format("%,.0f/s p50 %.1f ms p99 %.1f ms%s", f.rate(), f.p50Ms(), f.p99Ms(),
                f.failed() == 0 ? "" : " (" + f.failed() + " failed)");
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static void print() {
        System.out.println();
        System.out.println("| work | Laurel (median) | baseline | baseline (median) | ratio (median of rounds) | target | met |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Row row : ROWS.values()) {
            if (row.laurel.isEmpty()) {
                continue; // a scenario left out by BENCH_SCENARIOS
            }
            List<Double> ratios = new ArrayList<>(), p99Ratios = new ArrayList<>();
            for (int i = 0; i < row.laurel.size(); i++) {
                ratios.add(row.laurel.get(i).rate() / row.base.get(i).rate());
                p99Ratios.add(row.laurel.get(i).p99Ms() / row.base.get(i).p99Ms());
            }
            double ratio = median(ratios);
            double laurel = median(row.laurel.stream().map(Figure::rate).toList());
            double base = median(row.base.stream().map(Figure::rate).toList());
            String laurelText = String.format("%,.0f %s", laurel, row.laurelUnit);
            String baseText = String.format("%,.0f/s", base);
            String ratioText = String.format("%.0f %%", ratio * 100);
            boolean met = ratio >= row.targetRatio;
            if (row.latency) {
                double lp99 = median(row.laurel.stream().map(Figure::p99Ms).toList());
                double bp99 = median(row.base.stream().map(Figure::p99Ms).toList());
                laurelText += String.format(", p99 %.0f ms", lp99);
                baseText += String.format(", p99 %.0f ms", bp99);
                if (row.target.contains("p99")) {
                    double p99Ratio = median(p99Ratios);
                    ratioText += String.format("; p99 %.1f×", p99Ratio);
                    met = met && p99Ratio <= 2;
                }
            }
            System.out.printf("| %s | %s | %s | %s | %s | %s | %s |%n", row.work, laurelText, row.baseline, baseText, ratioText, row.target,
                    row.targetRatio == 0 ? "" : met ? "yes" : "no");
        }
        long failed = ROWS.values().stream().flatMap(r -> r.laurel.stream()).mapToLong(Figure::failed).sum();
        System.out.println();
        System.out.println("failed Laurel requests over all rounds: " + failed);
    }
}
