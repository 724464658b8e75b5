package dev.laurel.programs.internal;

import dev.laurel.platform.Money;
import dev.laurel.programs.Program.CatalogueReward;
import dev.laurel.programs.Program.CodeSource;
import dev.laurel.programs.Program.PointDefinition;
import dev.laurel.programs.Program.Purpose;
import dev.laurel.programs.Program.RewardKind;
import dev.laurel.programs.Program.TierSystem;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code rewards} section (the catalogue): ids unique, the cost taken from a SPENDABLE definition Laurel masters,
 * a GIFT_CARD worth a value and a VOUCHER worth a value or an item (one of the two), a money value in a real currency
 * at its scale, the window ending after it starts, eligibility naming a tier level that exists.
 */
final class RewardsReader {

    private RewardsReader() {}

    static List<CatalogueReward> read(Fields program, List<PointDefinition> definitions, TierSystem tiers) {
        List<CatalogueReward> rewards = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Fields reward : program.objects("rewards")) {
            String id = reward.text("id");
            if (id != null && !ids.add(id)) {
                reward.error("id", "'" + id + "' is used by another reward");
            }
            Integer definition = reward.integer("pointDefinition");
            if (definition != null) {
                spendableDefinition(reward, "pointDefinition", definitions, definition);
            }
            RewardKind kind = reward.enumValue("kind", RewardKind.class);
            Money value = money(reward.object("value"));
            if (kind == RewardKind.GIFT_CARD && (!reward.has("value") || reward.has("item"))) {
                reward.error(reward.has("item") ? "item" : "value", reward.has("item")
                        ? "is not allowed on a GIFT_CARD: a gift card is worth a value" : "is required for a GIFT_CARD");
            } else if (kind == RewardKind.VOUCHER && reward.has("value") == reward.has("item")) {
                reward.error("value", "give either a value or an item for a VOUCHER");
            }
            OffsetDateTime startsAt = reward.dateTime("startsAt");
            OffsetDateTime endsAt = reward.dateTime("endsAt");
            if (startsAt != null && endsAt != null && !endsAt.isAfter(startsAt)) {
                reward.error("endsAt", "must be after startsAt");
            }
            Fields eligibility = reward.object("eligibility");
            Long cost = reward.longInteger("cost");
            Integer validDays = reward.integer("voucherValidDays");
            CodeSource codes = reward.enumValue("codes", CodeSource.class);
            Integer stock = reward.integer("stock");
            rewards.add(new CatalogueReward(id, reward.text("name"), reward.text("description"), reward.text("imageUrl"),
                    cost == null ? 0 : cost, definition == null ? 0 : definition, kind, value, reward.text("item"),
                    stock == null ? null : stock.longValue(), reward.integer("perMemberLimit"), startsAt, endsAt,
                    CampaignsReader.eligibility(eligibility, tiers),
                    validDays == null ? CatalogueReward.VOUCHER_VALID_DAYS_DEFAULT : validDays,
                    codes == null ? CodeSource.GENERATED : codes));
        }
        return rewards;
    }

    /** Points are redeemed from a SPENDABLE definition Laurel masters. */
    static void spendableDefinition(Fields fields, String field, List<PointDefinition> definitions, int id) {
        Optional<PointDefinition> definition = definitions.stream().filter(d -> d.id() == id).findFirst();
        if (definition.isEmpty()) {
            fields.error(field, "names no point definition of this program (was " + id + ")");
        } else if (definition.get().purpose() != Purpose.SPENDABLE || !definition.get().master()) {
            fields.error(field, "must be a SPENDABLE definition Laurel masters, not a follower");
        }
    }

    /** A money value in a real currency, at no more decimals than the currency has; null (with an error) otherwise. */
    static Money money(Fields money) {
        if (money == null) {
            return null;
        }
        BigDecimal amount = money.decimal("amount");
        String currency = money.text("currency");
        if (currency != null && !Money.knownCurrency(currency)) {
            money.error("currency", "is not an ISO 4217 currency code (was '" + currency + "')");
            return null;
        }
        if (amount == null || currency == null) {
            return null;
        }
        if (!Money.fitsScale(amount, currency)) {
            money.error("amount", "must have at most " + Money.scale(currency) + " decimals for " + currency);
            return null;
        }
        return new Money(amount, currency);
    }
}
