package dev.laurel.earning;

import dev.laurel.ledger.Ledger;
import dev.laurel.ledger.PointsOverflow;
import dev.laurel.programs.Program.Earning;
import dev.laurel.programs.Program.EarningRule;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How many points a purchase earns, line by line: a decision over the program's {@code earning} section and the
 * purchase, with no database. Each line's exact points come from the rule that selects it (a sku rule before a category
 * rule; none: the program's rate); the purchase's exact points, their sum, are made whole once with the program's
 * rounding, and the whole points are shared among the lines (each its exact points rounded down, the points left over one
 * each to the lines with the largest fractions, the first line first among equals), so the lines' points always add up
 * to the purchase's and a return of a line takes back exactly what it was given. Without rules and items a purchase
 * earns {@code floor(amount × pointsPerCurrencyUnit)}, as it always has.
 */
public final class EarningRules {

    /** What a purchase earns: its whole points and every line's share of them. */
    public record Outcome(long points, List<EarnedLine> lines) {
        public Outcome {
            lines = List.copyOf(lines);
        }
    }

    private EarningRules() {}

    /** The points of a purchase of {@code amount}, of {@code items} (empty: the purchase is one line of its whole amount). */
    public static Outcome earn(Earning earning, BigDecimal amount, List<PurchaseItem> items) {
        boolean whole = items.isEmpty();
        List<PurchaseItem> lines = whole ? List.of(new PurchaseItem(null, null, 1, amount)) : items;
        List<Exact> exact = new ArrayList<>(lines.size());
        BigDecimal rate = earning == null ? BigDecimal.ZERO : earning.pointsPerCurrencyUnit();
        BigDecimal minimum = earning == null ? null : earning.minimumOrderAmount();
        for (PurchaseItem item : lines) {
            if (earning == null) {
                exact.add(new Exact(null, "the program does not earn from purchases", BigDecimal.ZERO));
            } else if (minimum != null && amount.compareTo(minimum) < 0) {
                exact.add(new Exact(null, "the order's " + amount.toPlainString() + " is below the minimum order amount of "
                        + minimum.toPlainString(), BigDecimal.ZERO));
            } else {
                exact.add(exact(earning, rate, item));
            }
        }
        BigDecimal sum = exact.stream().map(Exact::points).reduce(BigDecimal.ZERO, BigDecimal::add);
        RoundingMode mode = earning == null ? RoundingMode.FLOOR : RoundingMode.valueOf(earning.rounding().name());
        BigDecimal total = sum.setScale(0, mode);
        if (total.compareTo(BigDecimal.valueOf(Ledger.POINTS_MAX)) > 0) {
            throw new PointsOverflow("A purchase of " + amount.toPlainString() + " earns " + total.toPlainString()
                    + " points, more than an account may hold.");
        }
        long[] shares = shares(exact, total.longValueExact());
        List<EarnedLine> earned = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            PurchaseItem item = lines.get(i);
            Exact e = exact.get(i);
            earned.add(new EarnedLine(item.sku(), item.category(), whole ? null : item.quantity(), item.amount(), e.rule(), e.reason(),
                    plain(e.points()), shares[i]));
        }
        return new Outcome(total.longValueExact(), earned);
    }

    /** One line's exact points, the rule that gave them (null: the program's rate) and why. */
    private record Exact(String rule, String reason, BigDecimal points) {}

    private static Exact exact(Earning earning, BigDecimal rate, PurchaseItem item) {
        EarningRule rule = rule(earning, item);
        if (rule == null) {
            return new Exact(null, item.amount().toPlainString() + " at " + perUnit(rate), item.amount().multiply(rate));
        }
        return switch (rule.effect()) {
            case POINTS_PER_CURRENCY_UNIT -> new Exact(rule.name(), item.amount().toPlainString() + " at " + perUnit(rule.value()),
                    item.amount().multiply(rule.value()));
            case MULTIPLIER -> new Exact(rule.name(), item.amount().toPlainString() + " at " + rule.value().toPlainString() + " × "
                    + perUnit(rate), item.amount().multiply(rate).multiply(rule.value()));
            case FIXED_POINTS -> new Exact(rule.name(), plain(rule.value()).toPlainString() + " points for each of " + item.quantity()
                    + " units", rule.value().multiply(BigDecimal.valueOf(item.quantity())));
            case EXCLUDE -> new Exact(rule.name(), "excluded: earns nothing", BigDecimal.ZERO);
        };
    }

    /** The rule that selects an item: the one for its sku, else the one for its category, else none. */
    static EarningRule rule(Earning earning, PurchaseItem item) {
        EarningRule byCategory = null;
        for (EarningRule rule : earning.rules()) {
            if (rule.sku() != null && rule.sku().equals(item.sku())) {
                return rule;
            }
            if (byCategory == null && rule.category() != null && rule.category().equals(item.category())) {
                byCategory = rule;
            }
        }
        return byCategory;
    }

    /**
     * {@code total} whole points shared among lines: each its exact points rounded down, then one more each to the lines
     * with the largest fractions (earlier lines first among equals) until {@code total} is reached.
     */
    static long[] shares(List<Exact> exact, long total) {
        long[] shares = new long[exact.size()];
        long given = 0;
        for (int i = 0; i < shares.length; i++) {
            shares[i] = exact.get(i).points().setScale(0, RoundingMode.FLOOR).longValueExact();
            given += shares[i];
        }
        long left = total - given;
        if (left < 0 || left > shares.length) {
            throw new IllegalStateException("rounding " + given + " points of lines to " + total + " leaves " + left + " to share");
        }
        List<Integer> byFraction = IntStream.range(0, shares.length).boxed()
                .sorted(Comparator.comparing((Integer i) -> fraction(exact.get(i).points())).reversed().thenComparing(i -> i))
                .toList();
        for (int k = 0; k < left; k++) {
            shares[byFraction.get(k)]++;
        }
        return shares;
    }

    private static String perUnit(BigDecimal rate) {
        return plain(rate).toPlainString() + (rate.compareTo(BigDecimal.ONE) == 0 ? " point" : " points") + " per unit of currency";
    }

    /** Without trailing zeros, and never in exponent form (100, not 1E+2). */
    private static BigDecimal plain(BigDecimal number) {
        BigDecimal stripped = number.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static BigDecimal fraction(BigDecimal points) {
        return points.subtract(points.setScale(0, RoundingMode.FLOOR));
    }
}
