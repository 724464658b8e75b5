package dev.laurel.earning;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A member's purchase as kept for returns: its amount, what was returned of it, its lines as sent (JSON), what it earned,
 * and its items with what each earned and how many came back (JSON; null when it was bought without items).
 */
public record MemberPurchase(String orderId, BigDecimal amount, BigDecimal returnedAmount, String currency, Instant occurredAt,
        String linesJson, Instant createdAt, String earningsJson, String itemsJson) {}
