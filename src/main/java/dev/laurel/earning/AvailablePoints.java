package dev.laurel.earning;

import dev.laurel.ledger.PointAccount;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.Purpose;
import java.util.List;

/** A member's "available points" as the program's {@code availablePoints} setting defines them: spendable, or spendable plus escrow. */
public final class AvailablePoints {

    private AvailablePoints() {}

    public static long of(Program program, List<PointAccount> accounts) {
        long total = 0;
        for (PointAccount a : accounts) {
            boolean spendable = program.definition(a.definitionId()).map(d -> d.purpose() == Purpose.SPENDABLE).orElse(false);
            if (spendable) {
                total = Math.addExact(total, a.balance());
                if (program.availablePoints() == Program.AvailablePoints.SPENDABLE_PLUS_ESCROW) {
                    total = Math.addExact(total, a.pending());
                }
            }
        }
        return total;
    }
}
