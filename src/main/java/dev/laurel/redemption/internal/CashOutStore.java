package dev.laurel.redemption.internal;

import dev.laurel.platform.Money;
import dev.laurel.platform.Sql;
import dev.laurel.redemption.CashOutRun;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of cash-out runs and of the members each converted. */
@Repository
public class CashOutStore {

    private static final String COLUMNS = """
            program_id, period, definition_id, step, step_value, threshold, status, cursor_member_id, members_converted, points,
            value_amount, value_currency, started_at, finished_at""";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;

    CashOutStore(JdbcClient jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.named = named;
    }

    /** A run as stored, with the program it belongs to and where its cursor is. */
    public record Run(String programId, CashOutRun run, UUID cursor) {}

    /** Creates the run of a program's period unless it exists: a period is run once. */
    public boolean create(String programId, LocalDate period, int definitionId, long step, Money stepValue, long threshold, Instant now) {
        return jdbc.sql("""
                insert into cash_out_runs (program_id, period, definition_id, step, step_value, threshold, status, value_currency, started_at)
                values (:p, :period, :d, :step, :stepValue, :threshold, 'RUNNING', :currency, :now)
                on conflict do nothing
                """).param("p", programId).param("period", Date.valueOf(period)).param("d", definitionId).param("step", step)
                .param("stepValue", stepValue.amount()).param("threshold", threshold).param("currency", stepValue.currency())
                .param("now", Sql.ts(now)).update() == 1;
    }

    /** Locks one running run (of the program, or of any), skipping runs another node is working on. */
    public Optional<Run> claimRunning(Optional<String> programId) {
        return jdbc.sql("select " + COLUMNS + """
                 from cash_out_runs
                where status = 'RUNNING' and (:p::text is null or program_id = :p)
                order by started_at, program_id, period
                limit 1
                for update skip locked
                """).param("p", programId.orElse(null)).query(CashOutStore::run).optional();
    }

    /** The members of {@code memberIds} already converted in the period. */
    public Set<UUID> converted(String programId, LocalDate period, List<UUID> memberIds) {
        return new HashSet<>(jdbc.sql("""
                select member_id from cash_out_conversions
                 where program_id = :p and period = :period and member_id = any(:members::uuid[])
                """).param("p", programId).param("period", Date.valueOf(period)).param("members", memberIds.toArray(UUID[]::new))
                .query(UUID.class).list());
    }

    /** One member's conversion in a period. */
    public record Conversion(UUID memberId, long points, BigDecimal value, UUID voucherId, UUID entryId) {}

    /** Records conversions; a member converted twice in a period breaks the primary key, and the batch rolls back. */
    public void insertConversions(String programId, LocalDate period, List<Conversion> conversions, Instant now) {
        named.batchUpdate("""
                insert into cash_out_conversions (program_id, period, member_id, points, value_amount, voucher_id, entry_id, converted_at)
                values (:p, :period, :m, :points, :value, :voucher, :entry, :now)
                """, conversions.stream().map(c -> new MapSqlParameterSource().addValue("p", programId)
                .addValue("period", Date.valueOf(period)).addValue("m", c.memberId()).addValue("points", c.points())
                .addValue("value", c.value()).addValue("voucher", c.voucherId()).addValue("entry", c.entryId())
                .addValue("now", Sql.ts(now))).toArray(SqlParameterSource[]::new));
    }

    /** Moves a run's cursor past a batch and adds what the batch converted. */
    public void advance(String programId, LocalDate period, UUID cursor, long members, long points, BigDecimal value) {
        jdbc.sql("""
                update cash_out_runs set cursor_member_id = :cursor, members_converted = members_converted + :members,
                       points = points + :points, value_amount = value_amount + :value
                 where program_id = :p and period = :period and status = 'RUNNING'
                """).param("p", programId).param("period", Date.valueOf(period)).param("cursor", cursor).param("members", members)
                .param("points", points).param("value", value).update();
    }

    public void finish(String programId, LocalDate period, Instant now) {
        jdbc.sql("update cash_out_runs set status = 'DONE', finished_at = :now where program_id = :p and period = :period and status = 'RUNNING'")
                .param("p", programId).param("period", Date.valueOf(period)).param("now", Sql.ts(now)).update();
    }

    /** The program's runs, the latest period first, before {@code before} (null: from the latest). */
    public List<CashOutRun> runs(String programId, LocalDate before, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                 from cash_out_runs
                where program_id = :p and (:before::date is null or period < :before::date)
                order by period desc limit :limit
                """).param("p", programId).param("before", before == null ? null : Date.valueOf(before)).param("limit", limit)
                .query((rs, n) -> run(rs, n).run()).list();
    }

    public Optional<CashOutRun> run(String programId, LocalDate period) {
        return jdbc.sql("select " + COLUMNS + " from cash_out_runs where program_id = :p and period = :period")
                .param("p", programId).param("period", Date.valueOf(period)).query((rs, n) -> run(rs, n).run()).optional();
    }

    /** Each run whose counters disagree with its conversions: {period, figure, cached, computed}. */
    public List<Object[]> mismatches(String programId) {
        return jdbc.sql("""
                with sums as (
                    select period, count(*) as members, sum(points) as points from cash_out_conversions
                     where program_id = :p group by period)
                select r.period, f.figure, f.cached, f.computed
                  from cash_out_runs r left join sums s using (period)
                  cross join lateral (values
                      ('membersConverted', r.members_converted, coalesce(s.members, 0)),
                      ('points', r.points, coalesce(s.points, 0))) as f(figure, cached, computed)
                 where r.program_id = :p and f.cached <> f.computed
                 order by r.period, f.figure
                """).param("p", programId)
                .query((rs, n) -> new Object[] {rs.getDate("period").toLocalDate(), rs.getString("figure"), rs.getLong("cached"),
                        rs.getLong("computed")}).list();
    }

    private static Run run(ResultSet rs, int row) throws SQLException {
        String currency = rs.getString("value_currency");
        CashOutRun run = new CashOutRun(rs.getDate("period").toLocalDate(), rs.getString("status"), rs.getInt("definition_id"),
                rs.getLong("step"), new Money(rs.getBigDecimal("step_value").stripTrailingZeros(), currency), rs.getLong("threshold"),
                rs.getLong("members_converted"), rs.getLong("points"), new Money(rs.getBigDecimal("value_amount").stripTrailingZeros(),
                currency), Sql.instant(rs, "started_at"), Sql.instant(rs, "finished_at"));
        return new Run(rs.getString("program_id"), run, rs.getObject("cursor_member_id", UUID.class));
    }
}
