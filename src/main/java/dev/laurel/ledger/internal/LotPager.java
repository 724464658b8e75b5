package dev.laurel.ledger.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reads an account's spendable lots from the database a page at a time, in spending order,
 * skipping lots the work already holds in memory.
 */
final class LotPager {

    static final int PAGE_LOTS = 64;

    private final Work work;
    private final int definitionId;
    private LotState boundary;
    private boolean exhausted;

    LotPager(Work work, int definitionId) {
        this.work = work;
        this.definitionId = definitionId;
    }

    boolean exhausted() {
        return exhausted;
    }

    void next() {
        read(work.store.spendableLots(work.programId, work.memberId, definitionId, boundary, PAGE_LOTS));
    }

    /** Takes the next page, read by the caller (the first pages of a batch's accounts come in one query). */
    void read(List<LotState> page) {
        if (page.size() < PAGE_LOTS) {
            exhausted = true;
        }
        if (!page.isEmpty()) {
            boundary = page.get(page.size() - 1);
        }
        Set<UUID> held = new HashSet<>();
        work.lots.forEach(l -> held.add(l.id));
        page.stream().filter(l -> !held.contains(l.id)).forEach(work.lots::add);
    }

    /** True when every lot that sorts before {@code lot} is in memory. */
    boolean covers(LotState lot) {
        return exhausted || (boundary != null && LotState.SPENDING_ORDER.compare(lot, boundary) <= 0);
    }
}
