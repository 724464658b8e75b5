package dev.laurel.api.v1;

import dev.laurel.api.Cursors;
import dev.laurel.api.Refuses;
import dev.laurel.earning.Adjustment;
import dev.laurel.earning.Adjustments;
import dev.laurel.earning.MemberPoints;
import dev.laurel.earning.PointsOverview;
import dev.laurel.ledger.Actor;
import dev.laurel.ledger.Entry;
import dev.laurel.ledger.EntryNotFound;
import dev.laurel.ledger.EntryPage.LogPosition;
import dev.laurel.ledger.EntryPage;
import dev.laurel.ledger.Ledger;
import dev.laurel.ledger.LedgerCheck;
import dev.laurel.ledger.PostedEntry;
import dev.laurel.members.MemberId;
import dev.laurel.members.Members;
import dev.laurel.platform.Dates;
import dev.laurel.platform.JsonFields;
import dev.laurel.platform.Validation;
import dev.laurel.programs.Caller;
import dev.laurel.programs.Programs;
import dev.laurel.programs.UnknownDefinition;
import dev.laurel.redemption.RedemptionChecks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** A member's point accounts, points log, adjustments and reversals; and the ledger check. */
@RestController
@Tag(name = "Points")
class PointsController {

    private final Programs programs;
    private final Members members;
    private final Ledger ledger;
    private final Adjustments adjustments;
    private final MemberPoints memberPoints;
    private final RedemptionChecks redemptionChecks;

    PointsController(Programs programs, Members members, Ledger ledger, Adjustments adjustments, MemberPoints memberPoints,
            RedemptionChecks redemptionChecks) {
        this.programs = programs;
        this.members = members;
        this.ledger = ledger;
        this.adjustments = adjustments;
        this.memberPoints = memberPoints;
        this.redemptionChecks = redemptionChecks;
    }

    record AccountView(int definitionId, String name, long balance, long pending, long held, long lifetimeEarned, long lifetimeSpent,
            long expired, List<ExpiringView> expiring) {}

    record ExpiringView(LocalDate date, long points) {}

    record LogView(List<Entry> items, String nextCursor) {}

    @GetMapping("/v1/members/{id}/point-accounts")
    @Refuses("404 member-not-found")
    @Operation(operationId = "listPointAccounts", summary = "A member's point accounts", description = "One per point definition of the program (zeros where "
            + "the member has no account yet): balance (active, spendable), pending, held (taken out of the balance by pending holds at "
            + "the till), lifetime figures, and active points by expiry date.")
    List<AccountView> accounts(Caller caller, @PathVariable UUID id) {
        members.get(caller.programId(), MemberId.of(id));
        PointsOverview overview = memberPoints.overview(programs.get(caller.programId()), id);
        return overview.accounts().stream().map(a -> new AccountView(a.definitionId(), a.name(), a.balance(), a.pending(), a.held(),
                a.lifetimeEarned(), a.lifetimeSpent(), a.expired(),
                a.expiring().stream().map(b -> new ExpiringView(b.expirationDate(), b.points())).toList())).toList();
    }

    @GetMapping("/v1/members/{id}/points-log")
    @Refuses({"400 unknown-definition", "404 member-not-found"})
    @Operation(operationId = "getPointsLog", summary = "A member's points log", description = "Ledger entries, newest first; `definitionId` filters; "
            + "`limit` 1..500 (default 50); pass `nextCursor` back as `cursor`.")
    LogView log(Caller caller, @PathVariable UUID id, @RequestParam(required = false) Integer definitionId,
            @RequestParam(required = false) String cursor, @RequestParam(defaultValue = "50") int limit) {
        Validation v = new Validation();
        if (limit < 1 || limit > Ledger.LOG_LIMIT_MAX) {
            v.add("limit", "must be between 1 and " + Ledger.LOG_LIMIT_MAX);
        }
        LogPosition after = cursor == null ? null : decode(cursor, v);
        v.throwIfInvalid();
        members.get(caller.programId(), MemberId.of(id));
        if (definitionId != null && programs.get(caller.programId()).definition(definitionId).isEmpty()) {
            throw new UnknownDefinition("definitionId", definitionId);
        }
        EntryPage page = ledger.log(caller.programId(), id, definitionId, after, limit);
        return new LogView(page.entries(), page.next() == null ? null : encode(page.next()));
    }

    @GetMapping("/v1/members/{id}/points-log/{entryId}")
    @Refuses("404 member-not-found entry-not-found")
    @Operation(operationId = "getPointsLogEntry", summary = "One entry of a member's points log")
    Entry entry(Caller caller, @PathVariable UUID id, @PathVariable UUID entryId) {
        members.get(caller.programId(), MemberId.of(id));
        return ledger.entry(caller.programId(), id, entryId).orElseThrow(() -> new EntryNotFound(entryId.toString()));
    }

