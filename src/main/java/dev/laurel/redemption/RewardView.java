package dev.laurel.redemption;

import dev.laurel.platform.Money;
import dev.laurel.programs.Program.CatalogueReward;
import dev.laurel.programs.Program.CodeSource;
import dev.laurel.programs.Program.Eligibility;
import dev.laurel.programs.Program.RewardKind;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A reward of the catalogue as the API shows it: its terms from the program document, {@code active} now (inside
 * its window), units {@code issued} (not given back), {@code remaining} (null when there is no limit: the stock less
 * the units issued, and for a POOL reward no more than the codes not handed out yet, {@code codesAvailable}).
 */
public record RewardView(
        String id,
        String name,
        String description,
        String imageUrl,
        long cost,
        int pointDefinition,
        RewardKind kind,
        Money value,
        String item,
        Long stock,
        long issued,
        Long remaining,
        Integer perMemberLimit,
        OffsetDateTime startsAt,
        OffsetDateTime endsAt,
        boolean active,
        Eligibility eligibility,
        int voucherValidDays,
        CodeSource codes,
        Long codesAvailable) {

    static RewardView of(CatalogueReward r, long issued, Long codesAvailable, Instant now) {
        Long remaining = r.stock() == null ? null : Math.max(r.stock() - issued, 0);
        if (r.codes() == CodeSource.POOL) {
            long codes = codesAvailable == null ? 0 : codesAvailable;
            remaining = remaining == null ? codes : Math.min(remaining, codes);
        }
        return new RewardView(r.id(), r.name(), r.description(), r.imageUrl(), r.cost(), r.pointDefinition(), r.kind(), r.value(),
                r.item(), r.stock(), issued, remaining, r.perMemberLimit(), r.startsAt(), r.endsAt(), r.activeAt(now), r.eligibility(),
                r.voucherValidDays(), r.codes(), r.codes() == CodeSource.POOL ? (codesAvailable == null ? 0 : codesAvailable) : null);
    }
}
