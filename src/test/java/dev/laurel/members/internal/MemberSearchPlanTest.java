package dev.laurel.members.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.members.MemberId;
import dev.laurel.members.MemberQuery;
import dev.laurel.support.Plans;
import dev.laurel.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The plans of the member searches (SessionM's search by email, external id or mobile number, and GET /v1/members?...)
 * on a database of its own, migrated as Laurel's is, with one program of 200,000 members, as a retailer's database is:
 * each reads its one member through its index, already in the page's id order, and never walks the program's members
 * by primary key (issue 14: the email search read 196,000 buffers for one member, because a generic plan saw that a
 * walk by id, stopped at the page's limit, looks cheaper than the email index and a sort). Checked with
 * EXPLAIN (ANALYZE, BUFFERS) of the statement exactly as MemberStore writes it, prepared with a generic plan (what a
 * JDBC statement gets after a few executions) and with a custom one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemberSearchPlanTest {

    static final int MEMBERS = 200_000;
    static final String PROGRAM = "plans";
    /** One member is a few index pages and one heap page; a walk of the program's members is thousands. */
    static final int BUFFERS_MAX = 40;

    private final String database = "member_plans_" + UUID.randomUUID().toString().replace("-", "");
    private String url;

    @BeforeAll
    void aProgramOfManyMembers() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestDatabase.url(), TestDatabase.username(), TestDatabase.password());
                Statement s = c.createStatement()) {
            s.execute("create database " + database);
        }
        url = TestDatabase.url().replaceFirst("/([^/?]+)(\\?|$)", "/" + database + "$2");
        Flyway.configure().dataSource(url, TestDatabase.username(), TestDatabase.password()).locations("classpath:db/migration")
                .load().migrate();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("insert into programs (id, name, revision, document, fingerprint, created_at, updated_at) "
                    + "values ('" + PROGRAM + "', 'Plans', 1, '{}', '', now(), now())");
            // Every tenth member has no email and no mobile number; emails are stored in mixed case.
            s.execute("""
                    insert into members (program_id, id, external_id, email, mobile_number, first_name, opted_in, created_at, updated_at)
                    select '%s', gen_random_uuid(), 'ext-' || i,
                           case when i %% 10 = 0 then null else 'Member' || i || '@Example.com' end,
                           case when i %% 10 = 0 then null else '+1555' || lpad(i::text, 7, '0') end,
                           'Member', true, now(), now()
                    from generate_series(1, %d) i
                    """.formatted(PROGRAM, MEMBERS));
            s.execute("insert into member_keys (program_id, kind, value, member_id) select program_id, 'EXTERNAL_ID', external_id, id"
                    + " from members");
            s.execute("analyze");
        }
    }

    @AfterAll
    void dropTheDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestDatabase.url(), TestDatabase.username(), TestDatabase.password());
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + database + " with (force)");
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, TestDatabase.username(), TestDatabase.password());
    }

    @Test
    void searchByEmailReadsOneMemberThroughTheEmailIndex() throws SQLException {
        assertReadsThroughIndex(new MemberQuery("member141234@example.com", null, null, null, null, 1), "members_email_search");
    }

    @Test
    void searchByMobileNumberReadsOneMemberThroughTheMobileIndex() throws SQLException {
        assertReadsThroughIndex(new MemberQuery(null, null, "+15550141234", null, null, 1), "members_mobile_search");
    }

    /** An external id names its member in the member_keys directory: one key looked up, then one member by its key. */
    @Test
    void searchByExternalIdReadsOneKeyAndOneMember() throws SQLException {
        MemberStore.SearchSql search = MemberStore.searchSql(PROGRAM, new MemberQuery(null, "ext-141234", null, null, null, 1));
        for (String mode : List.of("force_generic_plan", "force_custom_plan")) {
            String plan = explain(search, mode);
            assertThat(plan).as(mode + ":\n" + plan).contains("Index Scan using member_keys_pkey on member_keys")
                    .contains("Index Scan using members_pkey on members")
                    .doesNotContain("Seq Scan on members").doesNotContain("Seq Scan on member_keys");
            assertThat(plan).as(mode + ":\n" + plan).contains("rows=1 loops=1");
            assertThat(Plans.buffers(plan)).as(mode + ":\n" + plan).isLessThanOrEqualTo(BUFFERS_MAX);
        }
    }

    @Test
    void searchByEmailOnANextPageStillReadsThroughTheEmailIndex() throws SQLException {
        assertReadsThroughIndex(new MemberQuery("member141234@example.com", null, null, null,
                MemberId.of(new UUID(0, 0)), 50), "members_email_search");
    }

    private void assertReadsThroughIndex(MemberQuery query, String index) throws SQLException {
        MemberStore.SearchSql search = MemberStore.searchSql(PROGRAM, query);
        for (String mode : List.of("force_generic_plan", "force_custom_plan")) {
            String plan = explain(search, mode);
            assertThat(plan).as(mode + ":\n" + plan).contains("Index Scan using " + index + " on members");
            assertThat(plan).as(mode + ":\n" + plan).doesNotContain("members_pkey").doesNotContain("Seq Scan on members");
            assertThat(plan).as(mode + ":\n" + plan).contains("rows=1 loops=1");
            assertThat(Plans.buffers(plan)).as(mode + ":\n" + plan).isLessThanOrEqualTo(BUFFERS_MAX);
        }
    }

    /** EXPLAIN (ANALYZE, BUFFERS) of the statement as Laurel runs it, in plan_cache_mode {@code mode}. */
    private String explain(MemberStore.SearchSql search, String mode) throws SQLException {
        try (Connection c = connect()) {
            return Plans.explain(c, search.sql(), search.params(), mode);
        }
    }
}
