package dev.laurel.api.rbi;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.laurel.api.Access;
import dev.laurel.api.Refuses;
import dev.laurel.ledger.Bucket;
import dev.laurel.members.MemberNotFound;
import dev.laurel.partners.PartnerPoints;
import dev.laurel.partners.PartnerTransaction;
import dev.laurel.platform.CanonicalUuid;
import dev.laurel.platform.JsonFields;
import dev.laurel.platform.Validation;
import dev.laurel.programs.Caller;
import dev.laurel.programs.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * RBI's Update Points Balance endpoint, as its document shows it: a partner awards or deducts a
 * member's points. Thin: parse, call {@link PartnerPoints}, answer in RBI's shape.
 */
@RestController
@Tag(name = "RBI partner points")
class PartnerPointsController {

    /** RBI's times: UTC with milliseconds always written, as in its examples. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final PartnerPoints partnerPoints;

    PartnerPointsController(PartnerPoints partnerPoints) {
        this.partnerPoints = partnerPoints;
    }

    @Schema(name = "RbiFulfillment")
    record Fulfillment(boolean autoRelease, String type) {}

    @Schema(name = "RbiTransactionDetails")
    record TransactionDetails(Fulfillment fulfillment,
            @ArraySchema(schema = @Schema(type = "object", description = "Always empty for a partner's points")) List<Object> orders,
            @ArraySchema(schema = @Schema(type = "object", description = "Always empty for a partner's points")) List<Object> payments) {}

    @Schema(name = "RbiMetadata")
    record Metadata(String partner, String reference) {}

    @Schema(name = "RbiExpirationBucket")
    record ExpirationBucket(@Schema(format = "date", description = "Null for points that never expire") String expirationDate, long points) {}

    /** The body RBI sends, its field names (for the document: the handler reads the JSON itself to report every field). */
    @Schema(name = "RbiUpdatePointsBalance")
    record UpdatePointsBalance(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "One of the program's `partners`") String partner,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Positive awards, negative deducts") long points,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Why") String reference) {}

    /** The answer, field for field and in the order of the RBI document's examples. */
    @Schema(name = "RbiPointsTransaction")
    record PointsTransaction(String id, String shortId, String loyaltyId, String channel, String status, String createdAt,
            List<ExpirationBucket> impactedExpirationBuckets, String claimedAt, long pointsEarned, long bonusPointsEarned,
            long pointsUsed, TransactionDetails transactionDetails, Metadata metadata, long pointsDeducted,
            @Schema(description = "Laurel's own: points of the award an earning cap withheld (absent when none); pointsEarned is what was credited.",
                    example = "200") @JsonInclude(JsonInclude.Include.NON_NULL) Long pointsCapped,
            @Schema(description = "Laurel's own: the cap that withheld pointsCapped (absent when none).",
                    example = "Monthly cap of 20000 points on Partner reached") @JsonInclude(JsonInclude.Include.NON_NULL) String capReason) {}

    @PostMapping("/loyalty/user/{loyaltyUserId}/points")
    @Access({Scope.ADMIN, Scope.PARTNER})
    @Refuses({"400 unknown-partner", "404 member-not-found", "409 insufficient-points", "422 points-overflow"})
    @Operation(operationId = "rbiUpdatePointsBalance", summary = "Update points balance (RBI)", description = """
            A partner awards (positive `points`) or deducts (negative) a member's points. `loyaltyUserId` is the member id. \
            `partner` must be one of the program's `partners`; `reference` says why. The points go to the program's partner \
            point definition with its expiry policy. A deduction larger than the balance is 409 `insufficient-points` and \
            changes nothing. A `partner`-scoped key may use this endpoint only. Honours `Idempotency-Key`.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(mediaType = "application/json",
                    schema = @Schema(implementation = UpdatePointsBalance.class), examples = {
                    @ExampleObject(name = "award", summary = "Assigning 100 points to the user", value = """
                            {"partner": "Partner", "points": 100, "reference": "Gamification Campaign Prize #3"}"""),
                    @ExampleObject(name = "deduct", summary = "Deducting 100 points from the user", value = """
                            {"partner": "Partner", "points": -100, "reference": "Guest needs to spend 100 points to participate of the Brame game"}""")})),
            responses = @ApiResponse(responseCode = "200", description = "The transaction", content = @Content(mediaType = "application/json",
                    schema = @Schema(implementation = PointsTransaction.class), examples = {
                    @ExampleObject(name = "award", value = """
                            {"id": "45601bf3-6d2a-4318-8842-affc38f563ba", "shortId": "EZMHC05S5AYMO2G9",
                             "loyaltyId": "6d13456a-1304-5109-a117-af4de20b2487", "channel": "CAMPAIGN", "status": "CLAIMED",
                             "createdAt": "2024-02-28T02:14:05.453Z",
                             "impactedExpirationBuckets": [{"expirationDate": "2024-06-28", "points": 100}],
                             "claimedAt": "2024-02-28T02:14:05.453Z", "pointsEarned": 100, "bonusPointsEarned": 0, "pointsUsed": 0,
                             "transactionDetails": {"fulfillment": {"autoRelease": true, "type": "POINT_ASSIGNMENT"}, "orders": [], "payments": []},
                             "metadata": {"partner": "Partner", "reference": "Gamification Campaign Prize #3"}, "pointsDeducted": 0}"""),
                    @ExampleObject(name = "deduct", value = """
                            {"id": "1ae098e0-dc41-42cc-a4ea-b75b44148381", "shortId": "GM2CKQ2QRUAPP90K",
                             "loyaltyId": "6d13456a-1304-5109-a117-af4de20b2487", "channel": "CAMPAIGN", "status": "CLAIMED",
                             "createdAt": "2024-02-28T02:15:27.784Z",
                             "impactedExpirationBuckets": [{"expirationDate": "2024-06-28", "points": -100}],
                             "claimedAt": "2024-02-28T02:15:27.784Z", "pointsEarned": 0, "bonusPointsEarned": 0, "pointsUsed": 0,
                             "transactionDetails": {"fulfillment": {"autoRelease": true, "type": "POINT_ASSIGNMENT"}, "orders": [], "payments": []},
                             "metadata": {"partner": "Partner", "reference": "Reason why points were deducted"}, "pointsDeducted": 100}""")})))
    PointsTransaction update(Caller caller, @PathVariable String loyaltyUserId, @RequestBody JsonNode body) {
        UUID memberId = memberId(loyaltyUserId);
        Validation v = new Validation();
        JsonFields f = JsonFields.root(body, v, "(body)");
        if (f == null) {
            v.throwIfInvalid();
        }
        // Fields RBI may add (such as sanityId) are ignored; the three it defines are checked.
        String partner = f.text("partner", true, PartnerPoints.PARTNER_CHARS_MAX);
        Long points = f.integer("points", true, -PartnerPoints.POINTS_MAX, PartnerPoints.POINTS_MAX);
        String reference = f.text("reference", true, PartnerPoints.REFERENCE_CHARS_MAX);
        v.throwIfInvalid();
        PartnerTransaction t = partnerPoints.apply(caller.programId(), memberId, partner, points, reference);
        String at = TIME.format(t.createdAt());
        return new PointsTransaction(t.id().toString(), t.shortId(), t.memberId().toString(), "CAMPAIGN", "CLAIMED", at,
                t.impactedBuckets().stream().map(PartnerPointsController::bucket).toList(), at,
                Math.max(t.creditedPoints(), 0), 0, 0, new TransactionDetails(new Fulfillment(true, "POINT_ASSIGNMENT"), List.of(), List.of()),
                new Metadata(t.partner(), t.reference()), Math.max(-t.points(), 0), t.cappedPoints() == 0 ? null : t.cappedPoints(),
                t.capReason());
    }

    private static ExpirationBucket bucket(Bucket b) {
        return new ExpirationBucket(b.expirationDate() == null ? null : b.expirationDate().toString(), b.points());
    }

    /** A loyaltyUserId that is not a UUID names no member: 404, as for any unknown member. */
    private static UUID memberId(String loyaltyUserId) {
        try {
            return CanonicalUuid.parse(loyaltyUserId);
        } catch (IllegalArgumentException e) {
            throw new MemberNotFound(loyaltyUserId);
        }
    }

}
