package dev.laurel.ledger.internal;

import dev.laurel.ledger.EarningCap;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Earning caps over an account's running totals: what it earned toward each cap in the current day and month, kept on
 * the account row ({@code cap_totals}) so that deciding a cap reads and writes nothing the posting does not already.
 * A total's key is {@code PERIOD|period|source} ({@code *} for a cap on every capped source); totals of periods that
 * have ended are dropped at the next capped earning, so an account keeps at most one day's and one month's.
 */
final class CapTotals {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<TreeMap<String, Long>> TOTALS = new TypeReference<>() {};

    private CapTotals() {}

    /** What a cap let through of an earning: {@code credited} + {@code capped} = the amount asked; the reason when capped. */
    record Decision(long credited, long capped, String reason) {}

    /**
     * Credits as much of {@code amount} as every cap that counts earnings of {@code source} still allows in the periods
     * of {@code now} (in {@code zone}), adds what it credits to those caps' totals, and says what was withheld and by
     * which cap (the one with the least left).
     */
    static Decision apply(Map<String, Long> totals, List<EarningCap> caps, String source, long amount, Instant now, ZoneId zone) {
        LocalDate day = LocalDate.ofInstant(now, zone);
        String dayPrefix = EarningCap.Period.DAY + "|" + day + "|";
        String monthPrefix = EarningCap.Period.MONTH + "|" + YearMonth.from(day) + "|";
        totals.keySet().removeIf(key -> !key.startsWith(dayPrefix) && !key.startsWith(monthPrefix));
        long allowed = amount;
        EarningCap binding = null;
        Set<String> counted = new LinkedHashSet<>();
        for (EarningCap cap : caps) {
            if (!cap.counts(source)) {
                continue;
            }
            String key = (cap.period() == EarningCap.Period.DAY ? dayPrefix : monthPrefix) + (cap.source() == null ? "*" : cap.source());
            counted.add(key);
            long left = Math.max(0, cap.points() - totals.getOrDefault(key, 0L));
            if (left < allowed) {
                allowed = left;
                binding = cap;
            }
        }
        long credited = allowed;
        for (String key : counted) {
            totals.merge(key, credited, Math::addExact);
        }
        if (binding == null) {
            return new Decision(amount, 0, null);
        }
        String reason = Character.toUpperCase(binding.describe().charAt(0)) + binding.describe().substring(1) + " reached";
        return new Decision(credited, amount - credited, reason);
    }

    static Map<String, Long> read(String json) {
        return json == null ? new TreeMap<>() : JSON.readValue(json, TOTALS);
    }

    static String write(Map<String, Long> totals) {
        return totals.isEmpty() ? null : JSON.writeValueAsString(totals);
    }
}
