package dev.laurel.api.v1;

import dev.laurel.api.Cursors;
import dev.laurel.api.Refuses;
import dev.laurel.platform.CanonicalUuid;
import dev.laurel.platform.Dates;
import dev.laurel.platform.Validation;
import dev.laurel.programs.Caller;
import dev.laurel.webhooks.Outbox;
import dev.laurel.webhooks.WebhookEvent;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/webhooks/deliveries}: the outbox, its delivery state, and redelivery. */
@RestController
@Tag(name = "Webhooks")
class WebhooksController {

    private final Outbox outbox;

    WebhooksController(Outbox outbox) {
        this.outbox = outbox;
    }

    record DeliveryList(List<WebhookEvent> items, String nextCursor) {}

    @GetMapping("/v1/webhooks/deliveries")
    @Operation(operationId = "listWebhookDeliveries", summary = "Webhook events and their delivery", description = "Newest first; `status` is QUEUED, DELIVERED or DEAD; "
            + "each with its attempts, next attempt and last error. `limit` 1..500 (default 50).")
    DeliveryList list(Caller caller, @RequestParam(required = false) String status, @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        Validation v = new Validation();
        if (status != null && !Set.of(WebhookEvent.QUEUED, WebhookEvent.DELIVERED, WebhookEvent.DEAD).contains(status)) {
            v.add("status", "must be QUEUED, DELIVERED or DEAD");
        }
        Cursors.checkLimit(limit, Outbox.LIST_LIMIT_MAX, v);
        WebhookEvent before = Cursors.position(cursor, "deliveries", 2, v, parts -> new WebhookEvent(CanonicalUuid.parse(parts[1]), null,
                null, null, null, 0, null, null, null, Dates.instant(parts[0]), null, null));
        v.throwIfInvalid();
        List<WebhookEvent> page = outbox.list(caller.programId(), status, before, limit + 1);
        boolean more = page.size() > limit;
        List<WebhookEvent> items = more ? page.subList(0, limit) : page;
        String next = null;
        if (more) {
            WebhookEvent last = items.get(items.size() - 1);
            next = Cursors.encode("deliveries", last.createdAt(), last.id());
        }
        return new DeliveryList(items, next);
    }

    @GetMapping("/v1/webhooks/deliveries/{id}")
    @Refuses("404 webhook-event-not-found")
    @Operation(operationId = "getWebhookDelivery", summary = "One webhook event and its delivery state")
    WebhookEvent get(Caller caller, @PathVariable UUID id) {
        return outbox.get(caller.programId(), id);
    }

    @PostMapping("/v1/webhooks/deliveries/{id}/redeliver")
    @Refuses("404 webhook-event-not-found")
    @Operation(operationId = "redeliverWebhookEvent", summary = "Send a webhook event again", description = "Due at once with a fresh attempt schedule, whatever its "
            + "state (a dead event comes back to life); the same event id, so the receiver can deduplicate.")
    WebhookEvent redeliver(Caller caller, @PathVariable UUID id) {
        return outbox.redeliver(caller.programId(), id);
    }
}
