package dev.laurel.tiers;

import dev.laurel.platform.Problem;

public final class NoTierSystem extends Problem {
    public NoTierSystem(String programId) {
        super(404, "no-tier-system", "No tier system", "Program '" + programId + "' has no tier system.");
    }
}
