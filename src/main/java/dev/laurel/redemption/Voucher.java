package dev.laurel.redemption;

import dev.laurel.platform.Money;
import dev.laurel.programs.Program.RewardKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A voucher: a code worth {@code value} (or a free {@code item}) at the till, bought with {@code points} of
 * {@code definitionId} by the ledger entry {@code entryId}: for a reward ({@code rewardId}) or, as a gift card, by the
 * cash-out of {@code cashOutPeriod}.
 */
public record Voucher(
        UUID id,
        String code,
        UUID memberId,
        String rewardId,
        LocalDate cashOutPeriod,
        RewardKind kind,
        String name,
        Money value,
        String item,
        int definitionId,
        long points,
        UUID entryId,
        VoucherStatus status,
        Instant issuedAt,
        Instant validUntil,
        Instant redeemedAt,
        Instant cancelledAt,
        Instant expiredAt) {

    /** As it stands at {@code now}: an issued voucher past its {@code validUntil} is expired, whether or not the sweep has marked it. */
    public Voucher asOf(Instant now) {
        if (status != VoucherStatus.ISSUED || now.isBefore(validUntil)) {
            return this;
        }
        return new Voucher(id, code, memberId, rewardId, cashOutPeriod, kind, name, value, item, definitionId, points, entryId,
                VoucherStatus.EXPIRED, issuedAt, validUntil, redeemedAt, cancelledAt, validUntil);
    }
}
