package dev.laurel.earning.internal;

import dev.laurel.ledger.Ledger;
import dev.laurel.platform.Sweep;
import dev.laurel.platform.SweepReport;
import dev.laurel.programs.DefinitionPolicies;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.PointDefinition;
import dev.laurel.programs.Programs;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Expires what members still have on a definition with {@code expiry.inactivityMonths} once they have neither earned
 * nor spent on it for that long: per definition, in batches of accounts claimed with SKIP LOCKED (any number of nodes
 * may run it), one {@code Inactivity} expiry entry per member. Runs after the points sweep, so pending points that
 * became active are active by then (and expire too if the member is still inactive).
 */
@Component
@Order(12)
class InactivityExpirySweep implements Sweep {

    static final int ACCOUNTS_PER_BATCH = 500;
    static final int BATCHES_PER_DEFINITION_MAX = 20;
    static final int PROGRAMS_PER_RUN_MAX = 1000;
    static final String PROGRAMS_WITH_INACTIVITY = "$.pointDefinitions[*].expiry.inactivityMonths";

    private final Programs programs;
    private final Ledger ledger;

    InactivityExpirySweep(Programs programs, Ledger ledger) {
        this.programs = programs;
        this.ledger = ledger;
    }

    @Override
    public String name() {
        return "points-inactivity-expiry";
    }

    @Override
    public SweepReport run(Optional<String> programId) {
        List<String> ids = programId.map(List::of).orElseGet(() -> programs.idsMatching(PROGRAMS_WITH_INACTIVITY, PROGRAMS_PER_RUN_MAX));
        long[] totals = new long[2];
        for (String id : ids) {
            Optional<Program> program = programs.find(id);
            if (program.isEmpty()) {
                continue;
            }
            for (PointDefinition definition : program.get().pointDefinitions()) {
                Integer months = definition.expiry() == null ? null : definition.expiry().inactivityMonths();
                if (months == null || !definition.master()) {
                    continue;
                }
                totals[0] += Sweep.inBatches(BATCHES_PER_DEFINITION_MAX, ACCOUNTS_PER_BATCH, () -> {
                    Map<UUID, Long> expired = ledger.expireInactive(id, DefinitionPolicies.of(program.get(), definition), months,
                            ACCOUNTS_PER_BATCH);
                    totals[1] += expired.values().stream().mapToLong(Long::longValue).sum();
                    return expired.size();
                });
            }
        }
        return new SweepReport(name(), totals[0], Map.of("accounts", totals[0], "points", totals[1]));
    }
}
