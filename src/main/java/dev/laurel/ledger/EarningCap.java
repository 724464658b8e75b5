package dev.laurel.ledger;

import java.util.Objects;

/**
 * The most points a member may earn on one account per calendar {@code period} (in the definition's zone) from
 * earnings of {@code source}, or, when {@code source} is null, from every capped earning together. An earning above
 * what is left is credited only that much; the rest is recorded on its entry as capped, never lost silently.
 */
public record EarningCap(Period period, long points, String source) {

    public enum Period { DAY, MONTH }

    public EarningCap {
        Objects.requireNonNull(period, "period");
        if (points < 1 || points > Ledger.POINTS_MAX) {
            throw new IllegalArgumentException("a cap is 1 to " + Ledger.POINTS_MAX + " points, got " + points);
        }
    }

    /** Whether earnings of {@code earningSource} count toward this cap. */
    public boolean counts(String earningSource) {
        return source == null || source.equals(earningSource);
    }

    /** How the answers name it: "daily cap of 1000 points on Purchase". */
    public String describe() {
        return (period == Period.DAY ? "daily" : "monthly") + " cap of " + points + " points" + (source == null ? "" : " on " + source);
    }
}
