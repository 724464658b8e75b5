package dev.laurel.redemption.internal;

import dev.laurel.platform.Sql;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of reward units ({@code reward_stock}) and uploaded code pools ({@code voucher_codes}). */
@Repository
public class StockStore {

    private final JdbcClient jdbc;

    StockStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes one unit of a reward, if {@code stock} (null: no limit) has one left: one conditional statement, so
     * concurrent takers never get more units than the stock, whatever their number. The row stays locked until the
     * transaction ends: callers take the unit last.
     */
    public boolean take(String programId, String rewardId, Long stock) {
        return jdbc.sql("""
                insert into reward_stock (program_id, reward_id, issued)
                select :p, :r, 1 where :stock::bigint is null or :stock::bigint >= 1
                on conflict (program_id, reward_id) do update set issued = reward_stock.issued + 1
                 where :stock::bigint is null or reward_stock.issued < :stock::bigint
                """).param("p", programId).param("r", rewardId).param("stock", stock).update() == 1;
    }

    /** Gives a unit back (a cancelled voucher's). */
    public void giveBack(String programId, String rewardId) {
        int updated = jdbc.sql("update reward_stock set issued = issued - 1 where program_id = :p and reward_id = :r and issued > 0")
                .param("p", programId).param("r", rewardId).update();
        if (updated != 1) {
            throw new IllegalStateException("reward " + rewardId + " of " + programId + " has no unit issued to give back");
        }
    }

    /** Units issued and not given back, by reward. */
    public Map<String, Long> issued(String programId) {
        Map<String, Long> issued = new HashMap<>();
        jdbc.sql("select reward_id, issued from reward_stock where program_id = :p").param("p", programId)
                .query((rs, n) -> issued.put(rs.getString("reward_id"), rs.getLong("issued"))).list();
        return issued;
    }

    public long issued(String programId, String rewardId) {
        return jdbc.sql("select coalesce(max(issued), 0) from reward_stock where program_id = :p and reward_id = :r")
                .param("p", programId).param("r", rewardId).query(Long.class).single();
    }

    /** Hands out the oldest uploaded code of the reward not handed out yet, skipping codes another transaction is taking. */
    public Optional<String> claimCode(String programId, String rewardId, UUID voucherId) {
        return jdbc.sql("""
                update voucher_codes set voucher_id = :v
                 where program_id = :p and code = (
                       select code from voucher_codes
                        where program_id = :p and reward_id = :r and voucher_id is null
                        order by uploaded_at, code limit 1
                        for update skip locked)
                returning code
                """).param("p", programId).param("r", rewardId).param("v", voucherId).query(String.class).optional();
    }

    /** Codes not handed out yet, by reward. */
    public Map<String, Long> codesAvailable(String programId) {
        Map<String, Long> available = new HashMap<>();
        jdbc.sql("select reward_id, count(*) as n from voucher_codes where program_id = :p and voucher_id is null group by reward_id")
                .param("p", programId).query((rs, n) -> available.put(rs.getString("reward_id"), rs.getLong("n"))).list();
        return available;
    }

    /** Uploaded codes by reward: {@code [not handed out yet, handed out]}. */
    public Map<String, long[]> codePools(String programId) {
        Map<String, long[]> pools = new HashMap<>();
        jdbc.sql("""
                select reward_id, count(*) filter (where voucher_id is null) as available, count(voucher_id) as used
                  from voucher_codes where program_id = :p group by reward_id
                """).param("p", programId)
                .query((rs, n) -> pools.put(rs.getString("reward_id"), new long[] {rs.getLong("available"), rs.getLong("used")})).list();
        return pools;
    }

    public boolean anyCodeAvailable(String programId, String rewardId) {
        return jdbc.sql("select exists (select 1 from voucher_codes where program_id = :p and reward_id = :r and voucher_id is null)")
                .param("p", programId).param("r", rewardId).query(Boolean.class).single();
    }

    /** Which of {@code codes} the program already has, uploaded (for any reward) or on a voucher. */
    public List<String> existing(String programId, List<String> codes) {
        return jdbc.sql("""
                select code from voucher_codes where program_id = :p and code = any(:codes::text[])
                union
                select value from member_keys where program_id = :p and kind = 'VOUCHER_CODE' and name = '' and value = any(:codes::text[])
                order by code
                """).param("p", programId).param("codes", codes.toArray(String[]::new)).query(String.class).list();
    }

    /** Adds codes to a reward's pool; answers how many went in (fewer when another upload took some of them meanwhile). */
    public int add(String programId, String rewardId, List<String> codes, Instant now) {
        return jdbc.sql("""
                insert into voucher_codes (program_id, reward_id, code, uploaded_at)
                select :p, :r, c, :now from unnest(:codes::text[]) as c
                on conflict do nothing
                """).param("p", programId).param("r", rewardId).param("codes", codes.toArray(String[]::new))
                .param("now", Sql.ts(now)).update();
    }

    /** The rewards with units or codes, and each figure whose count disagrees with the vouchers: {rewardId, figure, cached, computed}. */
    public List<Object[]> mismatches(String programId) {
        return jdbc.sql("""
                with counted as (
                    select reward_id, count(*) filter (where status <> 'CANCELLED') as holding, count(*) filter (where from_pool) as pooled
                      from vouchers where program_id = :p and reward_id is not null group by reward_id),
                used as (
                    select reward_id, count(*) as used from voucher_codes where program_id = :p and voucher_id is not null group by reward_id),
                rewards as (
                    select reward_id from reward_stock where program_id = :p
                    union select reward_id from counted
                    union select reward_id from used)
                select r.reward_id, f.figure, f.cached, f.computed
                  from rewards r
                  left join reward_stock s on s.program_id = :p and s.reward_id = r.reward_id
                  left join counted c on c.reward_id = r.reward_id
                  left join used u on u.reward_id = r.reward_id
                  cross join lateral (values
                      ('issued', coalesce(s.issued, 0), coalesce(c.holding, 0)),
                      ('poolCodesUsed', coalesce(u.used, 0), coalesce(c.pooled, 0))) as f(figure, cached, computed)
                 where f.cached <> f.computed
                 order by r.reward_id, f.figure
                """).param("p", programId).query((rs, n) -> new Object[] {rs.getString("reward_id"), rs.getString("figure"),
                        rs.getLong("cached"), rs.getLong("computed")}).list();
    }
}
