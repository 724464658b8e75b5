package dev.laurel.web;

import dev.laurel.campaigns.Campaigns;
import dev.laurel.earning.Purchases;
import dev.laurel.ledger.Actor;
import dev.laurel.ledger.Entry;
import dev.laurel.redemption.CashOuts;
import dev.laurel.redemption.Redemptions;
import dev.laurel.tiers.Tiers;
import dev.laurel.timeline.Timeline;
import dev.laurel.timeline.TimelineEvent;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.MessageSource;

/**
 * The console card's timeline as sentences in the operator's language: each event type Laurel records itself has its own
 * line ("Earned 500 points: Goodwill, by Maria", "Bought for 49.90 EUR, order A-1001", "Reached Gold"); an event sent in
 * through the API reads as its type in words and a few of its attributes as "key: value". Texts are the {@code card}
 * bundle's {@code card.timeline.*}.
 */
final class TimelineSentences {

    /** An API event shows at most this many of its attributes. */
    static final int API_ATTRIBUTES_SHOWN_MAX = 3;
    /** An attribute's value is cut to this many characters. */
    static final int VALUE_CHARS_MAX = 60;

    private final MessageSource messages;
    private final Locale locale;
    private final Formats fmt;
    private final Map<Integer, String> definitionNames;
    private final Map<UUID, Entry> entries;

    /** {@code entries}: the ledger entries the points events name (by entry id), for their description and who made them. */
    TimelineSentences(MessageSource messages, Formats fmt, Map<Integer, String> definitionNames, Map<UUID, Entry> entries) {
        this.messages = messages;
        this.locale = fmt.locale();
        this.fmt = fmt;
        this.definitionNames = definitionNames;
        this.entries = entries;
    }

    /** The ids of the ledger entries that {@code events} name, to load before writing their sentences. */
    static List<UUID> entryIds(Collection<TimelineEvent> events) {
        List<UUID> ids = new ArrayList<>();
        for (TimelineEvent e : events) {
            if (TimelineEvent.LAUREL.equals(e.origin()) && e.attributes().get("entryId") instanceof String id) {
                try {
                    ids.add(UUID.fromString(id));
                } catch (IllegalArgumentException notAnId) {
                    // Laurel writes entry ids itself; one that is not is left without its entry's details.
                }
            }
        }
        return ids;
    }

    /** The event as one sentence. */
    String sentence(TimelineEvent e) {
        Map<String, Object> a = e.attributes();
        if (!TimelineEvent.LAUREL.equals(e.origin())) {
            return sent(e);
        }
        return switch (e.type()) {
            case Timeline.POINTS_EARNED -> points(e, Boolean.TRUE.equals(a.get("pending")) ? "card.timeline.earned.pending" : "card.timeline.earned");
            case Timeline.POINTS_SPENT -> points(e, "card.timeline.spent");
            case Timeline.POINTS_EXPIRED -> points(e, "card.timeline.expired");
            case Timeline.POINTS_REVERSED -> points(e, number(a.get("points")) < 0 ? "card.timeline.reversed.taken" : "card.timeline.reversed.given");
            case Timeline.POINTS_AVAILABLE -> text("card.timeline.available", points(a), account(a));
            case Timeline.POINTS_HELD -> points(e, "card.timeline.held");
            case Timeline.POINTS_RELEASED -> points(e, "card.timeline.released");
            case Purchases.EVENT_PURCHASED -> number(a.get("points")) > 0
                    ? text("card.timeline.purchased.earning", money(a.get("amount"), a.get("currency")), a.get("orderId"), points(a))
                    : text("card.timeline.purchased", money(a.get("amount"), a.get("currency")), a.get("orderId"));
            case Purchases.EVENT_RETURNED -> text("card.timeline.returned", money(a.get("amount"), a.get("currency")), a.get("orderId"));
            case Redemptions.EVENT_REWARD_REDEEMED -> text("card.timeline.rewardRedeemed", a.get("name"), points(a));
            case Redemptions.EVENT_VOUCHER_REDEEMED -> text("card.timeline.voucherRedeemed", a.get("name"));
            case Redemptions.EVENT_VOUCHER_CANCELLED -> text("card.timeline.voucherCancelled", a.get("name"), points(a));
            case Redemptions.EVENT_VOUCHER_EXPIRED -> text("card.timeline.voucherExpired", a.get("name"));
            case CashOuts.EVENT_CASHED_OUT -> text("card.timeline.cashedOut", points(a), money(a.get("amount"), a.get("currency")));
            case Tiers.EVENT_TIER_CHANGED -> tier(a);
            case Campaigns.EVENT_JOINED -> text("card.timeline.campaignJoined", a.get("name"));
            case Campaigns.EVENT_COMPLETED -> number(a.get("points")) > 0
                    ? text("card.timeline.campaignCompleted.points", a.get("name"), points(a))
                    : text("card.timeline.campaignCompleted", a.get("name"));
            default -> sent(e);
        };
    }

