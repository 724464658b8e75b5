package dev.laurel.earning;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * What a return took back, per definition: from escrow while the order's points were pending, else from the balance.
 * {@code items} are the lines a return of items named (empty for a return of an amount).
 */
public record ReturnReceipt(String orderId, UUID memberId, BigDecimal returned, BigDecimal totalReturned, BigDecimal purchased,
        List<TakenBack> takenBack,
        List<ReturnedLine> items) {

    public ReturnReceipt {
        takenBack = List.copyOf(takenBack);
        items = List.copyOf(items);
    }

    public record TakenBack(int definitionId, String name, long points, boolean fromEscrow, UUID entryId) {}

    /**
     * A line given back: {@code quantity} units now ({@code returnedQuantity} in all, of {@code boughtQuantity}), worth
     * {@code amount}, and the {@code points} of the line's own earning this return takes back on each definition
     * (campaign bonus points are taken back in the same share, in {@code takenBack}).
     */
    public record ReturnedLine(String sku, long quantity, long returnedQuantity, long boughtQuantity, BigDecimal amount, long points) {}
}
