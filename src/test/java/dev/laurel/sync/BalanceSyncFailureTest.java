package dev.laurel.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.laurel.support.Api;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A balance import whose chunk fails for a reason that is not the item's fault (here a stored item that breaks what
 * the sweep relies on, as a bug would) is not reported as "not applied" and closed: the failure is thrown and the
 * import stays due, to be applied once the cause is fixed.
 */
class BalanceSyncFailureTest extends IntegrationTest {

    @Autowired
    BalanceSyncs balanceSyncs;

    @Autowired
    JdbcClient jdbc;

    @Test
    void a_chunk_failing_on_a_broken_assumption_is_thrown_and_stays_due_instead_of_being_blamed_on_its_items() {
        TestProgram program = newProgram(TestProgram.POINT_FOLLOWER);
        Api api = as(program);
        String member = api.post("/v1/members", "{}").json().get("id").asString();
        String id = api.post("/api/v2/point-accounts/balances", "[{\"contactId\": \"" + member
                + "\", \"amount\": 40, \"definitionId\": 2, \"timeStamp\": \"2023-05-16T12:20:03.807Z\"}]").json().get("id").asString();
        String stored = jdbc.sql("select items::text from balance_imports where program_id = :p and id = :id")
                .param("p", program.id()).param("id", UUID.fromString(id)).query(String.class).single();
        assertThat(stored).contains("\"amount\": 40");
        setItems(program, id, stored.replace("\"amount\": 40", "\"amount\": \"forty\""));

        assertThatThrownBy(() -> balanceSyncs.applyNextChunk(Optional.of(program.id()))).isInstanceOf(ClassCastException.class);

        assertThat(api.get("/api/v2/point-accounts/balances/status/" + id).json().get("status").asString()).isEqualTo("Queued");
        assertThat(api.get("/api/v2/point-accounts/balances/status/" + id).json().get("messages")).isEmpty();

        setItems(program, id, stored);
        assertThat(balanceSyncs.applyNextChunk(Optional.of(program.id()))).isTrue();

        assertThat(api.get("/api/v2/point-accounts/balances/status/" + id).json().get("status").asString()).isEqualTo("Completed");
        assertThat(api.get("/v1/members/" + member + "/point-accounts").json().toString()).contains("\"balance\":40");
    }

    private void setItems(TestProgram program, String id, String items) {
        jdbc.sql("update balance_imports set items = :items::jsonb where program_id = :p and id = :id")
                .param("items", items).param("p", program.id()).param("id", UUID.fromString(id)).update();
    }
}
