package dev.laurel.api.engage;

import dev.laurel.api.Refuses;
import dev.laurel.programs.Caller;
import dev.laurel.sync.BalanceImport;
import dev.laurel.sync.BalanceSyncs;
import dev.laurel.sync.TooManyItems;
import dev.laurel.sync.TransactionSyncs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Engage's point-follower API, verbatim: the point master sends balances or transactions.
 * Thin: parse, call the sync module, answer in Engage's shape.
 */
@RestController
@Tag(name = "Engage point follower")
class PointAccountsController {

    private final BalanceSyncs balances;
    private final TransactionSyncs transactions;

    PointAccountsController(BalanceSyncs balances, TransactionSyncs transactions) {
        this.balances = balances;
        this.transactions = transactions;
    }

    /** A balance sync, stored: its id for the status call. */
    @Schema(name = "EngageBalancesQueued")
    record Queued(UUID id) {}

    /** A transaction sync, applied. */
    @Schema(name = "EngageTransactionsAccepted")
    record Accepted(UUID id, int items) {}

    @Schema(name = "EngageStatusMessage")
    record StatusMessage(String message, Instant timeStamp) {}

    /** Engage's status shape, in its field order. */
    @Schema(name = "EngageBalanceSyncStatus")
    record Status(List<StatusMessage> messages, String id,
            @Schema(allowableValues = {"Queued", "Processing", "Completed", "CompletedWithErrors"}) String status, Instant timeStamp) {}

    /** One item of a balance sync, Engage's field names (for the document: the handler reads the JSON itself). */
    @Schema(name = "EngageBalance")
    record Balance(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The member id") String contactId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long amount,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int definitionId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) OffsetDateTime timeStamp) {}

    /** One item of a transaction sync, Engage's field names (for the document). */
    @Schema(name = "EngageTransaction")
    record Transaction(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The member id") String contactId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Non-zero") long amount,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int definitionId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) OffsetDateTime timeStamp,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Purchase") String source, String description,
            @Schema(description = "Pending until then") OffsetDateTime validFrom, @Schema(description = "Expire then") OffsetDateTime validTo) {}

    @PostMapping("/api/v2/point-accounts/balances")
    @Refuses("400 too-many-items")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Balance-only sync (Engage)", description = """
            The point master's current balances: `[{contactId, amount, definitionId, timeStamp}]`, at most 10,000 \
            (more: 400 "Too many items"); each amount within ±1,000,000,000,000 (else 400, nothing stored). Stored at once \
            and answered 202 with its id; the balance sweep then sets each BALANCE follower account to its amount (below \
            zero too: the master is the truth) with one BalanceSync entry of the difference. An item older than the \
            last one applied to its account, an unknown contact or a definition that is not a BALANCE follower is \
            reported in the status, and the rest still applies.""",
            operationId = "engageSyncBalances",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(mediaType = "application/json",
                    array = @ArraySchema(schema = @Schema(implementation = Balance.class), maxItems = BalanceSyncs.ITEMS_MAX),
                    examples = @ExampleObject(value = """
                            [{"contactId": "00000000-0000-0000-0000-000000000001", "amount": 122, "definitionId": 1, "timeStamp": "2023-05-16T12:20:03.807Z"},
                             {"contactId": "00000000-0000-0000-0000-000000000002", "amount": 63, "definitionId": 1, "timeStamp": "2023-05-16T12:20:03.807Z"}]"""))))
    Queued balances(Caller caller, @RequestBody JsonNode body) {
        return new Queued(balances.submit(caller.programId(),
                EngageSyncJson.items(body, false, BalanceSyncs.ITEMS_MAX, n -> new TooManyItems(BalanceSyncs.ITEMS_MAX, n))));
    }

    @GetMapping("/api/v2/point-accounts/balances/status/{id}")
    @Refuses("404 balance-import-not-found")
    @Operation(summary = "Status of a balance-only sync (Engage)", description = "`status` is Queued, Processing, Completed or "
            + "CompletedWithErrors; `messages` has one message per item skipped or failed, naming it.",
            operationId = "engageGetBalanceSyncStatus",
            responses = @ApiResponse(responseCode = "200", description = "The sync's status", content = @Content(mediaType = "application/json",
                    schema = @Schema(implementation = Status.class), examples = @ExampleObject(value = """
                    {"messages": [{"message": "string", "timeStamp": "2023-05-17T11:03:16.947Z"}], "id": "string", "status": "string",
                     "timeStamp": "2023-05-17T11:03:16.947Z"}"""))))
    Status status(Caller caller, @PathVariable UUID id) {
        BalanceImport i = balances.status(caller.programId(), id);
        return new Status(i.messages().stream().map(m -> new StatusMessage(m.message(), m.timeStamp())).toList(), i.id().toString(),
                i.status(), i.updatedAt());
    }

    @PostMapping("/api/v2/point-accounts/transactions")
    @Refuses({"400 too-many-items new-point-system-not-active", "422 points-overflow"})
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "All-transaction sync (Engage)", description = """
            The point master's transactions: `[{contactId, amount, definitionId, timeStamp, source, description, validFrom, \
            validTo}]`, at most 1000 (more: 400 "Too many items"). A definition that is not a TRANSACTIONS follower: 400 \
            "New point system not active". Amounts are non-zero, within ±1,000,000,000,000. Any invalid item refuses the \
            whole batch with every problem listed; otherwise all of it is applied, in one transaction, before the 202. A \
            missing account is created; a future validFrom keeps the points pending until then; validTo expires them. Honours `Idempotency-Key`, so a resent batch is safe.""",
            operationId = "engageSyncTransactions",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(mediaType = "application/json",
                    array = @ArraySchema(schema = @Schema(implementation = Transaction.class), maxItems = TransactionSyncs.ITEMS_MAX),
                    examples = @ExampleObject(value = """
                            [{"contactId": "111111fa6-103b-459b-8d01-b6c000e8e26a", "amount": 12, "definitionId": 1,
                              "timeStamp": "2023-06-01T08:40:51.658Z", "source": "Purchase", "description": "Gilded gauntlets",
                              "validFrom": "2023-06-16T08:40:51.658Z", "validTo": "2024-06-16T08:40:51.658Z"}]"""))))
    Accepted transactions(Caller caller, @RequestBody JsonNode body) {
        TransactionSyncs.Applied applied = transactions.apply(caller.programId(),
                EngageSyncJson.items(body, true, TransactionSyncs.ITEMS_MAX, n -> new TooManyItems(TransactionSyncs.ITEMS_MAX, n)));
        return new Accepted(applied.id(), applied.items());
    }
}
