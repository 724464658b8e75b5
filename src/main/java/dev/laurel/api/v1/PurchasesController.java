package dev.laurel.api.v1;

import dev.laurel.api.Refuses;
import dev.laurel.earning.Purchase;
import dev.laurel.earning.PurchaseReceipt;
import dev.laurel.earning.Purchases;
import dev.laurel.earning.ReturnReceipt;
import dev.laurel.platform.InvalidInput;
import dev.laurel.platform.JsonFields;
import dev.laurel.platform.Validation;
import dev.laurel.programs.Caller;
import dev.laurel.tiers.NoTierSystem;
import dev.laurel.tiers.TierChange;
import dev.laurel.tiers.TierStatus;
import dev.laurel.tiers.Tiers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Purchases and returns (Laurel as point master), and a member's tier. */
@RestController
@Tag(name = "Purchases and tiers")
class PurchasesController {

    static final Pattern MONEY = Pattern.compile("\\d{1," + Purchases.AMOUNT_INTEGER_DIGITS_MAX + "}(\\.\\d{1,"
            + Purchases.AMOUNT_DECIMALS_MAX + "})?");
    /** A decimal string longer than this is refused before it is matched. */
    static final int MONEY_CHARS_MAX = 30;
    private static final TypeReference<List<Map<String, Object>>> LINES = new TypeReference<>() {};

    private final Purchases purchases;
    private final Tiers tiers;
    private final JsonMapper json;

