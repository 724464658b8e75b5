package dev.laurel.platform;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** What one run of a sweep did: the rows it handled, by what happened to them; {@code error} when it failed (its rows stay due). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepReport(String name, long processed, Map<String, Long> details, String error) {

    public SweepReport {
        details = Map.copyOf(details);
    }

    public SweepReport(String name, long processed, Map<String, Long> details) {
        this(name, processed, details, null);
    }

    public static SweepReport of(String name, long processed) {
        return new SweepReport(name, processed, Map.of());
    }

    public static SweepReport failed(String name, RuntimeException e) {
        return new SweepReport(name, 0, Map.of(), e.getClass().getSimpleName() + ": " + e.getMessage());
    }
}
