package dev.laurel.earning;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * What a return took back, per definition and earning of the order: where the returned share of the order's points
 * was found (see {@link TakenBack}). {@code items} are the lines a return of items named (empty for a return of an
 * amount).
 */
public record ReturnReceipt(String orderId, UUID memberId, BigDecimal returned, BigDecimal totalReturned, BigDecimal purchased,
        List<TakenBack> takenBack,
        List<ReturnedLine> items) {

    public ReturnReceipt {
        takenBack = List.copyOf(takenBack);
        items = List.copyOf(items);
    }

    /**
     * The returned share of one earning of the order ({@code fromPurchase + fromBalance + asDebt + expired}) and where it
     * was found: {@code fromPurchase}, still in the purchase's own points (from escrow when {@code fromEscrow});
     * {@code fromBalance}, points the member had already spent, taken from their other points; {@code asDebt}, spent
     * points the balance could not cover, owed (the balance goes below zero until the next points pay it);
     * {@code expired}, points that had expired, not taken again. {@code points} is what was taken
     * ({@code fromPurchase + fromBalance + asDebt}), by the ledger entry {@code entryId} (null when nothing was taken).
     */
    public record TakenBack(int definitionId, String name, long points, boolean fromEscrow, UUID entryId, long fromPurchase,
            long fromBalance, long asDebt, long expired) {}

    /**
     * A line given back: {@code quantity} units now ({@code returnedQuantity} in all, of {@code boughtQuantity}), worth
     * {@code amount}, and the {@code points} of the line's own earning this return takes back on each definition
     * (campaign bonus points are taken back in the same share, in {@code takenBack}).
     */
    public record ReturnedLine(String sku, long quantity, long returnedQuantity, long boughtQuantity, BigDecimal amount, long points) {}
}
