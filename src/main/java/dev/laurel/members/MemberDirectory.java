package dev.laurel.members;

import dev.laurel.platform.InvalidInput;
import dev.laurel.platform.Sql;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The console's member list: a program's members newest first, all of them or those whose email, name ("first last",
 * or the last name alone) or external id starts with a prefix, case-insensitively, a page at a time.
 *
 * <p>How it stays fast with a million members (the indexes are V66's; MemberDirectoryPlanTest reads their plans on 200,000 members):
 * <ul>
 * <li>Newest first, no prefix: an index scan of {@code members_list_newest (program_id, created_at desc, id desc)}
 * with the cursor {@code (created_at, id) < (:at, :id)} as its index condition, stopped by the limit: a page reads a
 * page of index entries and rows, however deep the page.
 * <li>A prefix: each field's match is a byte-wise range, {@code lower(field) ~>=~ :from and lower(field) ~<~ :to}, which
 * its {@code text_pattern_ops} index serves. The range is computed here ({@link #upperBound}), so the statement has no
 * LIKE pattern: a '%' or '_' the operator types is a character like any other, and no plan depends on how a pattern
 * starts. The planner ORs the four ranges' bitmaps, fetches the matches and sorts the top of them; for a prefix that
 * matches a large part of the program (one letter) it prefers the walk of {@code members_list_newest}, filtering, which
 * stops after a page of matches. Which of the two is right depends on the prefix, so a search is always planned for its
 * own prefix ({@code plan_cache_mode = force_custom_plan} for its transaction): a generic plan, which JDBC's prepared
 * statements get after a few executions, cannot see the prefix and walks the newest members for every search, a scan of
 * all of the program's members for a prefix that few or none have.
 * </ul>
 */
@Service
public class MemberDirectory {

    /** Rows on a page, and the most a caller may ask for. */
    public static final int PAGE_ROWS_DEFAULT = 25;
    public static final int PAGE_ROWS_MAX = 100;
    /** A prefix longer than any field it could match is refused rather than searched. */
    public static final int PREFIX_CHARS_MAX = 100;

    private static final Pattern CURSOR = Pattern.compile("(-?[0-9]{1,19})_([0-9a-fA-F-]{36})");

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    MemberDirectory(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** One row of the list. */
    public record Listed(UUID id, String firstName, String lastName, String email, String externalId, boolean optedIn, Instant createdAt) {

        /** "First Last", or whichever of them there is; empty when the member has no name. */
        public String name() {
            return ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).trim();
        }
    }

    /** A page of the list; {@code next} is the cursor of the page after it, null on the last page. */
    public record Page(List<Listed> members, String next) {}

    /**
     * The program's members newest first, those matching {@code prefix} when it is not blank, after {@code cursor} (a
     * page's {@code next}, or null for the first page).
     */
    public Page list(String programId, String prefix, String cursor, int rows) {
        if (rows < 1 || rows > PAGE_ROWS_MAX) {
            throw new InvalidInput("limit", "must be between 1 and " + PAGE_ROWS_MAX);
        }
        String wanted = prefix == null ? "" : prefix.strip().toLowerCase(Locale.ROOT);
        if (wanted.length() > PREFIX_CHARS_MAX) {
            throw new InvalidInput("q", "must be at most " + PREFIX_CHARS_MAX + " characters");
        }
        if (wanted.indexOf('\u0000') >= 0) {
            throw new InvalidInput("q", "must not contain the NUL character");
        }
        Instant afterAt = null;
        UUID afterId = null;
        if (cursor != null && !cursor.isBlank()) {
            Matcher m = CURSOR.matcher(cursor.strip());
            if (!m.matches()) {
                throw new InvalidInput("after", "is not a cursor from this list");
            }
            try {
                afterId = UUID.fromString(m.group(2));
                afterAt = Instant.EPOCH.plus(Long.parseLong(m.group(1)), ChronoUnit.MICROS);
            } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
                throw new InvalidInput("after", "is not a cursor from this list");
            }
        }
        Statement statement = statement(programId, wanted, afterAt, afterId, rows + 1);
        List<Listed> found = tx.execute(status -> {
            if (!wanted.isEmpty()) {
                jdbc.sql("set local plan_cache_mode = force_custom_plan").update();
            }
            return jdbc.sql(statement.sql()).params(statement.params()).query((rs, n) -> new Listed(rs.getObject("id", UUID.class),
                    rs.getString("first_name"), rs.getString("last_name"), rs.getString("email"), rs.getString("external_id"),
                    rs.getBoolean("opted_in"), Sql.instant(rs, "created_at"))).list();
        });
        if (found.size() <= rows) {
            return new Page(found, null);
        }
        Listed last = found.get(rows - 1);
        return new Page(found.subList(0, rows), cursor(last.createdAt(), last.id()));
    }

    /** A page's SQL and its named parameters. */
    record Statement(String sql, Map<String, Object> params) {}

    /**
     * The page's statement: {@code prefix} lower-cased (empty for no prefix), after the member {@code (afterAt, afterId)}
     * when given, at most {@code limit} rows.
     */
    static Statement statement(String programId, String prefix, Instant afterAt, UUID afterId, int limit) {
        StringBuilder sql = new StringBuilder("""
                select m.id, m.first_name, m.last_name, m.email, m.external_id, m.opted_in, m.created_at
                  from members m
                 where m.program_id = :p and m.erased_at is null
                """);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("p", programId);
        if (!prefix.isEmpty()) {
            sql.append("""
                   and ((m.email is not null and lower(m.email) ~>=~ :from and lower(m.email) ~<~ :to)
                     or (lower(coalesce(m.first_name, '') || ' ' || coalesce(m.last_name, '')) ~>=~ :from
                         and lower(coalesce(m.first_name, '') || ' ' || coalesce(m.last_name, '')) ~<~ :to)
                     or (m.last_name is not null and lower(m.last_name) ~>=~ :from and lower(m.last_name) ~<~ :to)
                     or (m.external_id is not null and lower(m.external_id) ~>=~ :from and lower(m.external_id) ~<~ :to))
                """);
            params.put("from", prefix);
            params.put("to", upperBound(prefix));
        }
        if (afterAt != null) {
            sql.append("   and (m.created_at, m.id) < (:at, :id)\n");
            params.put("at", Sql.ts(afterAt));
            params.put("id", afterId);
        }
        sql.append(" order by m.created_at desc, m.id desc limit :limit");
        params.put("limit", limit);
        return new Statement(sql.toString(), params);
    }

    static String cursor(Instant createdAt, UUID id) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, createdAt) + "_" + id;
    }

    /**
     * The least string above every string that starts with {@code prefix}, in byte order (which is code point order in
     * UTF-8): the prefix with its last code point raised by one, or dropped when it is the last code point there is.
     * Empty when every string is above the prefix's start (a prefix of only U+10FFFF, never typed).
     */
    static String upperBound(String prefix) {
        int[] points = prefix.codePoints().toArray();
        for (int i = points.length - 1; i >= 0; i--) {
            int next = points[i] + 1;
            if (next == Character.MIN_SURROGATE) {
                next = Character.MAX_SURROGATE + 1;
            }
            if (next <= Character.MAX_CODE_POINT) {
                points[i] = next;
                return new String(points, 0, i + 1);
            }
        }
        return "";
    }
}
