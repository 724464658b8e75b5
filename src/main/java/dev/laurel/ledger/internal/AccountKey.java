package dev.laurel.ledger.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The key of a point account: what the points sweep gathers before it claims accounts batch by batch. */
public record AccountKey(String programId, UUID memberId, int definitionId) {

    /**
     * Keys in key order, cut into batches of about {@code size}: a member's accounts stay in one batch (which may then
     * pass {@code size} by them), so that one transaction settles all of a member's due lots, in the ledger's order.
     */
    public static List<List<AccountKey>> batches(List<AccountKey> keys, int size) {
        List<List<AccountKey>> batches = new ArrayList<>();
        int from = 0;
        while (from < keys.size()) {
            int to = Math.min(keys.size(), from + size);
            while (to < keys.size() && sameMember(keys.get(to - 1), keys.get(to))) {
                to++;
            }
            batches.add(keys.subList(from, to));
            from = to;
        }
        return batches;
    }

    private static boolean sameMember(AccountKey a, AccountKey b) {
        return a.programId.equals(b.programId) && a.memberId.equals(b.memberId);
    }
}
