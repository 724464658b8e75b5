package dev.laurel.ledger.internal;

import dev.laurel.ledger.DefinitionPolicy;
import dev.laurel.ledger.EntryKind;
import dev.laurel.ledger.PostedEntry;
import java.util.Map;
import java.util.UUID;

/**
 * Holds within a {@link Work}: placing one takes points from the active lots in spending order (never into debt,
 * whatever the definition allows) into the account's {@code held}; closing one keeps the captured points as spent and
 * gives the rest back to exactly their lots ({@link Reversal#ofHold}).
 */
public final class Holding {

    private Holding() {}

    /** Writes the {@code HOLD} entry of {@code points} on the work's account of {@code policy}'s definition. */
    public static PostedEntry place(Work work, DefinitionPolicy policy, long points, String source, String description, String reference) {
        AccountState account = work.accounts.get(policy.definitionId());
        UUID entryId = UUID.randomUUID();
        Map<UUID, Long> taken = work.take(account, policy.forbiddingNegative(), points, entryId);
        account.held = Math.addExact(account.held, points);
        // Points held at the till are the member spending: activity, as a spend is (inactivity expiry counts from it).
        account.lastActivityAt = work.now;
        EntryRow row = new EntryRow(work.programId, work.memberId, account.definitionId, account.nextSeq(), entryId, work.txId(),
                EntryKind.HOLD, source, -points, description, reference, null, null, work.now, work.now, null, null, null, null);
        work.entries.add(row);
        return new PostedEntry(Work.entry(row, false), work.buckets(taken, policy.zone(), -1));
    }

    /**
     * Closes a hold of {@code points} on the work's account of {@code definitionId}, keeping {@code captured} of them
     * as spent (0 for a void) and releasing the rest in one {@code RELEASE} entry; null when nothing is released.
     */
    public static PostedEntry close(Work work, int definitionId, UUID holdEntryId, long points, long captured, String source,
            String description, String reference) {
        if (captured < 0 || captured > points) {
            throw new IllegalArgumentException("captured " + captured + " of a hold of " + points);
        }
        AccountState account = work.accounts.get(definitionId);
        account.held = Math.subtractExact(account.held, points);
        account.lifetimeSpent = Math.addExact(account.lifetimeSpent, captured);
        account.changed = true;
        long released = points - captured;
        return released == 0 ? null : new Reversal(work, source, description, null).ofHold(holdEntryId, definitionId, reference, released);
    }
}
