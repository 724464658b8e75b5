package dev.laurel.ledger;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One change to ask of the ledger: a signed amount on one member's account of one definition.
 * A positive amount earns a lot, pending until {@code validFrom} when that is later than now, and
 * expiring at {@code validTo} or else by the definition's policy. A negative amount spends.
 */
public record Posting(
        UUID memberId,
        DefinitionPolicy definition,
        long amount,
        String source,
        String description,
        String reference,
        String partner,
        Actor actor,
        Instant occurredAt,
        Instant validFrom,
        Instant validTo) {

    /** An entry's source is 1 to this many characters (a CHECK on ledger_entries). */
    public static final int SOURCE_CHARS_MAX = 64;

    public Posting {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(source, "source");
        if (amount == 0) {
            throw new IllegalArgumentException("a posting's amount is never zero");
        }
    }

    public static Posting of(UUID memberId, DefinitionPolicy definition, long amount, String source, String description) {
        return new Posting(memberId, definition, amount, source, description, null, null, null, null, null, null);
    }

    public Posting withReference(String value) {
        return new Posting(memberId, definition, amount, source, description, value, partner, actor, occurredAt, validFrom, validTo);
    }

    public Posting withPartner(String value) {
        return new Posting(memberId, definition, amount, source, description, reference, value, actor, occurredAt, validFrom, validTo);
    }

    public Posting withActor(Actor value) {
        return new Posting(memberId, definition, amount, source, description, reference, partner, value, occurredAt, validFrom, validTo);
    }

    public Posting occurredAt(Instant value) {
        return new Posting(memberId, definition, amount, source, description, reference, partner, actor, value, validFrom, validTo);
    }

    public Posting validBetween(Instant from, Instant to) {
        return new Posting(memberId, definition, amount, source, description, reference, partner, actor, occurredAt, from, to);
    }
}
