package dev.laurel.ledger.internal;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** A locked account row, changed in memory during one transaction and written back once. */
public final class AccountState {
    public final String programId;
    public final UUID memberId;
    public final int definitionId;
    public final UUID id;
    public long balance;
    /**
     * The balance when the account was locked. On a definition that does not allow a negative balance the member may
     * still owe points (a return took back points already spent or expired); later points pay that debt, and no
     * change may deepen it.
     */
    public final long balanceWhenLocked;
    public long pending;
    public long debt;
    /** Points taken out of the balance by the account's pending holds. */
    public long held;
    public long lifetimeEarned;
    public long lifetimeSpent;
    public long expired;
    public long entryCount;
    /** For a BALANCE follower account: the time stamp and amount of the last balance sync applied. */
    public Instant lastSyncAt;
    public Long lastSyncAmount;
    /** When the account last earned or spent (null: never since it was made): what inactivity expiry counts from. */
    public Instant lastActivityAt;
    /**
     * What the account earned toward its caps in the current periods, by {@link CapTotals} key; only the periods of
     * the last earning are kept.
     */
    public Map<String, Long> capTotals = new TreeMap<>();
    public boolean changed;

    public AccountState(String programId, UUID memberId, int definitionId, UUID id, long balance, long pending, long debt,
            long lifetimeEarned, long lifetimeSpent, long expired, long entryCount) {
        this.programId = programId;
        this.memberId = memberId;
        this.definitionId = definitionId;
        this.id = id;
        this.balance = balance;
        this.balanceWhenLocked = balance;
        this.pending = pending;
        this.debt = debt;
        this.lifetimeEarned = lifetimeEarned;
        this.lifetimeSpent = lifetimeSpent;
        this.expired = expired;
        this.entryCount = entryCount;
    }

    public long nextSeq() {
        changed = true;
        return ++entryCount;
    }
}
