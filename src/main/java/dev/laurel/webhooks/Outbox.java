package dev.laurel.webhooks;

import dev.laurel.webhooks.internal.OutboxStore;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The webhooks module's API: events are written here, in the caller's transaction, and delivered
 * later by the delivery sweep; never is an HTTP call made inside a business transaction.
 */
@Service
public class Outbox {

    /** Adjustments made in Laurel on a follower definition, for the point master. */
    public static final String POINT_MASTER_ADJUSTMENTS = "POINT_MASTER_ADJUSTMENTS";
    /** An event for one of the program's {@code webhooks.subscriptions}, found by its URL when it is delivered. */
    public static final String SUBSCRIPTION = "SUBSCRIPTION";
    public static final int LIST_LIMIT_MAX = 500;

    private final OutboxStore store;
    private final TransactionTemplate tx;
    private final Clock clock;

    Outbox(OutboxStore store, TransactionTemplate tx, Clock clock) {
        this.store = store;
        this.tx = tx;
        this.clock = clock;
    }

    /** Writes an event to deliver, in the current transaction (or one of its own); returns its id. */
    public UUID enqueue(String programId, UUID memberId, String eventType, String target, Map<String, Object> payload) {
        UUID id = UUID.randomUUID();
        tx.executeWithoutResult(status -> store.insert(programId, id, memberId, eventType, target, payload, clock.instant()));
        return id;
    }

    /** A subscriber's copy of an event: its {@code body} (JSON, sent as it is) goes to the subscription at {@code url}. */
    public record SubscriberDelivery(UUID memberId, String eventType, String url, String body) {}

    /**
     * Writes deliveries to subscribers in the current transaction, one statement for all of them. Each is delivered,
     * retried and dead-lettered like any outbox event, signed with the subscription's secret as it is when sent.
     */
    public void enqueueForSubscribers(String programId, List<SubscriberDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        List<OutboxStore.NewDelivery> rows = deliveries.stream()
                .map(d -> new OutboxStore.NewDelivery(UUID.randomUUID(), d.memberId(), d.eventType(), d.url(), d.body())).toList();
        tx.executeWithoutResult(status -> store.insertSubscriptions(programId, rows, clock.instant()));
    }

    /** In the caller's transaction: subscriber deliveries kept for an erased member lose their {@code data.externalId}. */
    public void forgetExternalId(String programId, UUID memberId) {
        store.forgetExternalId(programId, memberId);
    }

    /**
     * Deletes at most {@code limit} of the program's events delivered (and created) before {@code before}; returns how
     * many. Queued and dead events are kept, whatever their age.
     */
    public int forgetDeliveredBefore(String programId, Instant before, int limit) {
        return store.deleteDeliveredBefore(programId, before, limit);
    }

    /** Events waiting for delivery ({@code QUEUED}) and given up ({@code DEAD}). */
    public record Backlog(long queued, long dead) {}

    /** Every program's outbox backlog: one query, for metrics. */
    public Map<String, Backlog> backlogs() {
        Map<String, Backlog> backlogs = new LinkedHashMap<>();
        store.backlogs().forEach((program, counts) -> backlogs.put(program, new Backlog(counts[0], counts[1])));
        return backlogs;
    }

    /** The program's events, newest first, optionally of one status; {@code before} continues a listing. */
    public List<WebhookEvent> list(String programId, String status, WebhookEvent before, int limit) {
        return store.list(programId, status, before, limit);
    }

    /** A member's events, newest first: what was sent to the point master for them, and how it went. */
    public List<WebhookEvent> listForMember(String programId, UUID memberId, int limit) {
        return store.listForMember(programId, memberId, Math.min(limit, LIST_LIMIT_MAX));
    }

    public WebhookEvent get(String programId, UUID id) {
        return store.find(programId, id).orElseThrow(() -> new WebhookEventNotFound(id.toString()));
    }

    /** Sends an event again: due now, with a fresh attempt schedule, whatever its state; same id. */
    public WebhookEvent redeliver(String programId, UUID id) {
        return tx.execute(status -> {
            if (!store.redeliver(programId, id, clock.instant())) {
                throw new WebhookEventNotFound(id.toString());
            }
            return get(programId, id);
        });
    }
}
