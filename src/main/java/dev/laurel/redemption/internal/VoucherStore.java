package dev.laurel.redemption.internal;

import dev.laurel.platform.Money;
import dev.laurel.platform.Sql;
import dev.laurel.programs.Program.RewardKind;
import dev.laurel.redemption.Voucher;
import dev.laurel.redemption.VoucherPage;
import dev.laurel.redemption.VoucherStatus;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of vouchers. A voucher's status changes by one conditional statement each, so it is used or cancelled once. */
@Repository
public class VoucherStore {

    private static final String COLUMNS = """
            program_id, member_id, id, code, reward_id, cash_out_period, kind, name, value_amount, value_currency, item,
            definition_id, points, entry_id, status, issued_at, valid_until, redeemed_at, cancelled_at, expired_at""";
    /**
     * A code is unique in the program through the {@code member_keys} directory (vouchers are keyed by member): the
     * voucher goes in only when its code is claimed there.
     */
    private static final String INSERT = """
            with claimed as (
                insert into member_keys (program_id, kind, value, member_id)
                select :p, 'VOUCHER_CODE', :code, :m
                 where :pool or not exists (select 1 from voucher_codes where program_id = :p and code = :code)
                on conflict do nothing
                returning member_id)
            insert into vouchers (program_id, member_id, id, code, reward_id, cash_out_period, kind, name, value_amount,
                value_currency, item, definition_id, points, entry_id, from_pool, status, issued_at, valid_until)
            select :p, member_id, :id, :code, :reward, :period, :kind, :name, :amount, :currency, :item, :d, :points, :entry, :pool,
                'ISSUED', :issuedAt, :validUntil
              from claimed
            """;
    /** The voucher a code names: its member from the directory, then the member's row. */
    private static final String BY_CODE = " program_id = :p and code = :code and member_id = (select member_id from member_keys"
            + " where program_id = :p and kind = 'VOUCHER_CODE' and name = '' and value = :code)";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;

    VoucherStore(JdbcClient jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.named = named;
    }

    /**
     * Inserts a voucher; false when its code is taken in the program (by a voucher, or, for a generated code, by an
     * uploaded one not handed out yet): the caller makes another code.
     */
    public boolean insert(String programId, Voucher v, boolean fromPool) {
        return named.update(INSERT, params(programId, v, fromPool)) == 1;
    }

    /** Inserts generated-code vouchers in one batch; answers, in order, whether each went in (false: its code was taken). */
    public boolean[] insertAll(String programId, List<Voucher> vouchers) {
        int[] counts = named.batchUpdate(INSERT, vouchers.stream().map(v -> params(programId, v, false)).toArray(SqlParameterSource[]::new));
        boolean[] inserted = new boolean[counts.length];
        for (int i = 0; i < counts.length; i++) {
            inserted[i] = counts[i] == 1;
        }
        return inserted;
    }

    private static MapSqlParameterSource params(String programId, Voucher v, boolean fromPool) {
        return new MapSqlParameterSource().addValue("p", programId).addValue("m", v.memberId()).addValue("id", v.id())
                .addValue("code", v.code()).addValue("reward", v.rewardId())
                .addValue("period", v.cashOutPeriod() == null ? null : Date.valueOf(v.cashOutPeriod()))
                .addValue("kind", v.kind().name()).addValue("name", v.name())
                .addValue("amount", v.value() == null ? null : v.value().amount())
                .addValue("currency", v.value() == null ? null : v.value().currency()).addValue("item", v.item())
                .addValue("d", v.definitionId()).addValue("points", v.points()).addValue("entry", v.entryId()).addValue("pool", fromPool)
                .addValue("issuedAt", Sql.ts(v.issuedAt())).addValue("validUntil", Sql.ts(v.validUntil()));
    }

    public Optional<Voucher> byId(String programId, UUID memberId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from vouchers where program_id = :p and member_id = :m and id = :id")
                .param("p", programId).param("m", memberId).param("id", id).query(VoucherStore::voucher).optional();
    }

    public Optional<Voucher> byCode(String programId, String code) {
        return jdbc.sql("select " + COLUMNS + " from vouchers where" + BY_CODE)
                .param("p", programId).param("code", code).query(VoucherStore::voucher).optional();
    }

