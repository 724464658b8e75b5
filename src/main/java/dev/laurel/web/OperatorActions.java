package dev.laurel.web;

import dev.laurel.platform.InvalidInput;
import dev.laurel.platform.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator audit log (V66's {@code operator_actions}): what each operator did in the console, when by Laurel's
 * clock, on which member, with the action's details; read newest first, a page at a time, all of it or one operator's
 * or one member's. Every statement is scoped by {@code program_id}.
 */
@Repository
class OperatorActions {

    static final int PAGE_ROWS = 50;
    /** What a row keeps of an action's details: this many fields, each value cut to this many characters. */
    static final int DETAILS_MAX = 20;
    static final int DETAIL_CHARS_MAX = 200;
    static final int NAME_CHARS_MAX = 200;
    static final int PROBLEM_CHARS_MAX = 1000;
    static final int FILTER_CHARS_MAX = 200;

    static final String DONE = "done";
    static final String REFUSED = "refused";

    private static final Pattern CURSOR = Pattern.compile("(-?[0-9]{1,19})_([0-9a-fA-F-]{36})");
    private static final Pattern ACTION = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    private static final TypeReference<LinkedHashMap<String, String>> DETAILS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    OperatorActions(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** One line of the log; {@code memberName} is the member's name or email now (empty once erased), null without a member. */
    record Recorded(UUID id, Instant at, String operatorUsername, String operatorName, String action, String outcome, String problem,
            UUID memberId, String memberName, Map<String, String> details) {

        public boolean refused() {
            return REFUSED.equals(outcome);
        }
    }

    record Page(List<Recorded> actions, String next) {}

    /** Records that {@code operator} did {@code action} (or was refused it, with the problem they were shown). */
    void record(Operator operator, String action, UUID memberId, Map<String, String> details, String problem) {
        if (!ACTION.matcher(action).matches()) {
            throw new IllegalStateException("not an action name: " + action);
        }
        Map<String, String> kept = new LinkedHashMap<>();
        for (Map.Entry<String, String> d : details.entrySet()) {
            if (kept.size() == DETAILS_MAX) {
                break;
            }
            kept.put(cut(d.getKey(), DETAIL_CHARS_MAX), cut(d.getValue(), DETAIL_CHARS_MAX));
        }
        jdbc.sql("""
                insert into operator_actions (program_id, id, at, operator_username, operator_name, action, outcome, problem, member_id, details)
                values (:p, :id, :at, :username, :name, :action, :outcome, :problem, :member, :details::jsonb)
                """)
                .param("p", operator.programId()).param("id", UUID.randomUUID()).param("at", Sql.ts(clock.instant()))
                .param("username", cut(operator.username(), NAME_CHARS_MAX)).param("name", cut(operator.name(), NAME_CHARS_MAX))
                .param("action", action).param("outcome", problem == null ? DONE : REFUSED)
                .param("problem", problem == null ? null : cut(problem, PROBLEM_CHARS_MAX)).param("member", memberId)
                .param("details", json.writeValueAsString(kept))
                .update();
    }

    /** The program's log newest first, one operator's (by username) and/or one member's when given, after {@code cursor}. */
    Page page(String programId, String operatorUsername, UUID memberId, String cursor) {
        StringBuilder sql = new StringBuilder("""
                select a.id, a.at, a.operator_username, a.operator_name, a.action, a.outcome, a.problem, a.member_id, a.details::text as details,
                       case when a.member_id is null then null
                            else coalesce(nullif(trim(coalesce(m.first_name, '') || ' ' || coalesce(m.last_name, '')), ''), m.email, '') end as member_name
                  from operator_actions a
                  left join members m on m.program_id = a.program_id and m.id = a.member_id
                 where a.program_id = :p
                """);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("p", programId);
        if (operatorUsername != null) {
            sql.append(" and a.operator_username = :username");
            params.put("username", operatorUsername);
        }
        if (memberId != null) {
            sql.append(" and a.member_id = :member");
            params.put("member", memberId);
        }
        if (cursor != null) {
            Matcher m = CURSOR.matcher(cursor);
            if (!m.matches()) {
                throw new InvalidInput("after", "is not a cursor from this log");
            }
            try {
                params.put("at", Sql.ts(Instant.EPOCH.plus(Long.parseLong(m.group(1)), ChronoUnit.MICROS)));
                params.put("id", UUID.fromString(m.group(2)));
            } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
                throw new InvalidInput("after", "is not a cursor from this log");
            }
            sql.append(" and (a.at, a.id) < (:at, :id)");
        }
        sql.append(" order by a.at desc, a.id desc limit :limit");
        params.put("limit", PAGE_ROWS + 1);
        List<Recorded> found = jdbc.sql(sql.toString()).params(params).query(this::recorded).list();
        if (found.size() <= PAGE_ROWS) {
            return new Page(found, null);
        }
        Recorded last = found.get(PAGE_ROWS - 1);
        return new Page(found.subList(0, PAGE_ROWS), ChronoUnit.MICROS.between(Instant.EPOCH, last.at()) + "_" + last.id());
    }

    private Recorded recorded(ResultSet rs, int n) throws SQLException {
        return new Recorded(rs.getObject("id", UUID.class), Sql.instant(rs, "at"), rs.getString("operator_username"),
                rs.getString("operator_name"), rs.getString("action"), rs.getString("outcome"), rs.getString("problem"),
                rs.getObject("member_id", UUID.class), rs.getString("member_name"), json.readValue(rs.getString("details"), DETAILS));
    }

    private static String cut(String s, int max) {
        if (s == null) {
            return "";
        }
        s = s.replace('\u0000', '\uFFFD');
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
