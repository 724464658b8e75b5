package dev.laurel.programs;

import dev.laurel.ledger.DefinitionPolicy;
import dev.laurel.programs.Program.PointDefinition;

/** Builds the ledger's view of a program's point definition. */
public final class DefinitionPolicies {

    private DefinitionPolicies() {}

    public static DefinitionPolicy of(Program program, PointDefinition definition) {
        return new DefinitionPolicy(definition.id(), definition.expiry() == null ? null : definition.expiry().monthsAfterEarn(),
                definition.allowNegative(), program.timezone());
    }
}
