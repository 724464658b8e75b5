package dev.laurel.platform;

import java.util.Map;

/** What one run of a sweep did: the rows it handled, by what happened to them. */
public record SweepReport(String name, long processed, Map<String, Long> details) {

    public SweepReport {
        details = Map.copyOf(details);
    }

    public static SweepReport of(String name, long processed) {
        return new SweepReport(name, processed, Map.of());
    }
}
