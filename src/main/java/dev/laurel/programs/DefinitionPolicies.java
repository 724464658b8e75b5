package dev.laurel.programs;

import dev.laurel.ledger.DefinitionPolicy;
import dev.laurel.programs.Program.PointDefinition;
import dev.laurel.programs.Program.QualificationPeriod;

/** Builds the ledger's view of a program's point definition. */
public final class DefinitionPolicies {

    private DefinitionPolicies() {}

    /** A definition whose points count for rolling months expires each earning that many months after it was earned. */
    public static DefinitionPolicy of(Program program, PointDefinition definition) {
        QualificationPeriod period = definition.qualificationPeriod();
        Integer expiryMonths = period != null && !period.calendarYear() ? period.rollingMonths()
                : definition.expiry() == null ? null : definition.expiry().monthsAfterEarn();
        return new DefinitionPolicy(definition.id(), expiryMonths, definition.allowNegative(), program.timezone());
    }

    /**
     * {@link #of}, with the program's earning caps that apply to the definition: for earnings a cap counts (purchases,
     * partner points, campaign rewards), never for an operator's adjustment, an import or what a point master sends.
     */
    public static DefinitionPolicy capped(Program program, PointDefinition definition) {
        DefinitionPolicy policy = of(program, definition);
        if (program.earning() == null || !definition.master()) {
            return policy;
        }
        return policy.cappedBy(program.earning().caps().stream()
                .filter(c -> c.pointDefinition() == null || c.pointDefinition() == definition.id()).map(Program.Cap::asLedgerCap).toList());
    }
}
