package dev.laurel.programs.internal;

import dev.laurel.programs.Program.FollowerMode;
import dev.laurel.programs.Program.PointDefinition;
import dev.laurel.programs.Program.Purpose;
import dev.laurel.programs.Program.TierDowngrade;
import dev.laurel.programs.Program.TierExpiry;
import dev.laurel.programs.Program.TierLevel;
import dev.laurel.programs.Program.TierSystem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code tierSystem} section: the qualifying definition exists and can qualify, level names and
 * ranks are unique, rank 0 has no threshold and every other rank has one, and thresholds rise with
 * rank from 0. A level's {@code expires} is a name or {@code { MONTHS_AFTER_ENTRY: n }}; rank 0 has no expiry and no
 * downgrade (nobody moves down from it).
 */
final class TierSystemReader {

    static final String MONTHS_AFTER_ENTRY = "MONTHS_AFTER_ENTRY";

    private TierSystemReader() {}

    static TierSystem read(Fields tiers, List<PointDefinition> definitions) {
        if (tiers == null) {
            return null;
        }
        Integer qualifying = tiers.integer("qualifyingPointDefinition");
        if (qualifying != null) {
            checkQualifying(tiers, definitions, qualifying);
        }
        List<TierLevel> levels = levels(tiers);
        List<TierLevel> ranked = levels.stream().filter(l -> l.threshold() != null)
                .sorted(Comparator.comparingInt(TierLevel::rank)).toList();
        if (tiers.has("levels") && ranked.stream().noneMatch(l -> l.threshold() == 0)) {
            tiers.error("levels", "must have a level with threshold 0, where opted-in members start");
        }
        for (int i = 1; i < ranked.size(); i++) {
            if (ranked.get(i).threshold() <= ranked.get(i - 1).threshold()) {
                tiers.error("levels", "thresholds must rise with rank: " + ranked.get(i).name()
                        + " (rank " + ranked.get(i).rank() + ") needs more than " + ranked.get(i - 1).name());
            }
        }
        return new TierSystem(tiers.text("name"), qualifying == null ? 0 : qualifying, levels,
                tiers.enumValue("downgrade", TierDowngrade.class));
    }

    private static void checkQualifying(Fields tiers, List<PointDefinition> definitions, int qualifying) {
        Optional<PointDefinition> definition = definitions.stream().filter(d -> d.id() == qualifying).findFirst();
        if (definition.isEmpty()) {
            tiers.error("qualifyingPointDefinition", "names no point definition of this program (was " + qualifying + ")");
        } else if (definition.get().follower() == FollowerMode.BALANCE) {
            tiers.error("qualifyingPointDefinition",
                    "may not be a BALANCE follower definition: a balance-only sync carries no history to qualify on");
        } else if (definition.get().purpose() != Purpose.TIER_QUALIFYING) {
            tiers.error("qualifyingPointDefinition", "must be a TIER_QUALIFYING point definition");
        }
    }

    private static List<TierLevel> levels(Fields tiers) {
        List<TierLevel> levels = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<Integer> ranks = new HashSet<>();
        for (Fields level : tiers.objects("levels")) {
            String name = level.text("name");
            if (name != null && !names.add(name)) {
                level.error("name", "'" + name + "' is used by another level");
            }
            Integer rank = level.integer("rank");
            if (rank != null && !ranks.add(rank)) {
                level.error("rank", rank + " is used by another level");
            }
            if (rank != null && rank == 0) {
                for (String field : List.of("threshold", "expires", "downgrade")) {
                    if (level.has(field)) {
                        level.error(field, "is not allowed on rank 0, the level of members who are not opted in");
                    }
                }
            } else if (rank != null && !level.has("threshold")) {
                level.error("threshold", "is required on every level above rank 0");
            }
            Fields months = level.has("expires") && level.node().get("expires").isObject() ? level.object("expires") : null;
            Integer expiresMonths = months == null ? null : months.integer(MONTHS_AFTER_ENTRY);
            TierExpiry expires = months != null ? TierExpiry.MONTHS_AFTER_ENTRY : level.enumValue("expires", TierExpiry.class);
            levels.add(new TierLevel(name, rank == null ? -1 : rank, level.longInteger("threshold"),
                    expires == null || (expires == TierExpiry.MONTHS_AFTER_ENTRY && expiresMonths == null) ? TierExpiry.NEVER : expires,
                    expiresMonths, level.enumValue("downgrade", TierDowngrade.class), level.texts("benefits"),
                    level.decimal("earningMultiplier")));
        }
        return levels;
    }
}
