package dev.laurel.programs.internal;

import dev.laurel.programs.Program.Escrow;
import dev.laurel.programs.Program.Expiry;
import dev.laurel.programs.Program.FollowerMode;
import dev.laurel.programs.Program.PointDefinition;
import dev.laurel.programs.Program.Purpose;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The {@code pointDefinitions} section: ids unique, and what a follower definition may not have. */
final class PointDefinitionsReader {

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
            definitions.add(new PointDefinition(id == null ? 0 : id, definition.text("name"), definition.text("groupingLabel"),
                    definition.enumValue("purpose", Purpose.class), escrow(definition, follower), expiry(definition, follower),
                    follower, definition.flag("allowNegative")));
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

    private static Expiry expiry(Fields definition, FollowerMode follower) {
        Fields expiry = definition.object("expiry");
        if (expiry == null) {
            return null;
        }
        if (follower == FollowerMode.BALANCE) {
            definition.error("expiry", "is not allowed on a BALANCE follower definition: its point master sends the balance");
        }
        Integer months = expiry.integer("monthsAfterEarn");
        return new Expiry(months == null ? 0 : months);
    }
}
