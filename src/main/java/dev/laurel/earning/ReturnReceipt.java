package dev.laurel.earning;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** What a return took back, per definition: from escrow while the order's points were pending, else from the balance. */
public record ReturnReceipt(String orderId, UUID memberId, BigDecimal returned, BigDecimal totalReturned, BigDecimal purchased,
        List<TakenBack> takenBack) {

    public ReturnReceipt {
        takenBack = List.copyOf(takenBack);
    }

    public record TakenBack(int definitionId, String name, long points, boolean fromEscrow, UUID entryId) {}
}
