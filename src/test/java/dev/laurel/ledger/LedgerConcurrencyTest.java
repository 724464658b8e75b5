package dev.laurel.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.members.MemberDraft;
import dev.laurel.members.Members;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Many writers on one hot account: no lost update, no deadlock, never below zero. */
class LedgerConcurrencyTest extends IntegrationTest {

    static final int THREADS = 64;
    static final int OPERATIONS_PER_THREAD = 1000;

    @Autowired
    Ledger ledger;

    @Autowired
    Members members;

    @Test
    void sixty_four_threads_of_a_thousand_awards_and_deductions_end_with_the_exact_balance() throws Exception {
        TestProgram program = newProgram();
        UUID member = members.create(program.id(), new MemberDraft(null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, true, null, null)).id().value();
        DefinitionPolicy policy = new DefinitionPolicy(1, 4, false, ZoneId.of("America/New_York"));
        AtomicLong expected = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong lowest = new AtomicLong(Long.MAX_VALUE);

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            SplittableRandom random = new SplittableRandom(t);
            workers.add(pool.submit(() -> {
                for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
                    long amount = random.nextLong(1, 101);
                    boolean award = random.nextBoolean();
                    try {
                        ledger.post(program.id(), List.of(Posting.of(member, policy, award ? amount : -amount, "Manual", "load")));
                        expected.addAndGet(award ? amount : -amount);
                    } catch (InsufficientPoints e) {
                        refused.incrementAndGet();
                    }
                    if (i % 100 == 0) {
                        ledger.accounts(program.id(), member, policy.zone()).forEach(a -> lowest.accumulateAndGet(a.balance(), Math::min));
                    }
                }
                return null;
            }));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.MINUTES)).as("all writers finished (no deadlock)").isTrue();
        for (Future<?> worker : workers) {
            worker.get();
        }

        PointAccount account = ledger.accounts(program.id(), member, policy.zone()).get(0);
        assertThat(account.balance()).isEqualTo(expected.get());
        assertThat(lowest.get()).isGreaterThanOrEqualTo(0);
        assertThat(refused.get()).isLessThan(THREADS * OPERATIONS_PER_THREAD);
        assertThat(account.lifetimeEarned() - account.lifetimeSpent()).isEqualTo(expected.get());
        assertThat(ledger.check(program.id()).mismatches()).isZero();
    }
}
