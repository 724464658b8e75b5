package dev.laurel.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.laurel.support.IntegrationTest;
import dev.laurel.support.StatementCounter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes held back go out as the parts of one statement, and nothing that runs on the transaction meanwhile misses
 * them: a read, another write, the commit. A rollback forgets them. (Each transaction makes its own temporary table,
 * dropped at its commit, so no table of the schema is touched.)
 */
@Import(StatementCounter.class)
class WriteBehindTest extends IntegrationTest {

    private static final String TABLE = "create temp table held (id int primary key, note text) on commit drop";

    @Autowired
    WriteBehind behind;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    StatementCounter counter;

    @Test
    void held_writes_and_the_query_after_them_are_one_statement() {
        List<Integer> ids = tx.execute(status -> {
            jdbc.sql(TABLE).update();
            long before = counter.count();
            List<Integer> found = behind.collect(() -> {
                behind.update("insert into held (id, note) select i, :note from unnest(:ids::int[]) as i", Map.of("note", "a", "ids", new Integer[] {1, 2}));
                behind.update("insert into held (id, note) values (:id, :note)", Map.of("id", 3, "note", "b"));
                return behind.query("with q as (select :id as id) insert into held (id, note) select id, :note from q returning id",
                        Map.of("id", 4, "note", "c"), (rs, n) -> rs.getInt(1));
            });
            assertThat(counter.count() - before).isEqualTo(1);
            assertThat(jdbc.sql("select id || note from held order by id").query(String.class).list()).containsExactly("1a", "2a", "3b", "4c");
            return found;
        });
        assertThat(ids).containsExactly(4);
    }

    @Test
    void a_read_meanwhile_sees_the_held_writes_and_the_commit_sends_what_is_left() {
        tx.executeWithoutResult(status -> {
            jdbc.sql(TABLE).update();
            behind.collect(() -> {
                behind.update("insert into held (id, note) values (:id, :note)", Map.of("id", 1, "note", "x"));
                assertThat(jdbc.sql("select count(*) from held").query(Long.class).single()).isEqualTo(1);
                behind.update("insert into held (id, note) values (:id, :note)", Map.of("id", 2, "note", "y"));
                return null;
            });
            assertThat(jdbc.sql("select count(*) from held").query(Long.class).single()).isEqualTo(2);
        });
    }

    @Test
    void a_savepoint_rolled_back_takes_the_writes_held_after_it_and_only_those() {
        TransactionTemplate savepoint = new TransactionTemplate(tx.getTransactionManager());
        savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        TransactionTemplate inner = new TransactionTemplate(tx.getTransactionManager());
        inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        tx.executeWithoutResult(status -> {
            jdbc.sql(TABLE).update();
            behind.collect(() -> {
                behind.update("insert into held (id, note) values (:id, :note)", Map.of("id", 1, "note", "kept"));
                savepoint.executeWithoutResult(nested -> {
                    behind.update("insert into held (id, note) values (:id, :note)", Map.of("id", 2, "note", "undone"));
                    nested.setRollbackOnly();
                });
                behind.update("insert into held (id, note) values (:id, :note)", Map.of("id", 3, "note", "kept"));
                // Another transaction begun meanwhile neither sends this one's writes (its connection has no table held)
                // nor has its own held with them.
                inner.executeWithoutResult(other -> behind.update("update members set updated_at = updated_at where program_id = :p and false",
                        Map.of("p", "none")));
                return null;
            });
            assertThat(jdbc.sql("select id from held order by id").query(Integer.class).list()).containsExactly(1, 3);
        });
    }

    @Test
    void a_held_write_that_fails_fails_its_transaction() {
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
            jdbc.sql(TABLE).update();
            behind.collect(() -> {
                behind.update("insert into held (id, note) values (:id, :note)", Map.of("id", 1, "note", "x"));
                behind.update("insert into held (id, note) values (:id, :note)", Map.of("id", 1, "note", "again"));
                return null;
            });
        })).hasMessageContaining("duplicate key");
    }

    @Test
    void outside_a_transaction_a_write_runs_at_once() {
        long before = counter.count();
        behind.collect(() -> {
            behind.update("do $$ begin perform 1; end $$", Map.of());
            assertThat(counter.count() - before).isEqualTo(1);
            return null;
        });
    }

    @Test
    void parameters_of_each_part_are_renamed_and_a_with_of_the_last_is_continued() {
        WriteBehind.Part first = new WriteBehind.Part("insert into t select :p, x::text from unnest(:xs::int[]) as x", Map.of("p", "a", "xs", 1));
        WriteBehind.Part last = new WriteBehind.Part("WITH r as (select :p::text as p) update u set p = r.p from r", Map.of("p", "b"));
        WriteBehind.Part combined = WriteBehind.combine(List.of(first), last);
        assertThat(combined.sql()).isEqualTo("""
                with w0 as (insert into t select :w0_p, x::text from unnest(:w0_xs::int[]) as x),
                r as (select :p::text as p) update u set p = r.p from r""");
        assertThat(combined.params()).isEqualTo(Map.<String, Object>of("w0_p", "a", "w0_xs", 1, "p", "b"));
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> behind.collect(() -> {
            behind.update("with x as (select 1) insert into t select * from x", Map.of());
            return null;
        }))).isInstanceOf(IllegalArgumentException.class);
    }
}
