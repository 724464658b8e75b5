package dev.laurel.members;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.laurel.platform.InvalidInput;
import dev.laurel.support.Api;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The console's member list ({@link MemberDirectory}) on members created over the API. */
class MemberDirectoryTest extends IntegrationTest {

    @Autowired
    MemberDirectory directory;

    @Test
    void the_newest_members_come_first_a_page_at_a_time_and_the_pages_meet_without_gaps_or_repeats() {
        TestProgram program = newProgram();
        Api api = as(program);
        clock.set(Instant.parse("2026-11-01T09:00:00Z"), true);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            created.add(api.post("/v1/members", "{\"email\": \"m" + i + "@example.com\"}").json().get("id").asString());
            // Two members in the same microsecond too: the id orders them.
            if (i % 2 == 1) {
                clock.advance(Duration.ofMinutes(1));
            }
        }

        MemberDirectory.Page first = directory.list(program.id(), null, null, 25);
        MemberDirectory.Page second = directory.list(program.id(), "", first.next(), 25);

        assertThat(first.members()).hasSize(25);
        assertThat(first.next()).isNotNull();
        assertThat(second.members()).hasSize(5);
        assertThat(second.next()).isNull();
        List<String> listed = new ArrayList<>();
        first.members().forEach(m -> listed.add(m.id().toString()));
        second.members().forEach(m -> listed.add(m.id().toString()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(created);
        List<MemberDirectory.Listed> all = new ArrayList<>(first.members());
        all.addAll(second.members());
        for (int i = 1; i < all.size(); i++) {
            MemberDirectory.Listed before = all.get(i - 1);
            MemberDirectory.Listed after = all.get(i);
            assertThat(before.createdAt().isAfter(after.createdAt())
                    || before.createdAt().equals(after.createdAt())
                    // PostgreSQL orders uuids by their bytes, as their text sorts; Java's UUID.compareTo is signed.
                    && before.id().toString().compareTo(after.id().toString()) > 0).as("newest first at " + i).isTrue();
        }
        assertThat(all.get(0).email()).isIn("m28@example.com", "m29@example.com");
    }

    @Test
    void a_prefix_of_an_email_a_first_or_last_name_a_full_name_or_an_external_id_finds_the_member_whatever_the_case() {
        TestProgram program = newProgram();
        Api api = as(program);
        String maria = api.post("/v1/members", "{\"firstName\": \"María\", \"lastName\": \"Lindqvist\", \"email\": \"M.Lind@Example.com\","
                + " \"externalId\": \"POS-00017\"}").json().get("id").asString();
        String mark = api.post("/v1/members", "{\"firstName\": \"Mark\", \"lastName\": \"Berg\", \"email\": \"mark@example.com\"}")
                .json().get("id").asString();

        assertThat(ids(program, "m.lind@")).containsExactly(maria);
        assertThat(ids(program, "MARÍA")).containsExactly(maria);
        assertThat(ids(program, "lindq")).containsExactly(maria);
        assertThat(ids(program, "maría lin")).containsExactly(maria);
        assertThat(ids(program, "  pos-000 ")).containsExactly(maria);
        assertThat(ids(program, "mar")).containsExactly(mark, maria);
        assertThat(ids(program, "berg")).containsExactly(mark);
        assertThat(ids(program, "mark berg")).containsExactly(mark);
        assertThat(ids(program, "example")).as("a prefix, not a substring").isEmpty();
        assertThat(ids(program, "lind@example.com")).isEmpty();
    }

    @Test
    void percent_and_underscore_are_characters_not_wildcards() {
        TestProgram program = newProgram();
        Api api = as(program);
        String underscore = api.post("/v1/members", "{\"email\": \"a_b@example.com\"}").json().get("id").asString();
        api.post("/v1/members", "{\"email\": \"axb@example.com\"}");
        String percent = api.post("/v1/members", "{\"externalId\": \"%SALE-1\"}").json().get("id").asString();
        api.post("/v1/members", "{\"externalId\": \"SALE-2\"}");

        assertThat(ids(program, "a_")).containsExactly(underscore);
        assertThat(ids(program, "%")).containsExactly(percent);
        assertThat(ids(program, "%sale")).containsExactly(percent);
        assertThat(ids(program, "\\")).isEmpty();
    }

    @Test
    void an_operator_sees_only_their_own_programs_members() {
        TestProgram mine = newProgram();
        TestProgram theirs = newProgram();
        String own = as(mine).post("/v1/members", "{\"email\": \"shared.prefix@example.com\"}").json().get("id").asString();
        as(theirs).post("/v1/members", "{\"email\": \"shared.prefix@example.com\"}");
        as(theirs).post("/v1/members", "{\"email\": \"shared.other@example.com\"}");

        assertThat(ids(mine, "shared")).containsExactly(own);
        assertThat(directory.list(mine.id(), null, null, 25).members()).extracting(m -> m.id().toString()).containsExactly(own);
    }

    @Test
    void a_page_size_a_prefix_or_a_cursor_out_of_bounds_is_refused() {
        TestProgram program = newProgram();
        assertThatThrownBy(() -> directory.list(program.id(), null, null, MemberDirectory.PAGE_ROWS_MAX + 1)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> directory.list(program.id(), null, null, 0)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> directory.list(program.id(), "x".repeat(MemberDirectory.PREFIX_CHARS_MAX + 1), null, 25))
                .isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> directory.list(program.id(), "a\u0000", null, 25)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> directory.list(program.id(), null, "not-a-cursor", 25)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> directory.list(program.id(), null, "9999999999999999999_" + UUID.randomUUID(), 25))
                .isInstanceOf(InvalidInput.class);
        assertThat(directory.list(program.id(), "x".repeat(MemberDirectory.PREFIX_CHARS_MAX), null, 25).members()).isEmpty();
    }

    @Test
    void the_upper_bound_of_a_prefix_is_the_least_string_above_all_that_start_with_it() {
        assertThat(MemberDirectory.upperBound("abc")).isEqualTo("abd");
        assertThat(MemberDirectory.upperBound("a\uD7FF")).isEqualTo("a\uE000");
        assertThat(MemberDirectory.upperBound("a" + new String(Character.toChars(Character.MAX_CODE_POINT)))).isEqualTo("b");
    }

    private List<String> ids(TestProgram program, String prefix) {
        return directory.list(program.id(), prefix, null, 25).members().stream().map(m -> m.id().toString()).toList();
    }
}
