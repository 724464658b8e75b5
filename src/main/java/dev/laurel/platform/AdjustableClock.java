package dev.laurel.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Laurel's clock: the system clock at millisecond precision, which staging and tests may move.
 * Moving it is allowed only when {@code LAUREL_CLOCK_ADJUSTABLE=true}; the setting is per node, for every
 * program on it, and it may be set at most {@link #RANGE} either side of the real time.
 */
public final class AdjustableClock extends Clock {

    private final Clock base;
    private final boolean adjustable;
    private final AtomicReference<Setting> setting = new AtomicReference<>(Setting.SYSTEM);

    /** Either an offset from the system clock (ticking) or a fixed instant (frozen). */
    private record Setting(Duration offset, Instant fixed) {
        static final Setting SYSTEM = new Setting(Duration.ZERO, null);
    }

    public AdjustableClock(Clock base, boolean adjustable) {
        this.base = base;
        this.adjustable = adjustable;
    }

    public static AdjustableClock system(boolean adjustable) {
        return new AdjustableClock(Clock.tickMillis(ZoneOffset.UTC), adjustable);
    }

    public boolean adjustable() {
        return adjustable;
    }

    /** How far from the real time the clock may be set, either way. */
    public static final Period RANGE = Period.ofYears(10);

    /** The earliest time the clock may be set to now: {@link #RANGE} before the real time. */
    public Instant earliest() {
        return base.instant().atZone(ZoneOffset.UTC).minus(RANGE).toInstant();
    }

    /** The latest time the clock may be set to now: {@link #RANGE} after the real time. */
    public Instant latest() {
        return base.instant().atZone(ZoneOffset.UTC).plus(RANGE).toInstant();
    }

    /** Sets the time to {@code now}, within {@link #RANGE} of the real time; a frozen clock stays there until moved again. */
    public void set(Instant now, boolean frozen) {
        requireAdjustable();
        if (now.isBefore(earliest()) || now.isAfter(latest())) {
            throw new IllegalArgumentException("the clock may be set within " + RANGE + " of the real time, not to " + now);
        }
        setting.set(frozen ? new Setting(Duration.ZERO, now) : new Setting(Duration.between(base.instant(), now), null));
    }

    /** Moves the time forward (or back, for a negative duration), keeping it frozen or ticking. */
    public void advance(Duration by) {
        requireAdjustable();
        setting.updateAndGet(s -> s.fixed() != null
                ? new Setting(Duration.ZERO, s.fixed().plus(by))
                : new Setting(s.offset().plus(by), null));
    }

    /** Back to the system time. */
    public void reset() {
        setting.set(Setting.SYSTEM);
    }

    public boolean frozen() {
        return setting.get().fixed() != null;
    }

    private void requireAdjustable() {
        if (!adjustable) {
            throw new IllegalStateException("the clock is not adjustable (LAUREL_CLOCK_ADJUSTABLE is not true)");
        }
    }

    @Override
    public Instant instant() {
        Setting s = setting.get();
        return s.fixed() != null ? s.fixed() : base.instant().plus(s.offset());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }
}
