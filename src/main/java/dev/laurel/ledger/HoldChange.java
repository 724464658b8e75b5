package dev.laurel.ledger;

/**
 * A hold after a change, with the entry the change wrote: the {@code HOLD} entry when placed (its buckets are the
 * points taken, negative), the {@code RELEASE} entry when closed (the points given back, positive), or null when a
 * capture kept every point.
 */
public record HoldChange(Hold hold, PostedEntry entry) {}
