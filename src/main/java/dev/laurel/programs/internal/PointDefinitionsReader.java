package dev.laurel.programs.internal;

import dev.laurel.programs.Program.Escrow;
import dev.laurel.programs.Program.Expiry;
import dev.laurel.programs.Program.FollowerMode;
import dev.laurel.programs.Program.PointDefinition;
import dev.laurel.programs.Program.Purpose;
import dev.laurel.programs.Program.QualificationPeriod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The {@code pointDefinitions} section: ids unique, and what a follower definition may not have. */
final class PointDefinitionsReader {

    static final String ROLLING_MONTHS = "ROLLING_MONTHS";

    private PointDefinitionsReader() {}

    static List<PointDefinition> read(Fields program) {
        List<PointDefinition> definitions = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        for (Fields definition : program.objects("pointDefinitions")) {
            Integer id = definition.integer("id");
            if (id != null && !ids.add(id)) {
                definition.error("id", id + " is used by another point definition");
            }
            FollowerMode follower = definition.enumValue("follower", FollowerMode.class);
            Purpose purpose = definition.enumValue("purpose", Purpose.class);
            Expiry expiry = expiry(definition, follower);
            definitions.add(new PointDefinition(id == null ? 0 : id, definition.text("name"), definition.text("groupingLabel"),
                    purpose, escrow(definition, follower), expiry, follower, definition.flag("allowNegative"),
                    qualificationPeriod(definition, purpose, expiry, follower)));
        }
        return definitions;
    }

    private static Escrow escrow(Fields definition, FollowerMode follower) {
        Fields escrow = definition.object("escrow");
        if (escrow == null) {
            return null;
        }
        if (follower != null) {
            definition.error("escrow", "is not allowed on a follower definition: its point master sends validFrom");
        }
        Integer days = escrow.integer("days");
        return new Escrow(days == null ? 0 : days, escrow.text("accountName"));
    }

    /** CALENDAR_YEAR unless the document says {@code ROLLING_MONTHS: n}; only a TIER_QUALIFYING definition has one. */
    private static QualificationPeriod qualificationPeriod(Fields definition, Purpose purpose, Expiry expiry, FollowerMode follower) {
        if (!definition.has("qualificationPeriod")) {
            return purpose == Purpose.TIER_QUALIFYING ? QualificationPeriod.CALENDAR_YEAR : null;
        }
        if (purpose != Purpose.TIER_QUALIFYING) {
            definition.error("qualificationPeriod", "is only for a TIER_QUALIFYING point definition");
            return null;
        }
        Fields rolling = definition.node().get("qualificationPeriod").isObject() ? definition.object("qualificationPeriod") : null;
        if (rolling == null) {
            return QualificationPeriod.CALENDAR_YEAR;
        }
        Integer months = rolling.integer(ROLLING_MONTHS);
        if (months == null) {
            return null;
        }
        if (follower == FollowerMode.BALANCE) {
            definition.error("qualificationPeriod", ROLLING_MONTHS
                    + " is not allowed on a BALANCE follower definition: its point master sends the balance");
            return null;
        }
        if (expiry != null && expiry.monthsAfterEarn() != null) {
            definition.error("expiry", "cannot be given with qualificationPeriod " + ROLLING_MONTHS
                    + ": points that count for rolling months expire when they stop counting");
        }
        return new QualificationPeriod(months);
    }

    private static Expiry expiry(Fields definition, FollowerMode follower) {
        Fields expiry = definition.object("expiry");
        if (expiry == null) {
            return null;
        }
        if (follower == FollowerMode.BALANCE) {
            definition.error("expiry", "is not allowed on a BALANCE follower definition: its point master sends the balance");
        }
        Integer inactivity = expiry.integer("inactivityMonths");
        if (inactivity != null && follower != null) {
            expiry.error("inactivityMonths", "is not allowed on a follower definition: its point master decides when points expire");
        }
        return new Expiry(expiry.integer("monthsAfterEarn"), inactivity);
    }
}