    /** The member's vouchers of a reward that hold a unit (all but cancelled ones): what a per-member limit counts. */
    public long countHolding(String programId, UUID memberId, String rewardId) {
        return jdbc.sql("""
                select count(*) from vouchers
                 where program_id = :p and member_id = :m and reward_id = :r and status <> 'CANCELLED'
                """).param("p", programId).param("m", memberId).param("r", rewardId).query(Long.class).single();
    }

    /** {@link #countHolding} for every reward of the member. */
    public Map<String, Long> countsHolding(String programId, UUID memberId) {
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql("""
                select reward_id, count(*) as n from vouchers
                 where program_id = :p and member_id = :m and reward_id is not null and status <> 'CANCELLED'
                 group by reward_id
                """).param("p", programId).param("m", memberId)
                .query((rs, n) -> counts.put(rs.getString("reward_id"), rs.getLong("n"))).list();
        return counts;
    }

    public List<Voucher> page(String programId, UUID memberId, VoucherPage.Position after, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                 from vouchers
                where program_id = :p and member_id = :m
                  and (:afterAt::timestamptz is null or (issued_at, id) < (:afterAt, :afterId))
                order by issued_at desc, id desc limit :limit
                """).param("p", programId).param("m", memberId)
                .param("afterAt", after == null ? null : Sql.ts(after.issuedAt())).param("afterId", after == null ? null : after.id())
                .param("limit", limit).query(VoucherStore::voucher).list();
    }

    /** Marks an issued, unexpired voucher redeemed; empty when it is not one (used, cancelled or expired). */
    public Optional<Voucher> markRedeemed(String programId, String code, Instant now) {
        return jdbc.sql("update vouchers set status = 'REDEEMED', redeemed_at = :now"
                        + " where" + BY_CODE + " and status = 'ISSUED' and valid_until > :now returning " + COLUMNS)
                .param("p", programId).param("code", code).param("now", Sql.ts(now)).query(VoucherStore::voucher).optional();
    }

    /** Marks an issued, unexpired voucher cancelled; empty when it is not one. */
    public Optional<Voucher> markCancelled(String programId, String code, Instant now) {
        return jdbc.sql("update vouchers set status = 'CANCELLED', cancelled_at = :now"
                        + " where" + BY_CODE + " and status = 'ISSUED' and valid_until > :now returning " + COLUMNS)
                .param("p", programId).param("code", code).param("now", Sql.ts(now)).query(VoucherStore::voucher).optional();
    }

    /** A voucher and its program, for what spans programs. */
    public record InProgram(String programId, Voucher voucher) {}

    /** Marks up to {@code limit} issued vouchers past their {@code validUntil} expired (as of then), skipping rows others hold. */
    public List<InProgram> expireDue(Optional<String> programId, Instant now, int limit) {
        return jdbc.sql("""
                update vouchers set status = 'EXPIRED', expired_at = valid_until
                 where (program_id, member_id, id) in (
                       select program_id, member_id, id from vouchers
                        where status = 'ISSUED' and valid_until <= :now and (:p::text is null or program_id = :p)
                        order by valid_until limit :limit
                        for update skip locked)
                returning\s""" + COLUMNS).param("p", programId.orElse(null)).param("now", Sql.ts(now)).param("limit", limit)
                .query((rs, n) -> new InProgram(rs.getString("program_id"), voucher(rs, n))).list();
    }

    static Voucher voucher(ResultSet rs, int row) throws SQLException {
        BigDecimal amount = rs.getBigDecimal("value_amount");
        Date period = rs.getDate("cash_out_period");
        return new Voucher(rs.getObject("id", UUID.class), rs.getString("code"), rs.getObject("member_id", UUID.class),
                rs.getString("reward_id"), period == null ? null : period.toLocalDate(), RewardKind.valueOf(rs.getString("kind")),
                rs.getString("name"), amount == null ? null : new Money(amount.stripTrailingZeros(), rs.getString("value_currency")),
                rs.getString("item"), rs.getInt("definition_id"), rs.getLong("points"), rs.getObject("entry_id", UUID.class),
                VoucherStatus.valueOf(rs.getString("status")), Sql.instant(rs, "issued_at"), Sql.instant(rs, "valid_until"),
                Sql.instant(rs, "redeemed_at"), Sql.instant(rs, "cancelled_at"), Sql.instant(rs, "expired_at"));
    }
}
