package dev.laurel.members;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Plans;
import dev.laurel.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The plans of the console's member list ({@link MemberDirectory}) on a database of its own, migrated as Laurel's is,
 * with one program of 200,000 members (names from 40 first and 40 last names, as real names repeat) beside another
 * program's 20,000: every page, the newest members or a prefix's, first or deep, reads a bounded number of buffers
 * through V66's indexes and never scans the table. The newest members are checked prepared with a generic plan (what a
 * JDBC statement gets after a few executions) and with a custom one; a search with the custom plan MemberDirectory
 * forces for it, since only a plan that sees the prefix knows whether few members or many start with it. The bounds are what a page needs (a page of index entries and rows), far below
 * the thousands of buffers of the program's members.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemberDirectoryPlanTest {

    static final int MEMBERS = 200_000;
    static final String PROGRAM = "list";
    static final int PAGE = MemberDirectory.PAGE_ROWS_DEFAULT + 1;
    /** A page of 26 members: their index entries and heap pages, and the prefix indexes' pages for a search. */
    static final int BUFFERS_MAX = 400;
    static final List<String> FIRST = List.of("Maria", "Mark", "Anna", "Erik", "Lars", "Karin", "Sofia", "Johan", "Elin", "Oscar",
            "Lucia", "Pablo", "Carmen", "Diego", "Elena", "Jorge", "Marta", "Hugo", "Irene", "Raul", "Emma", "Liam", "Olivia", "Noah",
            "Ava", "Mia", "Leo", "Zoe", "Ivan", "Nora", "Axel", "Ebba", "Hanna", "Nils", "Vera", "Alba", "Bruno", "Clara", "Dario", "Eva");
    static final List<String> LAST = List.of("Lind", "Berg", "Holm", "Ek", "Strand", "Nilsson", "Garcia", "Lopez", "Martin", "Ruiz",
            "Moreno", "Navarro", "Smith", "Jones", "Brown", "Taylor", "Wilson", "Evans", "Walker", "Wright", "Andersson", "Persson",
            "Svensson", "Gomez", "Diaz", "Torres", "Vargas", "Castro", "Ortiz", "Romero", "Alonso", "Blanco", "Molina", "Suarez",
            "Hall", "Young", "King", "Scott", "Green", "Baker");

    private final String database = "member_list_plans_" + UUID.randomUUID().toString().replace("-", "");
    private String url;

    @BeforeAll
    void programsOfManyMembers() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestDatabase.url(), TestDatabase.username(), TestDatabase.password());
                Statement s = c.createStatement()) {
            s.execute("create database " + database);
        }
        url = TestDatabase.url().replaceFirst("/([^/?]+)(\\?|$)", "/" + database + "$2");
        Flyway.configure().dataSource(url, TestDatabase.username(), TestDatabase.password()).locations("classpath:db/migration")
                .load().migrate();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String program : List.of(PROGRAM, "other")) {
                s.execute("insert into programs (id, name, revision, document, fingerprint, created_at, updated_at) "
                        + "values ('" + program + "', 'Plans', 1, '{}', '', timestamptz '2026-01-01 00:00:00+00', timestamptz '2026-01-01 00:00:00+00')");
            }
            String first = FIRST.stream().map(n -> "'" + n + "'").collect(Collectors.joining(","));
            String last = LAST.stream().map(n -> "'" + n + "'").collect(Collectors.joining(","));
            // A member a minute; every tenth has no email, every twentieth no name (the seventh of each twenty); emails and external ids in mixed case.
            for (Map.Entry<String, Integer> p : Map.of(PROGRAM, MEMBERS, "other", MEMBERS / 10).entrySet()) {
                s.execute("""
                        insert into members (program_id, id, external_id, email, first_name, last_name, opted_in, created_at, updated_at)
                        select '%1$s', gen_random_uuid(), 'EXT-' || i,
                               case when i %% 10 = 3 then null else (array[%2$s])[1 + i %% 40] || '.' || i || '@Example.com' end,
                               case when i %% 20 = 7 then null else (array[%2$s])[1 + i %% 40] end,
                               case when i %% 20 = 7 then null else (array[%3$s])[1 + (i / 40) %% 40] end,
                               true, timestamptz '2026-01-01 00:00:00+00' + i * interval '1 minute', timestamptz '2026-01-01 00:00:00+00'
                        from generate_series(1, %4$d) i
                        """.formatted(p.getKey(), first, last, p.getValue()));
            }
            // Statistics from every row (a sample of 300,000 at this target, more than the table has): the plans are checked
            // against what PostgreSQL knows of the data, not against the luck of a 30,000-row sample (with one, a full-name
            // prefix was once taken for a common one and walked the newest-first index: 1,073 buffers).
            s.execute("set default_statistics_target = 1000");
            s.execute("analyze members");
        }
    }

    @AfterAll
    void dropTheDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestDatabase.url(), TestDatabase.username(), TestDatabase.password());
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + database + " with (force)");
        }
    }

    @Test
    void the_newest_members_are_a_walk_of_the_newest_index_stopped_at_the_page() throws SQLException {
        assertBounded(MemberDirectory.statement(PROGRAM, "", null, null, PAGE), "members_list_newest", PAGE);
    }

    @Test
    void a_deep_page_of_the_newest_members_starts_at_its_cursor_in_the_index() throws SQLException {
        Instant middle = OffsetDateTime.parse("2026-01-01T00:00:00Z").toInstant().plusSeconds(60L * MEMBERS / 2);
        assertBounded(MemberDirectory.statement(PROGRAM, "", middle, new UUID(0, 0), PAGE), "members_list_newest", PAGE);
    }

    @Test
    void an_email_prefix_reads_its_few_members_through_the_prefix_indexes() throws SQLException {
        assertBounded(MemberDirectory.statement(PROGRAM, "mark.1412", null, null, PAGE), "members_list_email", 4);
    }

    @Test
    void an_external_id_prefix_reads_through_its_index() throws SQLException {
        assertBounded(MemberDirectory.statement(PROGRAM, "ext-14123", null, null, PAGE), "members_list_external_id", 11);
    }

    @Test
    void a_full_name_reads_through_the_name_index() throws SQLException {
        assertBounded(MemberDirectory.statement(PROGRAM, "maria lind", null, null, PAGE), "members_list_name", PAGE);
    }

    @Test
    void a_last_name_that_a_fortieth_of_the_members_have_reads_a_bounded_number_of_buffers() throws SQLException {
        assertBounded(MemberDirectory.statement(PROGRAM, "svensson", null, null, PAGE), null, PAGE);
    }

    @Test
    void a_one_letter_prefix_that_matches_thousands_still_reads_a_bounded_number_of_buffers() throws SQLException {
        assertBounded(MemberDirectory.statement(PROGRAM, "m", null, null, PAGE), null, PAGE);
    }

    /**
     * No scan of the table, the expected index used (when named), {@code rows} returned, few buffers: with a generic plan
     * and a custom one for the newest members, with the custom plan MemberDirectory forces for a search.
     */
    private void assertBounded(MemberDirectory.Statement statement, String index, int rows) throws SQLException {
        List<String> modes = statement.params().containsKey("from") ? List.of("force_custom_plan")
                : List.of("force_generic_plan", "force_custom_plan");
        for (String mode : modes) {
            String plan = explain(statement, mode);
            assertThat(plan).as(mode + ":\n" + plan).doesNotContain("Seq Scan on members");
            if (index != null) {
                assertThat(plan).as(mode + ":\n" + plan).contains(index);
            }
            assertThat(plan).as(mode + ":\n" + plan).containsPattern("Limit \\(actual rows=" + rows + " loops=1\\)");
            assertThat(Plans.buffers(plan)).as(mode + ":\n" + plan).isLessThanOrEqualTo(BUFFERS_MAX);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, TestDatabase.username(), TestDatabase.password());
    }

    /** EXPLAIN (ANALYZE, BUFFERS) of the statement as Laurel runs it, in plan_cache_mode {@code mode}. */
    private String explain(MemberDirectory.Statement statement, String mode) throws SQLException {
        try (Connection c = connect()) {
            return Plans.explain(c, statement.sql(), statement.params(), mode);
        }
    }
}
