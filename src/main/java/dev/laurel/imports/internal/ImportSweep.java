package dev.laurel.imports.internal;

import dev.laurel.imports.MemberImports;
import dev.laurel.platform.Sweep;
import dev.laurel.platform.SweepReport;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Applies received member imports, a bounded number of chunks per run; a chunk cut off is applied again whole. */
@Component
@Order(6)
class ImportSweep implements Sweep {

    static final int CHUNKS_PER_RUN_MAX = 50;

    private final MemberImports imports;

    ImportSweep(MemberImports imports) {
        this.imports = imports;
    }

    @Override
    public String name() {
        return "member-import";
    }

    @Override
    public SweepReport run(Optional<String> programId) {
        return SweepReport.of(name(), Sweep.inBatches(CHUNKS_PER_RUN_MAX, 1, () -> imports.applyNextChunk(programId)));
    }
}