    @PostMapping("/v1/members/{id}/adjustments")
    @Operation(operationId = "adjustPoints", summary = "Adjust a member's points", description = """
            Body: `definitionId`, `amount` (non-zero integer), `description` (the member sees it), optional `note` (internal: \
            shown to operators in the console, never on the member's rewards page nor in the points log), `source` (`Manual` with `userId`, `userName`; \
            or `Automation` with `reason`, `processId`, `workflowId`, `workflowName`). On a definition Laurel masters it is \
            applied: 201 with the entry and the expiration buckets it changed. A deduction larger than the balance is 409 \
            `insufficient-points` unless the definition allows a negative balance. On a follower definition it is not \
            applied: 202 with the id of the webhook event that carries it to the point master (see /v1/webhooks/deliveries). \
            Honours `Idempotency-Key`.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = PointsAdjustment.class), examples = {
                            @ExampleObject(name = "manual", summary = "Goodwill by an operator", value = """
                                    {"definitionId": 1, "amount": 250, "description": "Goodwill", "note": "Parcel lost, ticket 4411", "source": "Manual",
                                     "userId": "u-17", "userName": "Maria Operator"}"""),
                            @ExampleObject(name = "automation", summary = "A birthday bonus from a workflow", value = """
                                    {"definitionId": 1, "amount": 100, "description": "Birthday bonus", "source": "Automation",
                                     "reason": "Birthday", "processId": "p-1", "workflowId": "w-1", "workflowName": "Birthday bonus"}""")})),
            responses = {
                    @ApiResponse(responseCode = "201", description = "Applied: the entry and the buckets it changed, at `Location`",
                            content = @Content(schema = @Schema(implementation = PostedEntry.class))),
                    @ApiResponse(responseCode = "202", description = "On a follower definition: sent to the point master",
                            content = @Content(schema = @Schema(implementation = SentToPointMaster.class)))})
    @Refuses({"400 unknown-definition", "404 member-not-found", "409 insufficient-points", "422 points-overflow",
            "502 point-master-error point-master-unavailable"})
    ResponseEntity<Object> adjust(Caller caller, @PathVariable UUID id, @RequestBody JsonNode body) {
        Validation v = new Validation();
        JsonFields f = JsonFields.root(body, v, "(body)");
        if (f == null) {
            v.throwIfInvalid();
        }
        f.allowOnly("definitionId", "amount", "description", "note", "source", "userId", "userName", "reason", "processId",
                "workflowId", "workflowName");
        Long definitionId = f.integer("definitionId", true, 1, Integer.MAX_VALUE);
        Long amount = f.integer("amount", true, -Adjustments.AMOUNT_MAX, Adjustments.AMOUNT_MAX);
        String description = f.text("description", false, Adjustments.DESCRIPTION_CHARS_MAX);
        String note = f.text("note", false, Adjustments.NOTE_CHARS_MAX);
        String source = f.text("source", true, 100);
        int actorMax = Adjustments.ACTOR_FIELD_CHARS_MAX;
        Actor actor = new Actor(f.text("userId", false, actorMax), f.text("userName", false, actorMax), f.text("reason", false, actorMax),
                f.text("processId", false, actorMax), f.text("workflowId", false, actorMax), f.text("workflowName", false, actorMax));
        v.throwIfInvalid();
        Adjustments.Outcome outcome = adjustments.apply(caller.programId(),
                new Adjustment(id, definitionId.intValue(), amount, description, source, actor, note));
        if (outcome instanceof Adjustments.Forwarded forwarded) {
            return ResponseEntity.accepted().location(URI.create("/v1/webhooks/deliveries/" + forwarded.webhookEventId()))
                    .body(new SentToPointMaster("SENT_TO_POINT_MASTER", forwarded.webhookEventId(),
                            "Not applied here: the point master applies it and sends it back with its next sync."));
        }
        PostedEntry posted = ((Adjustments.Applied) outcome).posted();
        return ResponseEntity.created(URI.create("/v1/members/" + id + "/points-log/" + posted.entry().id())).body(posted);
    }

    /** The answer for an adjustment on a follower definition. */
    record SentToPointMaster(@Schema(example = "SENT_TO_POINT_MASTER") String status, UUID webhookEventId, String detail) {}

    /** The body of {@code POST /v1/members/{id}/adjustments}, for the document (the handler reads the JSON itself). */
    @Schema(description = "`source` `Manual` with `userId` and `userName`, or `Automation` with `reason`, `processId`, `workflowId`, "
            + "`workflowName`.")
    record PointsAdjustment(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) int definitionId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Non-zero; negative deducts") long amount,
            @Schema(description = "What the member sees") String description,
            @Schema(description = "Internal, for operators: shown in the console, never to the member; not sent to a point master",
                    maxLength = Adjustments.NOTE_CHARS_MAX) String note,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Manual") String source,
            String userId, String userName, String reason, String processId, String workflowId, String workflowName) {}

    /** The body of {@code POST /v1/members/{id}/reversals}, for the document. */
    record Reversal(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) UUID entryId,
            @Schema(description = "Default: all that is left to reverse") Long amount, String description, String userId, String userName) {}

    @PostMapping("/v1/members/{id}/reversals")
    @Operation(summary = "Reverse an entry, wholly or in part", description = """
            Body: `entryId`, optional `amount` (default: all that is left to reverse), `description`. An earning's points \
            are taken back (from its own lot, then the balance); a spend's are given back to the lots they came from. \
            Expiries and reversals cannot be reversed (409 `not-reversible`). Honours `Idempotency-Key`.""",
            operationId = "reverseEntry",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = Reversal.class),
                    examples = @ExampleObject(value = "{\"entryId\": \"45601bf3-6d2a-4318-8842-affc38f563ba\", \"amount\": 50, \"description\": \"Returned item\"}"))),
            responses = @ApiResponse(responseCode = "201", description = "The reversal entry and the buckets it changed, at `Location`"))
    @Refuses({"404 member-not-found entry-not-found", "409 not-reversible insufficient-points", "422 points-overflow"})
    ResponseEntity<PostedEntry> reverse(Caller caller, @PathVariable UUID id, @RequestBody JsonNode body) {
        Validation v = new Validation();
        JsonFields f = JsonFields.root(body, v, "(body)");
        if (f == null) {
            v.throwIfInvalid();
        }
        f.allowOnly("entryId", "amount", "description", "userId", "userName");
        UUID entryId = f.uuid("entryId", true);
        Long amount = f.integer("amount", false, 1, Adjustments.AMOUNT_MAX);
        String description = f.text("description", false, Adjustments.DESCRIPTION_CHARS_MAX);
        int actorMax = Adjustments.ACTOR_FIELD_CHARS_MAX;
        Actor actor = f.has("userId") || f.has("userName") ? Actor.user(f.text("userId", false, actorMax), f.text("userName", false, actorMax)) : null;
        v.throwIfInvalid();
        PostedEntry posted = adjustments.reverse(caller.programId(), id, entryId, amount, description, actor);
        return ResponseEntity.created(URI.create("/v1/members/" + id + "/points-log/" + posted.entry().id())).body(posted);
    }

    /** The ledger's check and the redemption module's, as one answer. */
    record Verification(long accountsChecked, long rewardsChecked, long mismatches, List<LedgerCheck.Mismatch> details) {}

    @GetMapping("/v1/admin/ledger/verify")
    @Operation(operationId = "verifyLedger", summary = "Recompute every account of the program from its entries, lots and holds; rewards and cash-outs from their vouchers",
            description = """
                    `mismatches` is 0 when every cached figure agrees; `details` lists up to 100 that do not. Checked: each                     account's balance, pending, held (= its pending holds), lifetime figures and entry count against its                     entries and lots; each lot against its movements; each hold against its entries; each reward's units                     issued against its vouchers and its stock; each cash-out run against its conversions.""")
    Verification verify(Caller caller) {
        LedgerCheck ledgerCheck = ledger.check(caller.programId());
        RedemptionChecks.Check redemption = redemptionChecks.check(caller.programId());
        List<LedgerCheck.Mismatch> details = new ArrayList<>(ledgerCheck.details());
        redemption.mismatches().stream().limit(Math.max(0, LedgerCheck.DETAILS_MAX - details.size())).forEach(details::add);
        return new Verification(ledgerCheck.accountsChecked(), redemption.rewardsChecked(),
                ledgerCheck.mismatches() + redemption.mismatches().size(), details);
    }

    private static String encode(LogPosition p) {
        return Cursors.encode("points-log", p.recordedAt(), p.definitionId(), p.seq());
    }

    private static LogPosition decode(String cursor, Validation v) {
        String[] parts = Cursors.decode(cursor, "points-log", 3, v);
        try {
            return parts == null ? null : new LogPosition(Dates.instant(parts[0]), Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
        } catch (RuntimeException e) {
            v.add("cursor", "is not a cursor this API gave out");
            return null;
        }
    }
}
