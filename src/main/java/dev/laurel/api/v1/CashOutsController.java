package dev.laurel.api.v1;

import dev.laurel.api.Cursors;
import dev.laurel.api.Refuses;
import dev.laurel.platform.Validation;
import dev.laurel.programs.Caller;
import dev.laurel.redemption.CashOutRun;
import dev.laurel.redemption.CashOuts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Cash-out runs: one per period of the program's {@code cashOut}. */
@RestController
@Tag(name = "Rewards and vouchers")
class CashOutsController {

    private final CashOuts cashOuts;

    CashOutsController(CashOuts cashOuts) {
        this.cashOuts = cashOuts;
    }

    record RunList(List<CashOutRun> items, String nextCursor) {}

    @GetMapping("/v1/cash-outs")
    @Operation(operationId = "listCashOuts", summary = "The program's cash-out runs", description = """
            The latest period first: `period` (its last day), `status` (`RUNNING` or `DONE`), the terms it runs by \
            (`definitionId`, `step`, `stepValue`, `threshold`), `membersConverted`, `points` and `value` so far, \
            `startedAt`, `finishedAt`. `limit` 1..100 (default 20); pass `nextCursor` back as `cursor`.""")
    RunList runs(Caller caller, @RequestParam(required = false) String cursor, @RequestParam(defaultValue = "20") int limit) {
        Validation v = new Validation();
        Cursors.checkLimit(limit, CashOuts.PAGE_LIMIT_MAX, v);
        LocalDate before = Cursors.position(cursor, "cash-outs", 1, v, p -> LocalDate.parse(p[0]));
        v.throwIfInvalid();
        CashOuts.RunPage page = cashOuts.runs(caller.programId(), before, limit);
        return new RunList(page.runs(), page.nextBefore() == null ? null : Cursors.encode("cash-outs", page.nextBefore()));
    }

    @GetMapping("/v1/cash-outs/{period}")
    @Refuses("404 cash-out-not-found")
    @Operation(operationId = "getCashOut", summary = "One cash-out run", description = "`period` is the period's last day, such as 2026-03-31. 404 `cash-out-not-found`.")
    CashOutRun run(Caller caller, @PathVariable LocalDate period) {
        return cashOuts.run(caller.programId(), period);
    }
}
