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
}
