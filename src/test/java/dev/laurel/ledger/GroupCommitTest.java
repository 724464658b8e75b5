package dev.laurel.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.proof.Await;
import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.StatementCounter;
import dev.laurel.support.TestProgram;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * Group commit on a hot account, over HTTP: postings on one member that arrive while a commit is in flight are committed
 * together, and each request still gets its own entry and answer; one that overdraws fails alone. The test holds the
 * member's account row locked (as a long commit would) until every request is queued behind the first, then lets go.
 */
@Import(StatementCounter.class)
class GroupCommitTest extends IntegrationTest {

    static final int QUEUED = 12;
    static final int KEYED = 3;
    static final long AWARD = 10;
    static final long FIRST = 100;

    @Autowired
    Ledger ledger;

    @Autowired
    StatementCounter counter;

    @Autowired
    DataSource dataSource;

    TestProgram program;
    String member;
    Api admin;
    Api partner;

    @BeforeEach
    void aMemberWithPoints() {
        program = newProgram();
        admin = as(program);
        partner = api().key(program.partnerKey());
        member = admin.post("/v1/members", "{\"optedIn\": true}").json().get("id").asString();
        assertThat(award(partner, "first", FIRST).status()).isEqualTo(200);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void awardsQueuedBehindACommitAreCommittedTogetherAndAnOverdrawingDeductionFailsAlone() throws Exception {
        List<Callable<Response>> requests = new ArrayList<>();
        for (int i = 0; i < QUEUED; i++) {
            String reference = "queued " + i;
            requests.add(() -> award(partner, reference, AWARD));
        }
        requests.add(() -> award(partner, "too much", -1_000_000));
        List<Api> keyed = new ArrayList<>();
        for (int i = 0; i < KEYED; i++) {
            Api withKey = api().key(program.partnerKey()).header("Idempotency-Key", "group-commit-" + i);
            keyed.add(withKey);
            requests.add(() -> award(withKey, "keyed", AWARD));
        }

        long commitsBefore = counter.commits();
        List<Response> answers = behindALockedAccount(requests, QUEUED);
        long commits = counter.commits() - commitsBefore;

        // One commit for the request that went first, one for the queued ones together, one per keyed request (a key's
        // record is written in its request's own transaction, which is not combined).
        assertThat(commits).isLessThan(requests.size() / 2);
        Set<String> transactions = new HashSet<>();
        Set<String> shortIds = new HashSet<>();
        for (int i = 0; i < QUEUED; i++) {
            Response r = answers.get(i);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.json().get("metadata").get("reference").asString()).isEqualTo("queued " + i);
            assertThat(r.json().get("pointsEarned").asLong()).isEqualTo(AWARD);
            transactions.add(r.json().get("id").asString());
            shortIds.add(r.json().get("shortId").asString());
        }
        assertThat(transactions).hasSize(QUEUED);
        assertThat(shortIds).hasSize(QUEUED);
        Response refused = answers.get(QUEUED);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("code").asString()).isEqualTo("insufficient-points");
        for (int i = 0; i < KEYED; i++) {
            Response first = answers.get(QUEUED + 1 + i);
            assertThat(first.status()).as(first.toString()).isEqualTo(200);
            Response replay = award(keyed.get(i), "keyed", AWARD);
            assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(replay.body()).isEqualTo(first.body());
            transactions.add(first.json().get("id").asString());
        }
        assertThat(transactions).hasSize(QUEUED + KEYED);

        long expected = FIRST + (QUEUED + KEYED) * AWARD;
        assertThat(balance()).isEqualTo(expected);
        JsonNode log = admin.get("/v1/members/" + member + "/points-log?limit=100").json().get("items");
        assertThat(log).hasSize(1 + QUEUED + KEYED);
        Set<String> logged = new HashSet<>();
        log.forEach(e -> logged.add(e.get("transactionId").asString()));
        assertThat(logged).containsAll(transactions);
        assertThat(admin.get("/v1/admin/ledger/verify").json().get("mismatches").asLong()).isZero();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void adjustmentsQueuedBehindACommitAreCommittedTogetherAndAnOverdrawingOneFailsAlone() throws Exception {
        List<Callable<Response>> requests = new ArrayList<>();
        for (int i = 0; i < QUEUED; i++) {
            long amount = i % 3 == 2 ? -AWARD : AWARD;
            requests.add(() -> adjust(amount));
        }
        requests.add(() -> adjust(-1_000_000));

        long commitsBefore = counter.commits();
        List<Response> answers = behindALockedAccount(requests, QUEUED);
        long commits = counter.commits() - commitsBefore;

        assertThat(commits).isLessThan(requests.size() / 2);
        Set<String> entries = new HashSet<>();
        long expected = FIRST;
        for (int i = 0; i < QUEUED; i++) {
            Response r = answers.get(i);
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            entries.add(r.body());
            expected += i % 3 == 2 ? -AWARD : AWARD;
        }
        assertThat(entries).hasSize(QUEUED);
        assertThat(answers.get(QUEUED).status()).isEqualTo(409);
        assertThat(answers.get(QUEUED).json().get("code").asString()).isEqualTo("insufficient-points");
        assertThat(balance()).isEqualTo(expected);
        assertThat(admin.get("/v1/members/" + member + "/points-log?limit=100").json().get("items")).hasSize(1 + QUEUED);
        assertThat(admin.get("/v1/admin/ledger/verify").json().get("mismatches").asLong()).isZero();
    }

    /**
     * Sends the requests at once while the member's account row is locked, lets go of the lock once {@code queued}
     * postings wait in the member's lane behind the first, and returns the answers in the order of the requests.
     */
    private List<Response> behindALockedAccount(List<Callable<Response>> requests, int queued) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (PreparedStatement s = lock.prepareStatement(
                    "select id from point_accounts where program_id = ? and member_id = ?::uuid for update")) {
                s.setString(1, program.id());
                s.setString(2, member);
                s.executeQuery().close();
            }
            List<Future<Response>> answers = new ArrayList<>();
            requests.forEach(r -> answers.add(pool.submit(r)));
            Await.until("postings queued behind the first", Duration.ofSeconds(60),
                    () -> ledger.waitingPostings(program.id(), UUID.fromString(member)) == queued);
            lock.rollback();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> answer : answers) {
                responses.add(answer.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    private Response award(Api caller, String reference, long points) {
        return caller.post("/loyalty/user/" + member + "/points",
                "{\"partner\": \"Partner\", \"points\": " + points + ", \"reference\": \"" + reference + "\"}");
    }

    private Response adjust(long amount) {
        return admin.post("/v1/members/" + member + "/adjustments", "{\"definitionId\": 1, \"amount\": " + amount
                + ", \"description\": \"group commit\", \"source\": \"Manual\", \"userId\": \"u\", \"userName\": \"n\"}");
    }

    private long balance() {
        return admin.get("/v1/members/" + member + "/point-accounts").json().get(0).get("balance").asLong();
    }
}
