package dev.laurel.events;

import dev.laurel.campaigns.Campaigns;
import dev.laurel.events.internal.EventStore;
import dev.laurel.ledger.EntriesRecorded;
import dev.laurel.ledger.Hold;
import dev.laurel.ledger.HoldCaptured;
import dev.laurel.ledger.HoldPlaced;
import dev.laurel.ledger.HoldVoided;
import dev.laurel.members.Member;
import dev.laurel.members.MemberCreated;
import dev.laurel.members.MemberErased;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.Subscription;
import dev.laurel.programs.Programs;
import dev.laurel.redemption.PointsCashedOut;
import dev.laurel.redemption.RewardRedeemed;
import dev.laurel.redemption.Voucher;
import dev.laurel.redemption.VoucherCancelled;
import dev.laurel.redemption.VoucherExpired;
import dev.laurel.redemption.VoucherRedeemed;
import dev.laurel.tiers.Tiers;
import dev.laurel.timeline.TimelineEventRecorded;
import dev.laurel.webhooks.Outbox;
import dev.laurel.webhooks.Outbox.SubscriberDelivery;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The program's events for its subscribers. Each listener runs inside the transaction that made the change (the
 * modules publish their events there), so an event is stored, and queued for every subscription that takes its type,
 * exactly when its change commits. A program whose {@code webhooks} section takes no event of a type records none of
 * that type: the write path of a program without subscribers does no extra work.
 *
 * <p>An event's body is {@code {id, type, timestamp, programId, data}}; the same bytes are delivered (the Standard
 * Webhooks {@code webhook-id} is the event's {@code id}) and listed by {@link #page}.
 */
@Service
public class ProgramEvents {

    public static final int LIMIT_MAX = 500;
    /**
     * The listing shows events recorded at least this long ago, so that an event whose transaction commits a moment
     * after a later one has already been listed is not skipped by a subscriber's cursor.
     */
    public static final Duration SETTLE = Duration.ofSeconds(5);

    private static final AtomicLong COUNTER = new AtomicLong();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Programs programs;
    private final EventStore store;
    private final Outbox outbox;
    private final Clock clock;
    private final JsonMapper json;

    ProgramEvents(Programs programs, EventStore store, Outbox outbox, Clock clock, JsonMapper json) {
        this.programs = programs;
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
        this.json = json;
    }

    /** Events in order, and whether more follow them now. */
    public record Page(List<ProgramEvent> items, boolean more) {}

    /** A page of the program's events, oldest first, after the position {@code after} (none: from the start). */
    public Page page(String programId, EventType type, ProgramEvent after, int limit) {
        if (limit < 1 || limit > LIMIT_MAX) {
            throw new IllegalArgumentException("limit must be 1 to " + LIMIT_MAX);
        }
        List<ProgramEvent> found = store.page(programId, type == null ? null : type.wire(), after == null ? null : after.recordedAt(),
                after == null ? null : after.id(), clock.instant().minus(SETTLE), limit + 1);
        boolean more = found.size() > limit;
        return new Page(more ? found.subList(0, limit) : found, more);
    }

    @EventListener
    void memberCreated(MemberCreated e) {
        Member m = e.member();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("memberId", m.id().value().toString());
        data.put("externalId", m.externalId());
        data.put("optedIn", m.optedIn());
        data.put("createdAt", m.createdAt().toString());
        record(e.programId(), List.of(new Happened(EventType.MEMBER_CREATED, m.id().value(), data)));
    }

    /** In the erasure's transaction: stored events and their queued deliveries lose the member's external id. */
    @EventListener
    void memberErased(MemberErased e) {
        store.forgetPersonalData(e.programId(), e.memberId());
        outbox.forgetExternalId(e.programId(), e.memberId());
    }

