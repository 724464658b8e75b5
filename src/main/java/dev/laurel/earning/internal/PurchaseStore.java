package dev.laurel.earning.internal;

import dev.laurel.earning.EarnedLine;
import dev.laurel.earning.PurchaseItem;
import dev.laurel.platform.Sql;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for purchases and what each earned. */
@Repository
public class PurchaseStore {

    private final JdbcClient jdbc;

    PurchaseStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Stored(String orderId, UUID memberId, BigDecimal amount, BigDecimal returned, String currency) {}

    public record Earning(int definitionId, UUID entryId, long points, long takenBack) {}

    /** A line of a purchase with items: what it earned on each definition Laurel masters and how many units came back. */
    public record Line(int line, String sku, long quantity, BigDecimal amount, long points, long returnedQuantity) {}

    /** The lines of a purchase and what each earned, in one statement. */
    public void insertLines(String programId, UUID memberId, String orderId, List<PurchaseItem> items, List<EarnedLine> earned) {
        if (items.isEmpty()) {
            return;
        }
        jdbc.sql("""
                insert into purchase_lines (program_id, member_id, order_id, line, sku, category, quantity, amount, rule, points)
                select :p, :m, :o, l.ordinality - 1, l.sku, l.category, l.quantity::bigint, l.amount::numeric, l.rule, l.points::bigint
                  from unnest(:sku::text[], :category::text[], :quantity::text[], :amount::text[], :rule::text[], :points::text[])
                       with ordinality as l(sku, category, quantity, amount, rule, points, ordinality)
                """).param("p", programId).param("m", memberId).param("o", orderId)
                .param("sku", items.stream().map(PurchaseItem::sku).toArray(String[]::new))
                .param("category", items.stream().map(PurchaseItem::category).toArray(String[]::new))
                .param("quantity", items.stream().map(i -> Long.toString(i.quantity())).toArray(String[]::new))
                .param("amount", items.stream().map(i -> i.amount().toPlainString()).toArray(String[]::new))
                .param("rule", earned.stream().map(EarnedLine::rule).toArray(String[]::new))
                .param("points", earned.stream().map(e -> Long.toString(e.points())).toArray(String[]::new))
                .update();
    }

    /** The lines of an order (none when it was bought without items), in the order they were sent. Read under the order's lock. */
    public List<Line> lines(String programId, UUID memberId, String orderId) {
        return jdbc.sql("""
                select line, sku, quantity, amount, points, returned_quantity from purchase_lines
                 where program_id = :p and member_id = :m and order_id = :o order by line
                """).param("p", programId).param("m", memberId).param("o", orderId)
                .query((rs, n) -> new Line(rs.getInt("line"), rs.getString("sku"), rs.getLong("quantity"), rs.getBigDecimal("amount"),
                        rs.getLong("points"), rs.getLong("returned_quantity"))).list();
    }

    /** Sets how many units of each named line have been returned, in all, in one statement. */
    public void linesReturned(String programId, UUID memberId, String orderId, List<Line> lines) {
        jdbc.sql("""
                update purchase_lines l set returned_quantity = r.returned::bigint
                  from unnest(:line::text[], :returned::text[]) as r(line, returned)
                 where l.program_id = :p and l.member_id = :m and l.order_id = :o and l.line = r.line::integer
                """).param("p", programId).param("m", memberId).param("o", orderId)
                .param("line", lines.stream().map(l -> Integer.toString(l.line())).toArray(String[]::new))
                .param("returned", lines.stream().map(l -> Long.toString(l.returnedQuantity())).toArray(String[]::new))
                .update();
    }

    /**
     * False when the order id is already used in the program. The order id is claimed in the {@code member_keys} directory
     * (purchases are keyed by member, so their own key keeps an order id unique only within its member).
     */
    public boolean insert(String programId, String orderId, UUID memberId, BigDecimal amount, String currency, Instant occurredAt,
            String linesJson, Instant now) {
        return jdbc.sql("""
                with claimed as (
                    insert into member_keys (program_id, kind, value, member_id) values (:p, 'ORDER', :o, :m)
                    on conflict do nothing
                    returning member_id)
                insert into purchases (program_id, order_id, member_id, amount, currency, occurred_at, lines, created_at)
                select :p, :o, member_id, :amount, :currency, :at, :lines::jsonb, :now from claimed
                """).param("p", programId).param("o", orderId).param("m", memberId).param("amount", amount)
                .param("currency", currency).param("at", Sql.ts(occurredAt)).param("lines", linesJson).param("now", Sql.ts(now))
                .update() == 1;
    }

    public void addEarning(String programId, UUID memberId, String orderId, int definitionId, UUID entryId, long points) {
        jdbc.sql("""
                insert into purchase_earnings (program_id, member_id, order_id, definition_id, entry_id, points)
                values (:p, :m, :o, :d, :e, :points)
                """).param("p", programId).param("m", memberId).param("o", orderId).param("d", definitionId).param("e", entryId).param("points", points).update();
    }

    /** The member's order, locked; empty when the member has no such order. */
    public Optional<Stored> lock(String programId, UUID memberId, String orderId) {
        return jdbc.sql("""
                select order_id, member_id, amount, returned_amount, currency from purchases
                 where program_id = :p and member_id = :m and order_id = :o for update
                """).param("p", programId).param("m", memberId).param("o", orderId)
                .query((rs, n) -> new Stored(rs.getString("order_id"), rs.getObject("member_id", UUID.class), rs.getBigDecimal("amount"),
                        rs.getBigDecimal("returned_amount"), rs.getString("currency"))).optional();
    }

