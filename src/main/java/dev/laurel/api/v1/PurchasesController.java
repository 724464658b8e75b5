package dev.laurel.api.v1;

import dev.laurel.api.Refuses;
import dev.laurel.earning.Purchase;
import dev.laurel.earning.PurchaseItem;
import dev.laurel.earning.PurchaseReceipt;
import dev.laurel.earning.Purchases;
import dev.laurel.earning.ReturnReceipt;
import dev.laurel.earning.ReturnedItem;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
            @Schema(description = "Kept as sent") List<Map<String, Object>> lines,
            @Schema(description = "What was bought, line by line (at most 500, each sku once): earning rules select them by sku or "
                    + "category, the answer's breakdown shows what each earned, a return may name them. Their amounts must add up to "
                    + "the purchase's amount.") List<ItemRequest> items) {}

    /** One item of a purchase, for the document. */
    record ItemRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 64, example = "LATTE-L") String sku,
            @Schema(description = "Matched exactly against the categories of the program's earning rules", maxLength = 64,
                    example = "coffee") String category,
            @Schema(description = "Whole units, 1 to 1000000; default 1", minimum = "1", maximum = "1000000", example = "2") Long quantity,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The line's total, a decimal string", example = "9.00",
                    pattern = "^\\d{1,15}(\\.\\d{1,4})?$") String amount) {}

    /** The body of {@code POST /v1/returns}, for the document. */
    record ReturnRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) UUID memberId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String orderId,
            @Schema(description = "A decimal string: the money returned, for an order bought without items", example = "500.00")
            String amount,
            @Schema(description = "The items returned, for an order bought with items (instead of amount)") List<ReturnedItemRequest> items) {}

    /** Units of one item given back, for the document. */
    record ReturnedItemRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 64, example = "LATTE-L") String sku,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1", maximum = "1000000", example = "1") Long quantity) {}

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
            such as "2000.00"), `currency` (ISO 4217), `occurredAt`, optional `lines` (objects kept as sent) and optional \
            `items` (`sku`, `category`, `quantity`, `amount`; each sku once; their amounts must add up to `amount`). \
            Earns on every definition Laurel masters, pending for the definition's escrow.days: each line (the whole \
            amount when there are no items) by the program's earning rule for its sku or category, else \
            pointsPerCurrencyUnit; nothing below earning.minimumOrderAmount; the sum made whole once with \
            earning.rounding (FLOOR by default, so without rules floor(amount × pointsPerCurrencyUnit)). The answer lists \
            the points per definition, when they become available, and the `breakdown`: per line the rule that applied, \
            why, its exact points and the whole points it earned. The member's tier level's `earningMultiplier`, if any, \
            adds `tierBonusPoints` (entries of source `Tier`) or, below 1, earns fewer; `tierBonus` says which level, by \
            what multiplier and how many points. Records a `purchased` timeline event. Honours \
            `Idempotency-Key`.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = PurchaseRequest.class), examples = @ExampleObject(value = """
                            {"memberId": "6f1c2b9e-3c1d-4a8e-9d1e-2f5a7c3b9e10", "orderId": "order-7781", "amount": "2000.00",
                             "currency": "USD", "occurredAt": "2026-11-29T10:15:00Z", "lines": [{"sku": "GG-1", "quantity": 1}],
                             "items": [{"sku": "GG-1", "category": "garden", "quantity": 1, "amount": "1950.00"},
                                       {"sku": "GIFT-50", "category": "gift-cards", "quantity": 1, "amount": "50.00"}]}"""))))
    PurchaseReceipt purchase(Caller caller, @RequestBody JsonNode body) {
        Validation v = new Validation();
        JsonFields f = JsonFields.root(body, v, "(body)");
        if (f == null) {
            v.throwIfInvalid();
        }
        f.allowOnly("memberId", "orderId", "amount", "currency", "occurredAt", "lines", "items");
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
        List<PurchaseItem> items = new ArrayList<>();
        for (JsonFields item : f.objects("items", false, Purchases.ITEMS_MAX)) {
            item.allowOnly("sku", "category", "quantity", "amount");
            String sku = item.text("sku", true, Purchases.SKU_CHARS_MAX);
            String category = item.text("category", false, Purchases.CATEGORY_CHARS_MAX);
            if (category != null && category.isBlank()) {
                v.add(item.field("category"), "must not be blank (leave it out when the item has none)");
            }
            Long quantity = item.integer("quantity", false, 1, Purchases.QUANTITY_MAX);
            BigDecimal itemAmount = money(item, "amount");
            items.add(new PurchaseItem(sku, category, quantity == null ? 1 : quantity, itemAmount));
        }
        v.throwIfInvalid();
        List<Map<String, Object>> lineList = lines == null ? List.of() : json.convertValue(lines, LINES);
        return purchases.purchase(caller.programId(), new Purchase(memberId, orderId, amount, currency, occurredAt.toInstant(), lineList,
                items));
    }

    @PostMapping("/v1/returns")
    @ResponseStatus(HttpStatus.CREATED)
    @Refuses({"404 member-not-found order-not-found", "409 return-exceeds-purchase return-needs-items item-not-in-order"})
    @Operation(operationId = "recordReturn", summary = "Record a return", description = """
            Body: `memberId`, `orderId`, and `amount` (decimal string) for an order bought without items, or `items` \
            (`sku`, `quantity`) for one bought with items (an amount alone: 409 `return-needs-items`; a sku the order \
            does not have, or items of an order without: 409 `item-not-in-order`). The returned share of the order's \
            points is of the amount, or exactly the points the named lines earned (part of a line's units: that share of \
            its points, counted over all its returns), and campaign and tier bonus points in the same share. It is taken \
            back where the points are now: first what the purchase's own points still hold, pending or active \
            (`fromPurchase`; `fromEscrow` when pending); then what the member already spent of them, from their other \
            points (`fromBalance`), and what they cannot cover as debt (`asDebt`: the balance goes below zero until the next \
            points pay it); what expired is not taken again (`expired`). Per definition, `points` = fromPurchase + \
            fromBalance + asDebt is what the `Return` entry `entryId` took (null: nothing); the four parts add up to the \
            returned share. Returns add up. A return never changes the member's tier. \
            Returning more than was bought, in all: 409 `return-exceeds-purchase`. Honours `Idempotency-Key`.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = ReturnRequest.class), examples = {
                            @ExampleObject(name = "amount", value = """
                                    {"memberId": "6f1c2b9e-3c1d-4a8e-9d1e-2f5a7c3b9e10", "orderId": "order-7781", "amount": "500.00"}"""),
                            @ExampleObject(name = "items", value = """
                                    {"memberId": "6f1c2b9e-3c1d-4a8e-9d1e-2f5a7c3b9e10", "orderId": "order-7782",
                                     "items": [{"sku": "LATTE-L", "quantity": 1}]}""")})))
    ReturnReceipt returned(Caller caller, @RequestBody JsonNode body) {
        Validation v = new Validation();
        JsonFields f = JsonFields.root(body, v, "(body)");
        if (f == null) {
            v.throwIfInvalid();
        }
        f.allowOnly("memberId", "orderId", "amount", "items");
        UUID memberId = f.uuid("memberId", true);
        String orderId = f.text("orderId", true, Purchases.ORDER_ID_CHARS_MAX);
        boolean byItems = f.has("items");
        if (byItems && f.has("amount")) {
            v.add("amount", "give the amount returned or the items returned, not both");
        }
        BigDecimal amount = byItems ? null : money(f, "amount");
        List<ReturnedItem> items = new ArrayList<>();
        Set<String> skus = new HashSet<>();
        List<JsonFields> itemFields = f.objects("items", false, Purchases.ITEMS_MAX);
        if (byItems && f.node().get("items").isArray() && f.node().get("items").isEmpty()) {
            v.add("items", "must name at least one item");
        }
        for (JsonFields item : itemFields) {
            item.allowOnly("sku", "quantity");
            String sku = item.text("sku", true, Purchases.SKU_CHARS_MAX);
            Long quantity = item.integer("quantity", true, 1, Purchases.QUANTITY_MAX);
            if (sku != null && !skus.add(sku)) {
                v.add(item.field("sku"), "'" + sku + "' is listed twice");
            }
            items.add(new ReturnedItem(sku, quantity == null ? 0 : quantity));
        }
        v.throwIfInvalid();
        return purchases.returned(caller.programId(), memberId, orderId, amount, items);
    }

    @GetMapping("/v1/members/{id}/tier")
    @Refuses("404 member-not-found no-tier-system")
    @Operation(operationId = "getMemberTier", summary = "A member's tier", description = "Level, rank, since when and until when, tier points (the tier-qualifying "
            + "account's balance), the next level and its threshold, when the tier points' calendar year ends (`periodEndsAt`), "
            + "and what the level gives: `benefits` and `earningMultiplier`. 404 when the program has no tier system.")
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