    /** The point account a points event is on (empty for other events). */
    String account(TimelineEvent e) {
        return TimelineEvent.LAUREL.equals(e.origin()) && e.type().startsWith("points_") ? account(e.attributes()) : "";
    }

    /** A ledger event: what happened to how many points, then the entry's description and who made it, when known. */
    private String points(TimelineEvent e, String key) {
        Map<String, Object> a = e.attributes();
        String line = text(key, fmt.number(Math.abs(number(a.get("points")))), account(a));
        UUID entryId = a.get("entryId") instanceof String id ? parse(id) : null;
        Entry entry = entryId == null ? null : entries.get(entryId);
        if (entry != null && entry.description() != null && !entry.description().isBlank()) {
            line = text("card.timeline.what", line, entry.description());
        }
        String by = entry == null ? null : by(entry.actor());
        if (by != null) {
            line = text("card.timeline.by", line, by);
        }
        if (number(a.get("cappedPoints")) > 0) {
            line = text("card.timeline.capped", line, fmt.number(number(a.get("cappedPoints"))));
        }
        return line;
    }

    private String tier(Map<String, Object> a) {
        String reason = String.valueOf(a.get("reason"));
        return switch (reason) {
            case "UPGRADED", "IMPORTED" -> text("card.timeline.tier.reached", a.get("to"));
            case "DOWNGRADED" -> text("card.timeline.tier.down", a.get("to"));
            case "REQUALIFIED" -> text("card.timeline.tier.kept", a.get("to"));
            case "OPTED_IN" -> text("card.timeline.tier.optedIn", a.get("to"));
            case "OPTED_OUT" -> text("card.timeline.tier.optedOut", a.get("to"));
            default -> text("card.timeline.tier.reached", a.get("to"));
        };
    }

    /** An event sent through the API: its type in words, then a few of its plain attributes as "key: value", never a raw map. */
    private String sent(TimelineEvent e) {
        List<String> shown = new ArrayList<>();
        for (Map.Entry<String, Object> attribute : e.attributes().entrySet()) {
            Object value = attribute.getValue();
            if (shown.size() == API_ATTRIBUTES_SHOWN_MAX) {
                break;
            }
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                String text = value instanceof Number n && !(value instanceof BigDecimal) && n.doubleValue() == n.longValue()
                        ? fmt.number(n.longValue()) : String.valueOf(value);
                shown.add(attribute.getKey() + ": " + cut(text));
            }
        }
        String type = humanised(e.type());
        return shown.isEmpty() ? type : text("card.timeline.what", type, String.join(" · ", shown));
    }

    /** "store_visit", "storeVisit" and "store.visit" read "Store visit". */
    static String humanised(String type) {
        String spaced = type.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replaceAll("[._\\-:/]+", " ").trim().toLowerCase(Locale.ROOT);
        if (spaced.isEmpty()) {
            return type;
        }
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    /** Who made a change: the user's name (or id) for a manual one, the workflow (or reason) for an automation. */
    static String by(Actor actor) {
        if (actor == null) {
            return null;
        }
        for (String candidate : new String[] {actor.userName(), actor.userId(), actor.workflowName(), actor.reason(), actor.processId()}) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return null;
    }

    /** An amount of money in the reader's language, with the currency's usual decimals: "49.90 EUR", "49,90 EUR". */
    static String money(Object amount, Object currency, Locale locale) {
        BigDecimal value;
        try {
            value = amount instanceof BigDecimal b ? b : new BigDecimal(String.valueOf(amount));
        } catch (NumberFormatException notANumber) {
            return amount + " " + currency;
        }
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        int digits = 2;
        try {
            digits = Math.max(0, Currency.getInstance(String.valueOf(currency)).getDefaultFractionDigits());
        } catch (IllegalArgumentException unknownCurrency) {
            // A code Java does not know still reads with two decimals.
        }
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(Math.max(digits, value.stripTrailingZeros().scale()));
        return format.format(value) + " " + currency;
    }

    private String money(Object amount, Object currency) {
        return money(amount, currency, locale);
    }

    private String points(Map<String, Object> a) {
        return fmt.number(Math.abs(number(a.get("points"))));
    }

    private String account(Map<String, Object> a) {
        Object id = a.get("definitionId");
        String name = id instanceof Number n ? definitionNames.get(n.intValue()) : null;
        return name == null ? "" : name;
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    private static long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return value == null ? 0 : new BigDecimal(String.valueOf(value)).longValue();
        } catch (NumberFormatException notANumber) {
            return 0;
        }
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
    }

    private static String cut(String text) {
        return text.length() <= VALUE_CHARS_MAX ? text : text.substring(0, VALUE_CHARS_MAX - 1) + "…";
    }
}
