package dev.laurel.earning;

/** Units of one item of a purchase given back: the item's {@code sku} and how many of them. */
public record ReturnedItem(String sku, long quantity) {}
