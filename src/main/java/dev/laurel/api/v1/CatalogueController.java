package dev.laurel.api.v1;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.laurel.api.Refuses;
import dev.laurel.ledger.Bucket;
import dev.laurel.platform.InvalidInput;
import dev.laurel.platform.JsonFields;
import dev.laurel.platform.Validation;
import dev.laurel.programs.Caller;
import dev.laurel.redemption.CodesAdded;
import dev.laurel.redemption.MemberReward;
import dev.laurel.redemption.Redeemed;
import dev.laurel.redemption.Redemptions;
import dev.laurel.redemption.RewardView;
import dev.laurel.redemption.Rewards;
import dev.laurel.redemption.Voucher;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The rewards catalogue, what a member may redeem, redeeming, and the code pools operators upload. */
@RestController
@Tag(name = "Rewards and vouchers")
class CatalogueController {

    static final String CSV = "text/csv";

    private final Rewards rewards;
    private final Redemptions redemptions;
    private final JsonMapper json;

    CatalogueController(Rewards rewards, Redemptions redemptions, JsonMapper json) {
        this.rewards = rewards;
        this.redemptions = redemptions;
        this.json = json;
    }

    @GetMapping("/v1/rewards")
    @Operation(operationId = "listRewards", summary = "The rewards catalogue", description = """
            Every reward of the program document's `rewards`, in its order: cost, definition, kind (`VOUCHER` with a `value` \
            or an `item`, `GIFT_CARD` with a `value`), window and whether it is `active` now, eligibility, units `issued` and \
            `remaining` (null without a `stock`; for a `POOL` reward no more than `codesAvailable`).""")
    List<RewardView> catalogue(Caller caller) {
        return rewards.catalogue(caller.programId());
    }

    @GetMapping("/v1/rewards/{rewardId}")
    @Refuses("404 reward-not-found")
    @Operation(operationId = "getReward", summary = "One reward of the catalogue", description = "404 `reward-not-found` when the program has no such reward.")
    RewardView reward(Caller caller, @PathVariable String rewardId) {
        return rewards.get(caller.programId(), rewardId);
    }

    @GetMapping("/v1/members/{id}/rewards")
    @Refuses("404 member-not-found")
    @Operation(operationId = "listMemberRewards", summary = "The rewards a member may redeem now", description = """
            The active rewards the member is eligible for (opted in, tier rank, attributes), each with the member's \
            `balance` of its definition, `affordable`, `pointsShort`, `holding` (their vouchers of it that count towards \
            `perMemberLimit`), `canRedeem`, and, when not, `whyNot`: the `code` a redemption would be refused with \
            (`out-of-stock`, `member-limit-reached`, `insufficient-points`) and a `detail`.""")
    List<MemberReward> forMember(Caller caller, @PathVariable UUID id) {
        return rewards.forMember(caller.programId(), id);
    }

