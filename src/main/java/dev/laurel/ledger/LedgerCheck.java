package dev.laurel.ledger;

import java.util.List;
import java.util.UUID;

/** The result of recomputing a program's accounts from their entries and lots. */
public record LedgerCheck(long accountsChecked, long mismatches, List<Mismatch> details) {

    public static final int DETAILS_MAX = 100;

    /** One cached figure (or lot) that does not agree with what the entries say. */
    public record Mismatch(UUID memberId, int definitionId, String figure, long cached, long computed) {}
}
