package dev.laurel.api.v1;

import dev.laurel.api.Refuses;
import dev.laurel.programs.Caller;
import dev.laurel.sync.HistoryItem;
import dev.laurel.sync.PointMasterHistory;
import dev.laurel.sync.Reconciliation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The point master's side of a follower program: its points log, and how far Laurel's mirror drifts from it. */
@RestController
@Tag(name = "Point master")
class PointMasterController {

    private final PointMasterHistory history;
    private final Reconciliation reconciliation;

    PointMasterController(PointMasterHistory history, Reconciliation reconciliation) {
        this.history = history;
        this.reconciliation = reconciliation;
    }

    @GetMapping("/v1/members/{id}/point-master-history")
    @Refuses({"404 member-not-found", "502 point-master-error point-master-timeout point-master-invalid-response point-master-unavailable point-master-refused"})
    @Operation(operationId = "getPointMasterHistory", summary = "The point master's points log for a member", description = "Fetched live from `pointMaster.historyUrl` "
            + "(3 s timeout, outbound allow-list); `[]` when the member has no points there. A master that fails, hangs or "
            + "answers garbage: 502.")
    List<HistoryItem> history(Caller caller, @PathVariable UUID id) {
        return history.fetch(caller.programId(), id);
    }

    @GetMapping("/v1/members/{id}/reconciliation")
    @Refuses({"400 unknown-definition", "404 member-not-found", "502 point-master-error point-master-timeout point-master-invalid-response point-master-unavailable point-master-refused"})
    @Operation(operationId = "reconcilePoints", summary = "Compare a TRANSACTIONS follower account with the point master's log", description = "Transactions "
            + "missing on either side (matched on the second, amount and description) and the drift between the totals.")
    Reconciliation.Report reconcile(Caller caller, @PathVariable UUID id, @RequestParam int definitionId) {
        return reconciliation.reconcile(caller.programId(), id, definitionId);
    }
}
