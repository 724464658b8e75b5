package dev.laurel.earning;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A purchase to earn from: money as a decimal with its currency, never a floating point number. {@code lines} are kept as
 * sent; {@code items} (empty: the purchase is one line of its whole amount) are what earning rules select by sku or
 * category, and what a return may name.
 */
public record Purchase(UUID memberId, String orderId, BigDecimal amount, String currency, Instant occurredAt, List<Map<String, Object>> lines,
        List<PurchaseItem> items) {

    public Purchase {
        lines = lines == null ? List.of() : List.copyOf(lines);
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** A purchase without items. */
    public Purchase(UUID memberId, String orderId, BigDecimal amount, String currency, Instant occurredAt, List<Map<String, Object>> lines) {
        this(memberId, orderId, amount, currency, occurredAt, lines, List.of());
    }
}
