package dev.laurel.earning;

import java.math.BigDecimal;

/** One line of a purchase: {@code quantity} units of {@code sku} (in {@code category}, if the till knows it) for {@code amount} in all. */
public record PurchaseItem(String sku, String category, long quantity, BigDecimal amount) {}