    /** The body of {@code POST /v1/purchases}, for the document (the handler reads the JSON itself). */
    record PurchaseRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) UUID memberId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String orderId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "A decimal string", example = "2000.00",
                    pattern = "^\\d{1,15}(\\.\\d{1,4})?$") String amount,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "ISO 4217", example = "USD") String currency,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) OffsetDateTime occurredAt,
            @Schema(description = "Kept as sent") List<Map<String, Object>> lines) {}

    /** The body of {@code POST /v1/returns}, for the document. */
    record ReturnRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) UUID memberId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String orderId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "A decimal string", example = "500.00") String amount) {}

    PurchasesController(Purchases purchases, Tiers tiers, JsonMapper json) {
        this.purchases = purchases;
        this.tiers = tiers;
        this.json = json;
    }

    @PostMapping("/v1/purchases")
    @ResponseStatus(HttpStatus.CREATED)
    @Refuses({"404 member-not-found", "409 order-exists", "422 points-overflow"})
    @Operation(operationId = "recordPurchase", summary = "Record a purchase and earn from it", description = """
            Body: `memberId`, `orderId` (unique in the program: 409 `order-exists` otherwise), `amount` (a decimal string \
            such as "2000.00"), `currency` (ISO 4217), `occurredAt`, optional `lines` (objects kept as sent). Earns \
            floor(amount × pointsPerCurrencyUnit) on every definition Laurel masters, pending for the definition's \
            escrow.days; the answer lists the points per definition and when they become available. Records a \
            `purchased` timeline event. Honours `Idempotency-Key`.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = PurchaseRequest.class), examples = @ExampleObject(value = """
                            {"memberId": "6f1c2b9e-3c1d-4a8e-9d1e-2f5a7c3b9e10", "orderId": "order-7781", "amount": "2000.00",
                             "currency": "USD", "occurredAt": "2026-11-29T10:15:00Z", "lines": [{"sku": "GG-1", "quantity": 1}]}"""))))
    PurchaseReceipt purchase(Caller caller, @RequestBody JsonNode body) {
        Validation v = new Validation();
        JsonFields f = JsonFields.root(body, v, "(body)");
        if (f == null) {
            v.throwIfInvalid();
        }
        f.allowOnly("memberId", "orderId", "amount", "currency", "occurredAt", "lines");
        UUID memberId = f.uuid("memberId", true);
        String orderId = f.text("orderId", true, Purchases.ORDER_ID_CHARS_MAX);
        BigDecimal amount = money(f, "amount");
        String currency = f.text("currency", true, Purchases.CURRENCY_CHARS);
        var occurredAt = f.dateTime("occurredAt", true);
        JsonNode lines = f.array("lines", false, Purchases.LINES_MAX);
        if (lines != null) {
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).isObject()) {
                    v.add("lines[" + i + "]", "must be an object");
                }
            }
        }
        v.throwIfInvalid();
        List<Map<String, Object>> lineList = lines == null ? List.of() : json.convertValue(lines, LINES);
        return purchases.purchase(caller.programId(), new Purchase(memberId, orderId, amount, currency, occurredAt.toInstant(), lineList));
    }

    @PostMapping("/v1/returns")
    @ResponseStatus(HttpStatus.CREATED)
    @Refuses({"404 member-not-found order-not-found", "409 return-exceeds-purchase"})
    @Operation(operationId = "recordReturn", summary = "Record a return", description = """
            Body: `memberId`, `orderId`, `amount` (decimal string). Takes back the returned share of the order's points \
            where they are now: first what the purchase's own points still hold, pending or active (`fromPurchase`; \
            `fromEscrow` when pending); then what the member already spent of them, from their other points \
            (`fromBalance`), or as debt where the definition allows a negative balance (`asDebt`), else not at all \
            (`notRecovered`: the return still succeeds); what expired is not taken again (`expired`). Per definition, \
            `points` = fromPurchase + fromBalance + asDebt is what the `Return` entry `entryId` took (null: nothing); \
            the five parts add up to the returned share. Returns add up. A return never changes the member's tier. \
            Returning more than was bought, in all: 409 `return-exceeds-purchase`. Honours `Idempotency-Key`.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = ReturnRequest.class), examples = @ExampleObject(value = """
                            {"memberId": "6f1c2b9e-3c1d-4a8e-9d1e-2f5a7c3b9e10", "orderId": "order-7781", "amount": "500.00"}"""))))
    ReturnReceipt returned(Caller caller, @RequestBody JsonNode body) {
        Validation v = new Validation();
        JsonFields f = JsonFields.root(body, v, "(body)");
        if (f == null) {
            v.throwIfInvalid();
        }
        f.allowOnly("memberId", "orderId", "amount");
        UUID memberId = f.uuid("memberId", true);
        String orderId = f.text("orderId", true, Purchases.ORDER_ID_CHARS_MAX);
        BigDecimal amount = money(f, "amount");
        v.throwIfInvalid();
        return purchases.returned(caller.programId(), memberId, orderId, amount);
    }

    @GetMapping("/v1/members/{id}/tier")
    @Refuses("404 member-not-found no-tier-system")
    @Operation(operationId = "getMemberTier", summary = "A member's tier", description = "Level, rank, since when and until when, tier points (the tier-qualifying "
            + "account's balance), the next level and its threshold, and this calendar year's qualifying points. 404 when the "
            + "program has no tier system.")
    TierStatus tier(Caller caller, @PathVariable UUID id) {
        return tiers.status(caller.programId(), id).orElseThrow(() -> new NoTierSystem(caller.programId()));
    }

    @GetMapping("/v1/members/{id}/tier-history")
    @Refuses("404 member-not-found")
    @Operation(operationId = "getMemberTierHistory", summary = "Every change of a member's tier, newest first")
    List<TierChange> tierHistory(Caller caller, @PathVariable UUID id, @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > Tiers.HISTORY_LIMIT_MAX) {
            throw new InvalidInput("limit", "must be between 1 and " + Tiers.HISTORY_LIMIT_MAX);
        }
        return tiers.history(caller.programId(), id, limit);
    }

    private static BigDecimal money(JsonFields f, String field) {
        String text = f.text(field, true, MONEY_CHARS_MAX);
        if (text == null) {
            return null;
        }
        if (!MONEY.matcher(text).matches()) {
            f.validation().add(f.field(field), "must be a decimal string such as \"2000.00\" (at most 4 decimals)");
            return null;
        }
        return new BigDecimal(text);
    }
}
