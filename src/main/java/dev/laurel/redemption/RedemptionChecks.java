package dev.laurel.redemption;

import dev.laurel.ledger.LedgerCheck.Mismatch;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.CatalogueReward;
import dev.laurel.programs.Programs;
import dev.laurel.redemption.internal.CashOutStore;
import dev.laurel.redemption.internal.StockStore;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The redemption module's part of {@code GET /v1/admin/ledger/verify}: for each reward, the units issued equal its
 * vouchers that hold one (all but cancelled ones) and never exceed its stock, and the pool codes handed out equal its
 * vouchers with a pool code; for each cash-out run, its counters equal its conversions.
 */
@Service
public class RedemptionChecks {

    private final Programs programs;
    private final StockStore stock;
    private final CashOutStore cashOuts;
    private final TransactionTemplate tx;

    RedemptionChecks(Programs programs, StockStore stock, CashOutStore cashOuts, TransactionTemplate tx) {
        this.programs = programs;
        this.stock = stock;
        this.cashOuts = cashOuts;
        this.tx = tx;
    }

    /** What was checked and what disagrees (figures named {@code reward <id> <figure>} and {@code cashOut <period> <figure>}). */
    public record Check(long rewardsChecked, List<Mismatch> mismatches) {}

    public Check check(String programId) {
        Program program = programs.get(programId);
        return tx.execute(status -> {
            List<Mismatch> found = new ArrayList<>();
            for (Object[] m : stock.mismatches(programId)) {
                int definitionId = program.reward((String) m[0]).map(CatalogueReward::pointDefinition).orElse(0);
                found.add(new Mismatch(null, definitionId, "reward " + m[0] + " " + m[1], (Long) m[2], (Long) m[3]));
            }
            Map<String, Long> issued = stock.issued(programId);
            for (CatalogueReward r : program.rewards()) {
                long units = issued.getOrDefault(r.id(), 0L);
                if (r.stock() != null && units > r.stock()) {
                    found.add(new Mismatch(null, r.pointDefinition(), "reward " + r.id() + " issuedWithinStock", units, r.stock()));
                }
            }
            for (Object[] m : cashOuts.mismatches(programId)) {
                found.add(new Mismatch(null, program.cashOut() == null ? 0 : program.cashOut().pointDefinition(),
                        "cashOut " + (LocalDate) m[0] + " " + m[1], (Long) m[2], (Long) m[3]));
            }
            return new Check(program.rewards().size(), found);
        });
    }
}
