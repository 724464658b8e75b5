package dev.laurel.programs.internal;

import dev.laurel.ledger.EarningCap;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.Earning;
import dev.laurel.programs.Program.EarningRule;
import dev.laurel.programs.Program.PointDefinition;
import dev.laurel.programs.Program.Rounding;
import dev.laurel.programs.Program.RuleEffect;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code earning} section: each rule selects by sku or by category (one of them) and has exactly one effect; a
 * category it names is one of {@code categories}; no two rules select the same sku or category (which one would apply
 * is then never a question of order).
 */
final class EarningReader {

    /** A rule's effects, by their field in the document. */
    private static final Map<String, RuleEffect> EFFECTS = effects();

    private EarningReader() {}

    private static Map<String, RuleEffect> effects() {
        Map<String, RuleEffect> effects = new LinkedHashMap<>();
        effects.put("pointsPerCurrencyUnit", RuleEffect.POINTS_PER_CURRENCY_UNIT);
        effects.put("multiplier", RuleEffect.MULTIPLIER);
        effects.put("fixedPoints", RuleEffect.FIXED_POINTS);
        effects.put("exclude", RuleEffect.EXCLUDE);
        return effects;
    }

    static Earning read(Fields earning, List<PointDefinition> definitions) {
        if (earning == null) {
            return null;
        }
        List<String> categories = earning.texts("categories");
        List<EarningRule> rules = new ArrayList<>();
        Map<String, String> skus = new HashMap<>();
        Map<String, String> categoryRules = new HashMap<>();
        List<Fields> ruleFields = earning.objects("rules");
        for (int i = 0; i < ruleFields.size(); i++) {
            Fields rule = ruleFields.get(i);
            String where = earning.field("rules") + "[" + i + "]";
            EarningRule read = rule(rule, categories, earning.has("categories"), skus, categoryRules, where);
            if (read != null) {
                rules.add(read);
            }
        }
        Rounding rounding = earning.enumValue("rounding", Rounding.class);
        return new Earning(earning.decimal("pointsPerCurrencyUnit"), categories, rules, earning.decimal("minimumOrderAmount"),
                rounding == null ? Rounding.FLOOR : rounding, caps(earning, definitions));
    }

    /** {@code earning.caps}: a cap's {@code pointDefinition}, when given, must be one Laurel masters. */
    private static List<Program.Cap> caps(Fields earning, List<PointDefinition> definitions) {
        List<Program.Cap> caps = new ArrayList<>();
        for (Fields cap : earning.objects("caps")) {
            Integer definitionId = cap.integer("pointDefinition");
            if (definitionId != null && definitions.stream().noneMatch(d -> d.id() == definitionId && d.master())) {
                cap.error("pointDefinition", "names no point definition Laurel masters in this program (was " + definitionId + ")");
            }
            EarningCap.Period period = cap.enumValue("period", EarningCap.Period.class);
            Long points = cap.longInteger("points");
            if (period != null && points != null && points >= 1) {
                caps.add(new Program.Cap(period, points, cap.text("source"), definitionId));
            }
        }
        return caps;
    }

    private static EarningRule rule(Fields rule, List<String> categories, boolean declared, Map<String, String> skus,
            Map<String, String> categoryRules, String where) {
        String sku = rule.text("sku");
        String category = rule.text("category");
        boolean bySku = rule.has("sku");
        boolean byCategory = rule.has("category");
        if (!bySku && !byCategory) {
            rule.errorOnWhole("must select items by sku or by category");
        } else if (bySku && byCategory) {
            rule.errorOnWhole("selects by sku or by category, not both");
        }
        if (category != null && !categories.contains(category)) {
            rule.error("category", declared ? "'" + category + "' is not one of earning.categories"
                    : "'" + category + "' is not declared: list it in earning.categories");
        }
        if (sku != null && !byCategory) {
            String first = skus.putIfAbsent(sku, where);
            if (first != null) {
                rule.error("sku", "'" + sku + "' already has a rule (" + first + ")");
            }
        }
        if (category != null && !bySku) {
            String first = categoryRules.putIfAbsent(category, where);
            if (first != null) {
                rule.error("category", "'" + category + "' already has a rule (" + first + ")");
            }
        }
        List<String> given = EFFECTS.keySet().stream().filter(rule::has).toList();
        if (given.isEmpty()) {
            rule.errorOnWhole("must have one effect: pointsPerCurrencyUnit, multiplier, fixedPoints or exclude");
            return null;
        }
        if (given.size() > 1) {
            rule.errorOnWhole("has " + given.size() + " effects (" + String.join(", ", given) + "): give one");
            return null;
        }
        RuleEffect effect = EFFECTS.get(given.get(0));
        BigDecimal value = switch (effect) {
            case POINTS_PER_CURRENCY_UNIT -> rule.decimal("pointsPerCurrencyUnit");
            case MULTIPLIER -> rule.decimal("multiplier");
            case FIXED_POINTS -> rule.decimal("fixedPoints");
            case EXCLUDE -> null;
        };
        String name = rule.text("name");
        if (name == null) {
            name = bySku ? "sku " + sku : "category " + category;
        }
        return new EarningRule(name, bySku ? sku : null, bySku ? null : category, effect, value);
    }
}
