package dev.laurel.ledger;

import java.time.ZoneId;
import java.util.List;

/**
 * What the ledger needs to know of a point definition: when its earnings expire (months after the
 * day earned, in the program's zone; null for never), whether its balance may go below zero, and
 * the caps on what a member may earn on it per day and month (none: uncapped).
 * Callers build it from the program document, which the ledger does not read.
 */
public record DefinitionPolicy(int definitionId, Integer expiryMonths, boolean allowNegative, ZoneId zone, List<EarningCap> caps) {

    public DefinitionPolicy {
        caps = caps == null ? List.of() : List.copyOf(caps);
    }

    /** An uncapped policy. */
    public DefinitionPolicy(int definitionId, Integer expiryMonths, boolean allowNegative, ZoneId zone) {
        this(definitionId, expiryMonths, allowNegative, zone, List.of());
    }

    /**
     * The same policy, letting the balance go below zero: for changes that must land whatever the
     * balance, such as what a point master sends or the points of returned goods.
     */
    public DefinitionPolicy allowingNegative() {
        return new DefinitionPolicy(definitionId, expiryMonths, true, zone, caps);
    }

    /**
     * The same policy, never letting the balance go below zero: for spends a member must have the points for, such
     * as holds and redemptions, whatever the definition allows for other changes.
     */
    public DefinitionPolicy forbiddingNegative() {
        return new DefinitionPolicy(definitionId, expiryMonths, false, zone, caps);
    }

    /** The same policy with these caps on earnings. */
    public DefinitionPolicy cappedBy(List<EarningCap> value) {
        return new DefinitionPolicy(definitionId, expiryMonths, allowNegative, zone, value);
    }
}