    /** The body of {@code POST /v1/members/{id}/redemptions}, for the document (the handler reads the JSON itself). */
    record RedemptionRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "coffee-voucher") String rewardId) {}

    /** A JSON upload of codes, for the document (a bare JSON list of codes is read too). */
    record RewardCodes(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<String> codes) {}

    /** A redemption's answer: the voucher's fields and the expiration buckets its cost came from. */
    record RedemptionView(@JsonUnwrapped Voucher voucher, List<Bucket> impactedBuckets) {}

    @PostMapping("/v1/members/{id}/redemptions")
    @Refuses({"404 reward-not-found member-not-found", "409 reward-not-active not-eligible out-of-stock member-limit-reached insufficient-points"})
    @Operation(operationId = "redeemReward", summary = "Redeem a reward for a voucher", description = """
            Body: `rewardId`. In one transaction: the cost is taken from the member's points, earliest-expiring first \
            (`impactedBuckets` lists them by expiry date, negative), one unit of stock is taken, and a voucher is issued: \
            201 with `code` (`XXXX-XXXX-XXXX`, or the next code of an uploaded pool), `rewardId`, `value` or `item`, \
            `status` `ISSUED`, `validUntil`. Refusals (nothing written): 404 `reward-not-found`, 404 `member-not-found`, \
            409 `reward-not-active`, 409 `not-eligible`, 409 `out-of-stock`, 409 `member-limit-reached`, 409 \
            `insufficient-points`. Honours `Idempotency-Key`.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = RedemptionRequest.class),
                            examples = @ExampleObject(value = "{\"rewardId\": \"coffee-voucher\"}"))),
            responses = @ApiResponse(responseCode = "201", description = "The voucher, at `Location`"))
    ResponseEntity<RedemptionView> redeem(Caller caller, @PathVariable UUID id, @RequestBody JsonNode body) {
        Validation v = new Validation();
        JsonFields f = JsonFields.root(body, v, "(body)");
        if (f == null) {
            v.throwIfInvalid();
        }
        f.allowOnly("rewardId");
        String rewardId = f.text("rewardId", true, 63);
        v.throwIfInvalid();
        Redeemed redeemed = redemptions.redeem(caller.programId(), id, rewardId);
        return ResponseEntity.created(URI.create("/v1/vouchers/" + redeemed.voucher().code()))
                .body(new RedemptionView(redeemed.voucher(), redeemed.impactedBuckets()));
    }

    @PostMapping(path = "/v1/rewards/{rewardId}/codes", consumes = {MediaType.APPLICATION_JSON_VALUE, CSV, MediaType.TEXT_PLAIN_VALUE})
    @Refuses({"404 reward-not-found", "409 codes-not-pooled duplicate-codes"})
    @Operation(operationId = "addRewardCodes", summary = "Upload voucher codes to a reward's pool", description = """
            For a reward with `codes: POOL`. Body: a JSON list of codes, `{"codes": [...]}`, or CSV (`text/csv`: one code \
            per line, the first column, an optional `code` header). 1 to 10,000 codes, each 4 to 64 letters, digits and \
            '-' (stored in upper case). A code listed twice or already in the program refuses the whole upload: 409 \
            `duplicate-codes` naming them. 409 `codes-not-pooled` for a reward whose codes Laurel generates. Answers \
            `added` and `available` (codes not handed out yet). Honours `Idempotency-Key`.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content =
                    {@Content(mediaType = "application/json", schema = @Schema(implementation = RewardCodes.class),
                            examples = @ExampleObject(value = "{\"codes\": [\"SPRING-0001\", \"SPRING-0002\"]}")),
                    @Content(mediaType = "text/csv", schema = @Schema(type = "string"),
                            examples = @ExampleObject(value = "code\nSPRING-0003\nSPRING-0004\n")),
                    @Content(mediaType = "text/plain", schema = @Schema(type = "string"))}))
    CodesAdded addCodes(Caller caller, @PathVariable String rewardId, @RequestHeader("Content-Type") String contentType,
            @RequestBody String body) {
        List<String> codes = contentType.toLowerCase(Locale.ROOT).startsWith(MediaType.APPLICATION_JSON_VALUE) ? fromJson(body) : fromCsv(body);
        return rewards.addCodes(caller.programId(), rewardId, codes);
    }

    private List<String> fromJson(String body) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidInput("(body)", "must be a JSON list of codes or {\"codes\": [...]}: " + e.getOriginalMessage());
        }
        Validation v = new Validation();
        JsonNode list = node;
        if (node != null && node.isObject()) {
            JsonFields f = JsonFields.root(node, v, "(body)");
            f.allowOnly("codes");
            list = f.array("codes", true, Rewards.CODES_PER_UPLOAD_MAX);
            v.throwIfInvalid();
        } else if (node == null || !node.isArray()) {
            throw new InvalidInput("(body)", "must be a JSON list of codes or {\"codes\": [...]}");
        } else if (node.size() > Rewards.CODES_PER_UPLOAD_MAX) {
            throw new InvalidInput("codes", "must list at most " + Rewards.CODES_PER_UPLOAD_MAX + " codes");
        }
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isString()) {
                v.add("codes[" + i + "]", "must be a string");
            } else {
                codes.add(list.get(i).stringValue());
            }
        }
        v.throwIfInvalid();
        return codes;
    }

    /** One code per line, the first column (unquoted), an optional {@code code} header; blank lines are skipped. */
    private static List<String> fromCsv(String body) {
        List<String> codes = new ArrayList<>();
        String[] lines = body.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String first = lines[i].split(",", -1)[0].strip();
            if (first.length() >= 2 && first.startsWith("\"") && first.endsWith("\"")) {
                first = first.substring(1, first.length() - 1).strip();
            }
            if (first.isEmpty() || (codes.isEmpty() && first.equalsIgnoreCase("code"))) {
                continue;
            }
            if (codes.size() == Rewards.CODES_PER_UPLOAD_MAX) {
                throw new InvalidInput("codes", "must list at most " + Rewards.CODES_PER_UPLOAD_MAX + " codes");
            }
            codes.add(first);
        }
        return codes;
    }
}
