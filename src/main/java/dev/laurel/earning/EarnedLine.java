package dev.laurel.earning;

import java.math.BigDecimal;

/**
 * What one line of a purchase earned, and why: the item ({@code sku}, {@code category} and {@code quantity} null for a
 * purchase sent without items, whose one line is its whole amount), the {@code rule} that applied (null: the program's
 * {@code pointsPerCurrencyUnit}), in words ({@code reason}), its exact points and the whole {@code points} it earned on
 * each definition Laurel masters (the purchase's exact points are rounded once and shared among its lines).
 */
public record EarnedLine(String sku, String category, Long quantity, BigDecimal amount, String rule, String reason, BigDecimal exactPoints,
        long points) {}
