package dev.laurel.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.campaigns.Campaigns;
import dev.laurel.earning.Purchases;
import dev.laurel.ledger.Actor;
import dev.laurel.ledger.Entry;
import dev.laurel.ledger.EntryKind;
import dev.laurel.redemption.CashOuts;
import dev.laurel.redemption.Redemptions;
import dev.laurel.tiers.Tiers;
import dev.laurel.timeline.Timeline;
import dev.laurel.timeline.TimelineEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

/** The console card's timeline sentences, from the real {@code card} bundle, without a database. */
class TimelineSentencesTest {

    static final Instant AT = Instant.parse("2026-12-02T15:00:00Z");
    static final UUID ENTRY = UUID.randomUUID();

    @Test
    void every_event_type_laurel_records_itself_reads_as_a_sentence_in_each_language() {
        List<TimelineEvent> own = List.of(
                own(Timeline.POINTS_EARNED, Map.of("definitionId", 1, "points", 500, "source", "Manual", "entryId", ENTRY.toString())),
                own(Timeline.POINTS_SPENT, Map.of("definitionId", 1, "points", -40, "source", "Redemption", "entryId", UUID.randomUUID().toString())),
                own(Timeline.POINTS_EXPIRED, Map.of("definitionId", 1, "points", -5, "source", "Expiry", "entryId", UUID.randomUUID().toString())),
                own(Timeline.POINTS_REVERSED, Map.of("definitionId", 1, "points", -500, "source", "Adjustment", "entryId", UUID.randomUUID().toString())),
                own(Timeline.POINTS_AVAILABLE, Map.of("definitionId", 1, "points", 120)),
                own(Timeline.POINTS_HELD, Map.of("definitionId", 1, "points", -200, "source", "Hold", "entryId", UUID.randomUUID().toString())),
                own(Timeline.POINTS_RELEASED, Map.of("definitionId", 1, "points", 200, "source", "Hold", "entryId", UUID.randomUUID().toString())),
                own(Purchases.EVENT_PURCHASED, Map.of("orderId", "A-1001", "amount", new BigDecimal("49.90"), "currency", "EUR", "points", 49)),
                own(Purchases.EVENT_RETURNED, Map.of("orderId", "A-1001", "amount", new BigDecimal("10"), "currency", "EUR")),
                own(Redemptions.EVENT_REWARD_REDEEMED, Map.of("rewardId", "free-coffee", "name", "Free coffee", "points", 500, "definitionId", 1)),
                own(Redemptions.EVENT_VOUCHER_REDEEMED, Map.of("voucherId", "v", "name", "Free coffee")),
                own(Redemptions.EVENT_VOUCHER_CANCELLED, Map.of("voucherId", "v", "name", "Free coffee", "points", 500)),
                own(Redemptions.EVENT_VOUCHER_EXPIRED, Map.of("voucherId", "v", "name", "Free coffee")),
                own(CashOuts.EVENT_CASHED_OUT, Map.of("period", "2030-03-31", "points", 2000, "amount", "20.00", "currency", "USD")),
                own(Tiers.EVENT_TIER_CHANGED, Map.of("from", "Base", "to", "Gold", "rank", 3, "reason", "UPGRADED", "qualifyingPoints", 10000)),
                own(Campaigns.EVENT_JOINED, Map.of("campaignId", "summer", "name", "Summer")),
                own(Campaigns.EVENT_COMPLETED, Map.of("campaignId", "summer", "name", "Summer", "points", 500)));

        for (Locale locale : Languages.SUPPORTED) {
            TimelineSentences sentences = sentences(locale);
            for (TimelineEvent e : own) {
                String line = sentences.sentence(e);
                assertThat(line).as(e.type() + " in " + locale).doesNotContain("{", "}", "=", "card.", e.type()).isNotBlank();
            }
        }
        TimelineSentences english = sentences(Locale.ENGLISH);
        assertThat(english.sentence(own.get(0))).isEqualTo("Earned 500 points: Goodwill, by Maria");
        assertThat(english.account(own.get(0))).isEqualTo("Spendable");
        assertThat(english.sentence(own.get(3))).isEqualTo("Took back 500 points");
        assertThat(english.sentence(own.get(7))).isEqualTo("Bought for 49.90 EUR, order A-1001, earning 49 points");
        assertThat(english.sentence(own.get(8))).isEqualTo("Returned 10.00 EUR of order A-1001");
        assertThat(english.sentence(own.get(13))).isEqualTo("Cashed out 2,000 points for 20.00 USD");
        assertThat(english.sentence(own.get(14))).isEqualTo("Reached Gold");
        assertThat(english.sentence(own.get(15))).isEqualTo("Joined campaign Summer");
        assertThat(sentences(Locale.forLanguageTag("sv")).sentence(own.get(7))).isEqualTo("Köpte för 49,90 EUR, order A-1001, och tjänade 49 poäng");
        assertThat(sentences(Locale.forLanguageTag("es")).sentence(own.get(14))).isEqualTo("Alcanzó el nivel Gold");
    }

    @Test
    void an_event_sent_through_the_api_reads_as_its_type_in_words_and_a_few_plain_attributes_never_a_raw_map() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("store", "Boston");
        attributes.put("basket", Map.of("items", 3));
        attributes.put("minutes", 12);
        attributes.put("staff", "Ann");
        attributes.put("extra", "not shown: three at most");
        TimelineEvent visit = new TimelineEvent(UUID.randomUUID(), UUID.randomUUID(), "storeVisit", AT, AT, attributes, "e-1", TimelineEvent.API);

        assertThat(sentences(Locale.ENGLISH).sentence(visit)).isEqualTo("Store visit: store: Boston · minutes: 12 · staff: Ann");
        assertThat(sentences(Locale.ENGLISH).sentence(new TimelineEvent(UUID.randomUUID(), UUID.randomUUID(), "app.opened", AT, AT, Map.of(),
                null, TimelineEvent.API))).isEqualTo("App opened");
        // An API event may reuse one of Laurel's type names: it still reads as sent, not as Laurel's own.
        assertThat(sentences(Locale.ENGLISH).sentence(new TimelineEvent(UUID.randomUUID(), UUID.randomUUID(), "purchased", AT, AT,
                Map.of("till", 4), null, TimelineEvent.API))).isEqualTo("Purchased: till: 4");
        assertThat(TimelineSentences.humanised("loyalty_card-scanned")).isEqualTo("Loyalty card scanned");
        assertThat(sentences(Locale.ENGLISH).sentence(new TimelineEvent(UUID.randomUUID(), UUID.randomUUID(), "note", AT, AT,
                Map.of("text", "y".repeat(200)), null, TimelineEvent.API))).hasSizeLessThan(80).endsWith("…");
    }

    private static TimelineEvent own(String type, Map<String, Object> attributes) {
        return new TimelineEvent(UUID.randomUUID(), UUID.randomUUID(), type, AT, AT, attributes, null, TimelineEvent.LAUREL);
    }

    private static TimelineSentences sentences(Locale locale) {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasenames("i18n/card");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        Entry goodwill = new Entry(ENTRY, UUID.randomUUID(), UUID.randomUUID(), 1, 1, EntryKind.EARN, "Manual", 500, "Goodwill", null, null,
                Actor.user("u-1", "Maria"), AT, AT, null, null, null, false);
        return new TimelineSentences(messages, new Formats(locale, ZoneId.of("America/New_York")), Map.of(1, "Spendable"), Map.of(ENTRY, goodwill));
    }
}
