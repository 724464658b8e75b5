package dev.laurel.programs;

import dev.laurel.platform.Problem;

public final class ProgramNotFound extends Problem {
    public ProgramNotFound(String programId) {
        super(404, "program-not-found", "Program not found", "No program '" + programId + "'.");
    }
}
