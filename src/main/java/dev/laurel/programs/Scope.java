package dev.laurel.programs;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an API key may do: {@code admin} everything of its program, {@code partner} the partner points endpoint
 * only, {@code clock} set the adjustable clock (staging and tests only), which moves the time of every program on
 * the node, so no admin key may do it without being given this scope.
 */
public enum Scope {
    ADMIN("admin"),
    PARTNER("partner"),
    CLOCK("clock");

    private final String wire;

    Scope(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<Scope> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(value)).findFirst();
    }
}
