package dev.laurel.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The operator audit log's store ({@link OperatorActions}): what is kept of an action, and how the log is read back. */
class OperatorActionsTest extends IntegrationTest {

    @Autowired
    OperatorActions actions;

    @Test
    void the_log_reads_newest_first_a_page_at_a_time_filtered_by_operator_and_by_member_within_the_program() {
        TestProgram program = newProgram();
        TestProgram other = newProgram();
        UUID zed = UUID.fromString(as(program).post("/v1/members", "{\"firstName\": \"Zed\", \"lastName\": \"Lei\"}").json().get("id").asString());
        UUID ann = UUID.fromString(as(program).post("/v1/members", "{\"email\": \"ann@example.com\"}").json().get("id").asString());
        Operator maria = new Operator(program.id(), "maria", "Maria Operator");
        Operator olle = new Operator(program.id(), "olle", "Olle");
        clock.set(Instant.parse("2026-11-02T08:00:00Z"), true);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < OperatorActions.PAGE_ROWS + 10; i++) {
            Operator who = i % 2 == 0 ? maria : olle;
            UUID member = i % 3 == 0 ? zed : ann;
            actions.record(who, "points.adjusted", member, Map.of("amount", String.valueOf(i)), null);
            expected.add(0, String.valueOf(i));
            clock.advance(Duration.ofSeconds(1));
        }
        actions.record(new Operator(other.id(), "maria", "Maria Elsewhere"), "signed.in", null, Map.of(), null);

        OperatorActions.Page first = actions.page(program.id(), null, null, null);
        OperatorActions.Page second = actions.page(program.id(), null, null, first.next());

        assertThat(first.actions()).hasSize(OperatorActions.PAGE_ROWS);
        assertThat(second.next()).isNull();
        List<String> amounts = new ArrayList<>();
        first.actions().forEach(a -> amounts.add(a.details().get("amount")));
        second.actions().forEach(a -> amounts.add(a.details().get("amount")));
        assertThat(amounts).containsExactlyElementsOf(expected);
        OperatorActions.Recorded newest = first.actions().get(0);
        assertThat(newest.at()).isEqualTo(Instant.parse("2026-11-02T08:00:59Z"));
        assertThat(newest.operatorUsername()).isEqualTo("olle");
        assertThat(newest.memberId()).isEqualTo(ann);
        assertThat(newest.memberName()).isEqualTo("ann@example.com");
        assertThat(newest.refused()).isFalse();

        List<OperatorActions.Recorded> marias = actions.page(program.id(), "maria", null, null).actions();
        assertThat(marias).hasSize(30).allMatch(a -> a.operatorName().equals("Maria Operator"));
        List<OperatorActions.Recorded> zeds = actions.page(program.id(), null, zed, null).actions();
        assertThat(zeds).hasSize(20).allMatch(a -> a.memberName().equals("Zed Lei"));
        assertThat(actions.page(program.id(), "maria", zed, null).actions()).hasSize(10);
        assertThat(actions.page(other.id(), null, null, null).actions()).singleElement()
                .satisfies(a -> assertThat(a.operatorName()).isEqualTo("Maria Elsewhere"));
        assertThat(actions.page(other.id(), null, zed, null).actions()).as("another program's member").isEmpty();
    }

    @Test
    void a_refused_action_keeps_the_problem_and_the_details_are_bounded() {
        TestProgram program = newProgram();
        Operator maria = new Operator(program.id(), "maria", "Maria");
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < OperatorActions.DETAILS_MAX + 5; i++) {
            many.put("field" + i, i == 0 ? "x".repeat(5000) : "v\u0000" + i);
        }

        actions.record(maria, "profile.edited", null, many, "The amount must be a whole number of points.");

        OperatorActions.Recorded recorded = actions.page(program.id(), null, null, null).actions().get(0);
        assertThat(recorded.refused()).isTrue();
        assertThat(recorded.problem()).isEqualTo("The amount must be a whole number of points.");
        assertThat(recorded.details()).hasSize(OperatorActions.DETAILS_MAX);
        assertThat(recorded.details().get("field0")).hasSize(OperatorActions.DETAIL_CHARS_MAX).endsWith("…");
        assertThat(recorded.details().get("field1")).isEqualTo("v\uFFFD1");
        assertThat(recorded.memberId()).isNull();
        assertThat(recorded.memberName()).isNull();
    }
}
