package dev.laurel.earning;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A purchase to earn from: money as a decimal with its currency, never a floating point number. */
public record Purchase(UUID memberId, String orderId, BigDecimal amount, String currency, Instant occurredAt, List<Map<String, Object>> lines) {

    public Purchase {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }
}