    public List<Earning> earnings(String programId, UUID memberId, String orderId) {
        return jdbc.sql("""
                select definition_id, entry_id, points, taken_back from purchase_earnings
                 where program_id = :p and member_id = :m and order_id = :o order by definition_id, entry_id
                """).param("p", programId).param("m", memberId).param("o", orderId)
                .query((rs, n) -> new Earning(rs.getInt("definition_id"), rs.getObject("entry_id", UUID.class), rs.getLong("points"),
                        rs.getLong("taken_back"))).list();
    }

    public void returned(String programId, UUID memberId, String orderId, BigDecimal total) {
        jdbc.sql("update purchases set returned_amount = :t where program_id = :p and member_id = :m and order_id = :o")
                .param("p", programId).param("m", memberId).param("o", orderId).param("t", total).update();
    }

    public void takenBack(String programId, UUID memberId, String orderId, UUID entryId, long total) {
        jdbc.sql("""
                update purchase_earnings set taken_back = :t
                 where program_id = :p and member_id = :m and order_id = :o and entry_id = :e
                """).param("p", programId).param("m", memberId).param("o", orderId).param("e", entryId).param("t", total).update();
    }

    /** Up to {@code limit} of the member's purchases after order id {@code after} (null: from the first), by order id. */
    public List<dev.laurel.earning.MemberPurchase> ofMember(String programId, UUID memberId, String after, int limit) {
        return jdbc.sql("""
                select p.order_id, p.amount, p.returned_amount, p.currency, p.occurred_at, p.lines::text as lines, p.created_at,
                       (select coalesce(jsonb_agg(jsonb_build_object('definitionId', e.definition_id, 'entryId', e.entry_id,
                               'points', e.points, 'takenBack', e.taken_back) order by e.entry_id), '[]'::jsonb)
                          from purchase_earnings e where e.program_id = p.program_id and e.member_id = p.member_id and e.order_id = p.order_id)::text as earnings,
                       (select jsonb_agg(jsonb_build_object('sku', l.sku, 'category', l.category, 'quantity', l.quantity,
                               'amount', l.amount, 'rule', l.rule, 'points', l.points, 'returnedQuantity', l.returned_quantity) order by l.line)
                          from purchase_lines l where l.program_id = p.program_id and l.member_id = p.member_id and l.order_id = p.order_id)::text as items
                  from purchases p where p.program_id = :p and p.member_id = :m and (:after::text is null or p.order_id > :after)
                 order by p.order_id limit :limit
                """).param("p", programId).param("m", memberId).param("after", after).param("limit", limit)
                .query((rs, n) -> new dev.laurel.earning.MemberPurchase(rs.getString("order_id"), rs.getBigDecimal("amount"),
                        rs.getBigDecimal("returned_amount"), rs.getString("currency"), Sql.instant(rs, "occurred_at"),
                        rs.getString("lines"), Sql.instant(rs, "created_at"), rs.getString("earnings"), rs.getString("items"))).list();
    }

    /**
     * The member's newest {@code limit} orders, with what each earned on {@code definitionIds} and what returns took back
     * of that, in one statement.
     */
    public List<dev.laurel.earning.MemberOrders.Order> newestOrders(String programId, UUID memberId, Collection<Integer> definitionIds,
            int limit) {
        return jdbc.sql("""
                select p.order_id, p.occurred_at, p.amount, p.returned_amount, p.currency,
                       coalesce(sum(e.points), 0) as earned, coalesce(sum(e.taken_back), 0) as taken_back,
                       (select max(t.recorded_at) from take_backs t join purchase_earnings pe
                                 on pe.program_id = t.program_id and pe.member_id = t.member_id and pe.entry_id = t.earning_id
                         where t.program_id = p.program_id and t.member_id = p.member_id and pe.order_id = p.order_id) as returned_at
                  from purchases p
                  left join purchase_earnings e on e.program_id = p.program_id and e.member_id = p.member_id and e.order_id = p.order_id
                        and e.definition_id = any(:d::integer[])
                 where p.program_id = :p and p.member_id = :m
                 group by p.program_id, p.member_id, p.order_id
                 order by p.occurred_at desc, p.order_id desc
                 limit :limit
                """).param("p", programId).param("m", memberId).param("d", definitionIds.toArray(Integer[]::new)).param("limit", limit)
                .query((rs, n) -> new dev.laurel.earning.MemberOrders.Order(rs.getString("order_id"), Sql.instant(rs, "occurred_at"),
                        rs.getBigDecimal("amount"), rs.getBigDecimal("returned_amount"),
                        rs.getString("currency"), rs.getLong("earned"), rs.getLong("taken_back"), Sql.instant(rs, "returned_at"))).list();
    }

    /** What the member spent, net of returns, per currency (largest first), and when they last bought. */
    public List<dev.laurel.earning.MemberOrders.Spend> lifetimeSpend(String programId, UUID memberId) {
        return jdbc.sql("""
                select currency, sum(amount - returned_amount) as net from purchases
                 where program_id = :p and member_id = :m group by currency order by net desc, currency
                """).param("p", programId).param("m", memberId)
                .query((rs, n) -> new dev.laurel.earning.MemberOrders.Spend(rs.getString("currency"), rs.getBigDecimal("net"))).list();
    }

    public Optional<Instant> lastPurchaseAt(String programId, UUID memberId) {
        return jdbc.sql("select max(occurred_at) as last from purchases where program_id = :p and member_id = :m")
                .param("p", programId).param("m", memberId).query((rs, n) -> Optional.ofNullable(Sql.instant(rs, "last"))).single();
    }
}
