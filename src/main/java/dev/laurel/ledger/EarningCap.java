package dev.laurel.ledger;

import java.util.Objects;
import java.util.Set;

/**
 * The most points a member may earn on one account per calendar {@code period} (in the definition's zone) from
 * earnings of {@code source}, or, when {@code source} is null, from every capped earning together. An earning above
 * what is left is credited only that much; the rest is recorded on its entry as capped, never lost silently.
 */
public record EarningCap(Period period, long points, String source, Set<String> alsoCounting) {

    public enum Period { DAY, MONTH }

    public EarningCap {
        Objects.requireNonNull(period, "period");
        if (points < 1 || points > Ledger.POINTS_MAX) {
            throw new IllegalArgumentException("a cap is 1 to " + Ledger.POINTS_MAX + " points, got " + points);
        }
        alsoCounting = alsoCounting == null ? Set.of() : Set.copyOf(alsoCounting);
    }

    public EarningCap(Period period, long points, String source) {
        this(period, points, source, Set.of());
    }

    /**
     * Whether earnings of {@code earningSource} count toward this cap: all of them without a source; else those of its
     * source and of the sources it {@code alsoCounting} (earnings that are part of its source's, such as a purchase's
     * tier bonus under a cap on purchases), all in the one total of the cap.
     */
    public boolean counts(String earningSource) {
        return source == null || source.equals(earningSource) || alsoCounting.contains(earningSource);
    }

    /** How the answers name it: "daily cap of 1000 points on Purchase". */
    public String describe() {
        return (period == Period.DAY ? "daily" : "monthly") + " cap of " + points + " points" + (source == null ? "" : " on " + source);
    }
}
