package dev.laurel.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.laurel.api.Cursors;
import dev.laurel.api.Refuses;
import dev.laurel.ledger.Bucket;
import dev.laurel.ledger.Hold;
import dev.laurel.ledger.HoldChange;
import dev.laurel.ledger.HoldPage;
import dev.laurel.ledger.HoldStatus;
import dev.laurel.ledger.PointHolds;
import dev.laurel.platform.JsonFields;
import dev.laurel.platform.Validation;
import dev.laurel.programs.Caller;
import dev.laurel.redemption.Holds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
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

/** Points held at the till: place, capture, void, list. */
@RestController
@Tag(name = "Holds")
class HoldsController {

    private final Holds holds;

    HoldsController(Holds holds) {
        this.holds = holds;
    }

    /**
     * A hold, the points it gave back ({@code released}), and, after a change, the expiration buckets that change
     * touched: taken (negative) when placed, given back (positive) when closed.
     */
    record HoldView(@JsonUnwrapped Hold hold, long released, @JsonInclude(JsonInclude.Include.NON_NULL) List<Bucket> impactedBuckets) {

        static HoldView of(Hold hold) {
            return new HoldView(hold, hold.released(), null);
        }

        static HoldView of(HoldChange change) {
            return new HoldView(change.hold(), change.hold().released(), change.entry() == null ? List.of() : change.entry().impactedBuckets());
        }
    }

    record HoldList(List<HoldView> items, String nextCursor) {}

    /** The body of {@code POST /v1/members/{id}/holds}, for the document (the handler reads the JSON itself). */
    record HoldRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) int definitionId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long points,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The order at the till") String reference,
            @Schema(description = "30..86400, default 900") Integer expiresInSeconds) {}

    /** The optional body of {@code POST /v1/holds/{holdId}/capture}, for the document. */
    record HoldCapture(@Schema(description = "Default: all the hold holds") Long points) {}

    @PostMapping("/v1/members/{id}/holds")
    @Refuses({"400 unknown-definition", "404 member-not-found", "409 not-spendable insufficient-points"})
    @Operation(operationId = "placeHold", summary = "Hold a member's points at the till", description = """
            Body: `definitionId` (a SPENDABLE definition Laurel masters: 409 `not-spendable` otherwise), `points`, \
            `reference` (the order at the till), optional `expiresInSeconds` (30..86400, default 900). The points leave \
            the spendable balance now, taken from the lots earliest-expiring first (`impactedBuckets`), status `PENDING`: \
            201. More than the balance: 409 `insufficient-points` (a hold never makes a balance negative). Honours \
            `Idempotency-Key`.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = HoldRequest.class), examples =
                    @ExampleObject(value = "{\"definitionId\": 1, \"points\": 500, \"reference\": \"order-7781\", \"expiresInSeconds\": 900}"))),
            responses = @ApiResponse(responseCode = "201", description = "The hold, `PENDING`, at `Location`"))
    ResponseEntity<HoldView> place(Caller caller, @PathVariable UUID id, @RequestBody JsonNode body) {
        Validation v = new Validation();
        JsonFields f = JsonFields.root(body, v, "(body)");
        if (f == null) {
            v.throwIfInvalid();
        }
        f.allowOnly("definitionId", "points", "reference", "expiresInSeconds");
        Long definitionId = f.integer("definitionId", true, 1, Integer.MAX_VALUE);
        Long points = f.integer("points", true, 1, Holds.POINTS_MAX);
        String reference = f.text("reference", true, Holds.REFERENCE_CHARS_MAX);
        Long expiresIn = f.integer("expiresInSeconds", false, Holds.EXPIRES_IN_SECONDS_MIN, Holds.EXPIRES_IN_SECONDS_MAX);
        v.throwIfInvalid();
        HoldChange placed = holds.place(caller.programId(), id, definitionId.intValue(), points, reference,
                expiresIn == null ? Holds.EXPIRES_IN_SECONDS_DEFAULT : expiresIn.intValue());
        return ResponseEntity.created(URI.create("/v1/holds/" + placed.hold().id())).body(HoldView.of(placed));
    }

    @GetMapping("/v1/holds/{holdId}")
    @Refuses("404 hold-not-found")
    @Operation(operationId = "getHold", summary = "A hold", description = "404 `hold-not-found`.")
    HoldView get(Caller caller, @PathVariable UUID holdId) {
        return HoldView.of(holds.get(caller.programId(), holdId));
    }

    @PostMapping("/v1/holds/{holdId}/capture")
    @Refuses({"404 hold-not-found", "409 hold-not-pending hold-expired capture-exceeds-hold"})
    @Operation(operationId = "captureHold", summary = "Capture a hold, wholly or in part", description = """
            Optional body `{"points": n}` (default: all). The captured points are spent; the rest go back to the lots \
            they came from (`impactedBuckets`, positive). Status `CLAIMED`. 409 `hold-not-pending` when it was captured \
            or voided first (of a capture and a void racing, one wins), 409 `hold-expired` after its `expiresAt`, 409 \
            `capture-exceeds-hold` for more than it holds. Honours `Idempotency-Key`.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = HoldCapture.class),
                            examples = @ExampleObject(value = "{\"points\": 300}"))))
    HoldView capture(Caller caller, @PathVariable UUID holdId, @RequestBody(required = false) JsonNode body) {
        Long points = null;
        if (body != null && !body.isNull()) {
            Validation v = new Validation();
            JsonFields f = JsonFields.root(body, v, "(body)");
            if (f == null) {
                v.throwIfInvalid();
            }
            f.allowOnly("points");
            points = f.integer("points", false, 1, Holds.POINTS_MAX);
            v.throwIfInvalid();
        }
        return HoldView.of(holds.capture(caller.programId(), holdId, points));
    }

    @PostMapping("/v1/holds/{holdId}/void")
    @Refuses({"404 hold-not-found", "409 hold-not-pending"})
    @Operation(operationId = "voidHold", summary = "Void a hold", description = """
            Gives all its points back to exactly the lots they came from (`impactedBuckets`); status `VOID`. 409 \
            `hold-not-pending` when it was captured or voided first. Honours `Idempotency-Key`.""")
    HoldView voidHold(Caller caller, @PathVariable UUID holdId) {
        return HoldView.of(holds.voidHold(caller.programId(), holdId));
    }

    @GetMapping("/v1/members/{id}/holds")
    @Refuses("404 member-not-found")
    @Operation(operationId = "listMemberHolds", summary = "A member's holds", description = """
            Newest first; `status` (`PENDING`, `CLAIMED`, `VOID`) filters; `limit` 1..200 (default 50); pass `nextCursor` \
            back as `cursor`. A hold voided because it was not captured in time has `expired: true`.""")
    HoldList list(Caller caller, @PathVariable UUID id, @RequestParam(required = false) HoldStatus status,
            @RequestParam(required = false) String cursor, @RequestParam(defaultValue = "50") int limit) {
        Validation v = new Validation();
        Cursors.checkLimit(limit, PointHolds.PAGE_LIMIT_MAX, v);
        HoldPage.Position after = Cursors.position(cursor, "holds", 2, v, p -> new HoldPage.Position(Instant.parse(p[0]), UUID.fromString(p[1])));
        v.throwIfInvalid();
        HoldPage page = holds.page(caller.programId(), id, status, after, limit);
        return new HoldList(page.holds().stream().map(HoldView::of).toList(),
                page.next() == null ? null : Cursors.encode("holds", page.next().createdAt(), page.next().id()));
    }
}
