package dev.laurel.ledger.internal;

import dev.laurel.ledger.LedgerCheck.Mismatch;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Recomputes a program's accounts from their entries, lots and holds (GET /v1/admin/ledger/verify and the tests): the
 * cached figures, each lot against its movements, each hold against its entries, and held points against the pending
 * holds.
 */
@Repository
public class LedgerChecks {

    private final JdbcClient jdbc;

    LedgerChecks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Recomputes every account of the program from entries and lots; returns the figures that disagree. Run in the
     * caller's transaction, planned for this program each time (a generic plan, what a statement prepared by JDBC gets
     * after a few runs, cannot tell a small program from a large one and scans every program's entries and lots) and
     * with hash joins only: right after a program's rows were written, before PostgreSQL's statistics know them, the
     * planner takes the program for a handful of rows and nests the per-account sums inside a loop over the accounts,
     * recomputing them once per account (a 1001-member program's check ran past 30 s in the full test suite).
     */
    public List<Mismatch> check(String programId, int limit) {
        jdbc.sql("set local plan_cache_mode = force_custom_plan").update();
        jdbc.sql("set local enable_nestloop = off").update();
        return jdbc.sql("""
                with lot_sums as (
                    select member_id, definition_id,
                           coalesce(sum(remaining) filter (where status = 'ACTIVE'), 0) as active,
                           coalesce(sum(remaining) filter (where status = 'PENDING'), 0) as pending
                      from lots where program_id = :p group by member_id, definition_id),
                entry_sums as (
                    select e.member_id, e.definition_id,
                           coalesce(sum(e.amount) filter (where l.status is distinct from 'PENDING' or e.kind not in ('EARN', 'REVERSAL')), 0) as settled,
                           coalesce(sum(e.amount) filter (where l.status = 'PENDING' and e.kind in ('EARN', 'REVERSAL')), 0) as pending,
                           coalesce(sum(e.amount) filter (where e.kind = 'EARN' or (e.kind = 'REVERSAL' and r.kind = 'EARN')), 0) as earned,
                           coalesce(-sum(e.amount) filter (where e.kind = 'SPEND' or (e.kind = 'REVERSAL' and r.kind = 'SPEND')), 0) as spent,
                           coalesce(-sum(e.amount) filter (where e.kind = 'EXPIRE'), 0) as expired,
                           count(*) as entries
                      from ledger_entries e
                      left join lots l on l.program_id = e.program_id and l.member_id = e.member_id
                           and l.definition_id = e.definition_id and l.id = e.lot_id
                      left join ledger_entries r on r.program_id = e.program_id and r.member_id = e.member_id and r.id = e.reverses
                     where e.program_id = :p group by e.member_id, e.definition_id),
                hold_sums as (
                    select member_id, definition_id,
                           coalesce(sum(points) filter (where status = 'PENDING'), 0) as held,
                           coalesce(sum(captured) filter (where status = 'CLAIMED'), 0) as captured
                      from point_holds where program_id = :p group by member_id, definition_id),
                figures as (
                    select a.member_id, a.definition_id, f.figure, f.cached, f.computed
                      from point_accounts a
                      left join lot_sums ls using (member_id, definition_id)
                      left join entry_sums es using (member_id, definition_id)
                      left join hold_sums hs using (member_id, definition_id)
                      cross join lateral (values
                          ('balance', a.balance, coalesce(es.settled, 0)),
                          ('balanceFromLots', a.balance, coalesce(ls.active, 0) - a.debt),
                          ('pending', a.pending, coalesce(es.pending, 0)),
                          ('pendingFromLots', a.pending, coalesce(ls.pending, 0)),
                          ('lifetimeEarned', a.lifetime_earned, coalesce(es.earned, 0)),
                          ('lifetimeSpent', a.lifetime_spent, coalesce(es.spent, 0) + coalesce(hs.captured, 0)),
                          ('held', a.held, coalesce(hs.held, 0)),
                          ('expired', a.expired, coalesce(es.expired, 0)),
                          ('entryCount', a.entry_count, coalesce(es.entries, 0)),
                          ('debtWithActivePoints', case when a.debt > 0 and coalesce(ls.active, 0) > 0 then 1 else 0 end, 0)
                      ) as f(figure, cached, computed)
                     where a.program_id = :p
                    union all
                    select l.member_id, l.definition_id, 'lot ' || l.id, l.remaining, l.original - coalesce(sum(mv.amount), 0)
                      from lots l left join lot_movements mv on mv.program_id = l.program_id and mv.member_id = l.member_id
                           and mv.definition_id = l.definition_id and mv.lot_id = l.id
                     where l.program_id = :p
                     group by l.id, l.member_id, l.definition_id, l.remaining, l.original
                    union all
                    select h.member_id, h.definition_id, 'hold ' || h.id,
                           case h.status when 'PENDING' then h.points when 'CLAIMED' then h.captured else 0 end,
                           -coalesce(sum(e.amount), 0)
                      from point_holds h
                      left join ledger_entries e on e.program_id = h.program_id and e.member_id = h.member_id
                           and (e.id = h.entry_id or e.reverses = h.entry_id)
                     where h.program_id = :p
                     group by h.id, h.member_id, h.definition_id, h.status, h.points, h.captured)
                select member_id, definition_id, figure, cached, computed from figures
                 where cached <> computed order by member_id, definition_id, figure limit :limit
                """).param("p", programId).param("limit", limit)
                .query((rs, n) -> new Mismatch(rs.getObject("member_id", UUID.class), rs.getInt("definition_id"),
                        rs.getString("figure"), rs.getLong("cached"), rs.getLong("computed"))).list();
    }

    public long countMismatches(String programId) {
        return check(programId, Integer.MAX_VALUE).size();
    }

    public long countAccounts(String programId) {
        return jdbc.sql("select count(*) from point_accounts where program_id = :p").param("p", programId).query(Long.class).single();
    }
}