    @EventListener
    void entriesRecorded(EntriesRecorded recorded) {
        if (programs.get(recorded.programId()).webhooks() == null) {
            return; // the ledger's hot path: a program without subscribers pays one cached lookup
        }
        List<Happened> happened = new ArrayList<>();
        for (var e : recorded.entries()) {
            EventType type = switch (e.kind()) {
                case EARN -> EventType.POINTS_EARNED;
                case SPEND -> EventType.POINTS_SPENT;
                case EXPIRE -> EventType.POINTS_EXPIRED;
                case REVERSAL -> EventType.POINTS_REVERSED;
                case HOLD, RELEASE -> null; // said by the hold's own events
            };
            if (type == null) {
                continue;
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("memberId", e.memberId().toString());
            data.put("entryId", e.entryId().toString());
            data.put("definitionId", e.definitionId());
            data.put("points", e.amount());
            data.put("source", e.source());
            data.put("occurredAt", e.occurredAt().toString());
            if (type == EventType.POINTS_EARNED) {
                data.put("pending", e.pending());
            }
            happened.add(new Happened(type, e.memberId(), data));
        }
        record(recorded.programId(), happened);
    }

    @EventListener
    void timelineEventRecorded(TimelineEventRecorded recorded) {
        var event = recorded.event();
        EventType type = switch (event.type()) {
            case Tiers.EVENT_TIER_CHANGED -> EventType.TIER_CHANGED;
            case Campaigns.EVENT_COMPLETED -> EventType.CAMPAIGN_COMPLETED;
            default -> null;
        };
        if (type == null) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("memberId", event.memberId().toString());
        data.putAll(event.attributes());
        data.put("occurredAt", event.occurredAt().toString());
        record(recorded.programId(), List.of(new Happened(type, event.memberId(), data)));
    }

    @EventListener
    void rewardRedeemed(RewardRedeemed e) {
        voucher(e.programId(), EventType.VOUCHER_ISSUED, e.voucher());
    }

    @EventListener
    void voucherRedeemed(VoucherRedeemed e) {
        voucher(e.programId(), EventType.VOUCHER_REDEEMED, e.voucher());
    }

    @EventListener
    void voucherCancelled(VoucherCancelled e) {
        voucher(e.programId(), EventType.VOUCHER_CANCELLED, e.voucher());
    }

    @EventListener
    void voucherExpired(VoucherExpired e) {
        voucher(e.programId(), EventType.VOUCHER_EXPIRED, e.voucher());
    }

    @EventListener
    void pointsCashedOut(PointsCashedOut e) {
        voucher(e.programId(), EventType.POINTS_CASHED_OUT, e.voucher());
    }

    @EventListener
    void holdPlaced(HoldPlaced e) {
        hold(e.programId(), EventType.HOLD_PLACED, e.hold());
    }

    @EventListener
    void holdCaptured(HoldCaptured e) {
        hold(e.programId(), EventType.HOLD_CAPTURED, e.hold());
    }

    @EventListener
    void holdVoided(HoldVoided e) {
        hold(e.programId(), EventType.HOLD_VOIDED, e.hold());
    }

    private void voucher(String programId, EventType type, Voucher v) {
        if (subscribed(programId, type)) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("memberId", v.memberId().toString());
            data.put("voucherId", v.id().toString());
            data.put("code", v.code());
            data.put("rewardId", v.rewardId());
            data.put("cashOutPeriod", v.cashOutPeriod() == null ? null : v.cashOutPeriod().toString());
            data.put("kind", v.kind().name());
            data.put("name", v.name());
            data.put("value", v.value() == null ? null : Map.of("amount", v.value().amount().toPlainString(), "currency", v.value().currency()));
            data.put("item", v.item());
            data.put("definitionId", v.definitionId());
            data.put("points", v.points());
            data.put("status", v.status().name());
            data.put("issuedAt", v.issuedAt().toString());
            data.put("validUntil", v.validUntil().toString());
            record(programId, List.of(new Happened(type, v.memberId(), data)));
        }
    }

    private void hold(String programId, EventType type, Hold h) {
        if (subscribed(programId, type)) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("memberId", h.memberId().toString());
            data.put("holdId", h.id().toString());
            data.put("definitionId", h.definitionId());
            data.put("points", h.points());
            data.put("status", h.status().name());
            data.put("captured", h.captured());
            data.put("released", h.released());
            data.put("expired", h.expired());
            data.put("reference", h.reference());
            data.put("expiresAt", h.expiresAt().toString());
            record(programId, List.of(new Happened(type, h.memberId(), data)));
        }
    }

    private boolean subscribed(String programId, EventType type) {
        return !programs.get(programId).subscriptionsTo(type.wire()).isEmpty();
    }

    /**
     * A UUIDv7 for an event recorded at {@code at}: its milliseconds first, then a counter of this node, then random bits.
     * Events recorded at the same instant are listed by id, so on one node they keep the order they were recorded in
     * (a member created before the tier it was given).
     */
    static UUID nextId(Instant at) {
        long count = COUNTER.getAndIncrement();
        long msb = (at.toEpochMilli() << 16) | 0x7000L | ((count >>> 30) & 0xFFFL);
        long lsb = 0x8000000000000000L | ((count & 0x3FFFFFFFL) << 32) | (RANDOM.nextInt() & 0xFFFFFFFFL);
        return new UUID(msb, lsb);
    }

    /** Something that happened to a member, before it is known whether anyone subscribes to it. */
    private record Happened(EventType type, UUID memberId, Map<String, Object> data) {}

    /** Stores the events some subscription takes and queues one delivery per subscription; in the caller's transaction. */
    private void record(String programId, List<Happened> happened) {
        Program program = programs.get(programId);
        if (program.webhooks() == null || happened.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<ProgramEvent> events = new ArrayList<>();
        List<SubscriberDelivery> deliveries = new ArrayList<>();
        for (Happened h : happened) {
            List<Subscription> subscriptions = program.subscriptionsTo(h.type().wire());
            if (subscriptions.isEmpty()) {
                continue;
            }
            UUID id = nextId(now);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", id.toString());
            body.put("type", h.type().wire());
            body.put("timestamp", now.toString());
            body.put("programId", programId);
            body.put("data", h.data());
            String text = json.writeValueAsString(body);
            events.add(new ProgramEvent(id, h.type().wire(), h.memberId(), now, text));
            subscriptions.forEach(s -> deliveries.add(new SubscriberDelivery(h.memberId(), h.type().wire(), s.url(), text)));
        }
        store.insertAll(programId, events);
        outbox.enqueueForSubscribers(programId, deliveries);
    }
}
