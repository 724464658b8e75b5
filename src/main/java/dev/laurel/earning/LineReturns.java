package dev.laurel.earning;

import dev.laurel.earning.internal.PurchaseStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A return of some lines of a purchase bought with items, decided over the order's lines with no database: a line's
 * points come back in the share of its units returned, counted over all its returns ({@code floor(points × returned /
 * bought)}), so returning every unit, at once or bit by bit, takes back exactly what the line earned, and never more;
 * its money likewise (to a ten-thousandth, rounded down until the last unit). More units than were bought, in all, is
 * refused.
 */
final class LineReturns {

    /**
     * What a return of lines comes to: its money, the order's line points returned in all after it ({@code
     * pointsReturned}) of what its lines earned ({@code pointsEarned}), the lines with their new returned quantities, and
     * the receipt's lines.
     */
    public record Outcome(BigDecimal amount, long pointsReturned, long pointsEarned, List<PurchaseStore.Line> changed,
            List<ReturnReceipt.ReturnedLine> receipt) {

        /** The cumulative share of {@code points} (one earning of the order) this order's returns now take back. */
        public long shareOf(long points) {
            return pointsEarned == 0 ? 0 : BigDecimal.valueOf(points).multiply(BigDecimal.valueOf(pointsReturned))
                    .divide(BigDecimal.valueOf(pointsEarned), 0, RoundingMode.FLOOR).longValueExact();
        }
    }

    private LineReturns() {}

    static Outcome of(String orderId, List<PurchaseStore.Line> lines, List<ReturnedItem> items) {
        if (lines.isEmpty()) {
            throw new OrderConflict("item-not-in-order", "items", "Order '" + orderId + "' was bought without items: return an amount.");
        }
        Map<String, PurchaseStore.Line> bySku = new HashMap<>();
        lines.forEach(l -> bySku.put(l.sku(), l));
        Map<Integer, PurchaseStore.Line> changed = new HashMap<>();
        List<ReturnReceipt.ReturnedLine> receipt = new ArrayList<>();
        BigDecimal amount = BigDecimal.ZERO;
        for (int i = 0; i < items.size(); i++) {
            ReturnedItem item = items.get(i);
            PurchaseStore.Line line = bySku.get(item.sku());
            if (line == null) {
                throw new OrderConflict("item-not-in-order", "items[" + i + "].sku", "Order '" + orderId + "' has no item '" + item.sku() + "'.");
            }
            long total = line.returnedQuantity() + item.quantity();
            if (total > line.quantity()) {
                throw new OrderConflict("return-exceeds-purchase", "items[" + i + "].quantity", "Returning " + item.quantity() + " of '"
                        + item.sku() + "' would return " + total + " of the " + line.quantity() + " bought.");
            }
            BigDecimal money = money(line, total).subtract(money(line, line.returnedQuantity()));
            long points = points(line, total) - points(line, line.returnedQuantity());
            amount = amount.add(money);
            changed.put(line.line(), new PurchaseStore.Line(line.line(), line.sku(), line.quantity(), line.amount(), line.points(), total));
            receipt.add(new ReturnReceipt.ReturnedLine(line.sku(), item.quantity(), total, line.quantity(), money, points));
        }
        long returned = 0;
        long earned = 0;
        for (PurchaseStore.Line line : lines) {
            PurchaseStore.Line now = changed.getOrDefault(line.line(), line);
            returned = Math.addExact(returned, points(now, now.returnedQuantity()));
            earned = Math.addExact(earned, now.points());
        }
        return new Outcome(amount, returned, earned, List.copyOf(changed.values()), receipt);
    }

    /** The line's points that {@code units} returned units take back, in all. */
    static long points(PurchaseStore.Line line, long units) {
        return BigDecimal.valueOf(line.points()).multiply(BigDecimal.valueOf(units))
                .divide(BigDecimal.valueOf(line.quantity()), 0, RoundingMode.FLOOR).longValueExact();
    }

    /** The line's money that {@code units} returned units come to, in all. */
    static BigDecimal money(PurchaseStore.Line line, long units) {
        return line.amount().multiply(BigDecimal.valueOf(units)).divide(BigDecimal.valueOf(line.quantity()), Purchases.AMOUNT_DECIMALS_MAX,
                RoundingMode.FLOOR);
    }
}
