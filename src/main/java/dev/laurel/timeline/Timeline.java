package dev.laurel.timeline;

import dev.laurel.ledger.EntriesRecorded;
import dev.laurel.ledger.PointsActivated;
import dev.laurel.ledger.PointsBecameActive;
import dev.laurel.members.MemberErased;
import dev.laurel.programs.Program;
import dev.laurel.timeline.internal.TimelineStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** The timeline module's API: an append-only list of member events. */
@Service
public class Timeline {

    public static final int LIMIT_MAX = 1000;
    /** An event's type is 1 to this many characters (a CHECK on timeline_events). */
    public static final int TYPE_CHARS_MAX = 100;
    /** The sender's id of an event, which makes a resend a no-op: 1 to this many characters (a CHECK on timeline_events). */
    public static final int EVENT_ID_CHARS_MAX = 200;
    /** An event's attributes, as JSON text. */
    public static final int ATTRIBUTES_CHARS_MAX = 16_384;
    public static final String POINTS_EARNED = "points_earned";
    public static final String POINTS_SPENT = "points_spent";
    public static final String POINTS_EXPIRED = "points_expired";
    public static final String POINTS_REVERSED = "points_reversed";
    public static final String POINTS_AVAILABLE = "points_available";
    public static final String POINTS_HELD = "points_held";
    public static final String POINTS_RELEASED = "points_released";

    private final TimelineStore store;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;

    Timeline(TimelineStore store, Clock clock, ApplicationEventPublisher events,
            TransactionTemplate tx) {
        this.store = store;
        this.clock = clock;
        this.events = events;
        this.tx = tx;
    }

    /**
     * A page of the member's timeline through a view (all events when {@code view} is null):
     * newest first, only the view's event types, within its window, with only its fields.
     */
    public TimelinePage page(String programId, UUID memberId, Program.TimelineView view, TimelineEvent after, int limit) {
        if (limit < 1 || limit > LIMIT_MAX) {
            throw new IllegalArgumentException("limit must be 1 to " + LIMIT_MAX);
        }
        Instant since = view == null || view.window() == null ? null : clock.instant().minus(view.window());
        List<TimelineEvent> found = store.page(programId, memberId, view == null ? List.of() : view.eventTypes(), since,
                after == null ? null : after.occurredAt(), after == null ? null : after.id(), limit);
        boolean more = found.size() > limit;
        List<TimelineEvent> page = (more ? found.subList(0, limit) : found).stream().map(e -> project(e, view)).toList();
        return new TimelinePage(page, more ? page.get(page.size() - 1) : null);
    }

    /**
     * An erased member's events sent in through the API keep their type and time (campaign goals counted them) but
     * lose their attributes, which are whatever the sender put there; the events Laurel recorded itself hold points and
     * levels only, and stay as they are.
     */
    @EventListener
    void memberErased(MemberErased e) {
        store.clearSentAttributes(e.programId(), e.memberId());
    }

    private static TimelineEvent project(TimelineEvent e, Program.TimelineView view) {
        if (view == null || view.fields().isEmpty()) {
            return e;
        }
        Map<String, Object> shown = new LinkedHashMap<>();
        view.fields().forEach(f -> {
            if (e.attributes().containsKey(f)) {
                shown.put(f, e.attributes().get(f));
            }
        });
        return new TimelineEvent(e.id(), e.memberId(), e.type(), e.occurredAt(), e.recordedAt(), shown, e.eventId(), e.origin());
    }

    /** How many events of {@code type} the member had in [from, to), and the sum of {@code sumAttribute} over them. */
    public BigDecimal[] countAndSum(String programId, UUID memberId, String type, Instant from, Instant to, String sumAttribute) {
        return store.countAndSum(programId, memberId, type, from, to, sumAttribute);
    }

    /** Laurel's own record of what the ledger did: one batch per ledger transaction. */
    @EventListener
    void entriesRecorded(EntriesRecorded recorded) {
        Instant now = clock.instant();
        List<TimelineEvent> own = new ArrayList<>();
        for (var e : recorded.entries()) {
            String type = switch (e.kind()) {
                case EARN -> POINTS_EARNED;
                case SPEND -> POINTS_SPENT;
                case EXPIRE -> POINTS_EXPIRED;
                case REVERSAL -> POINTS_REVERSED;
                case HOLD -> POINTS_HELD;
                case RELEASE -> POINTS_RELEASED;
            };
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("definitionId", e.definitionId());
            attributes.put("points", e.amount());
            attributes.put("source", e.source());
            attributes.put("entryId", e.entryId().toString());
            if (e.pending()) {
                attributes.put("pending", true);
            }
            if (e.cappedPoints() > 0) {
                attributes.put("cappedPoints", e.cappedPoints());
                attributes.put("capReason", e.capReason());
            }
            own.add(new TimelineEvent(UUID.randomUUID(), e.memberId(), type, e.occurredAt(), now, attributes, null, TimelineEvent.LAUREL));
        }
        store.insertAll(recorded.programId(), own);
    }

    /** Pending points that became available: one {@code points_available} event each, all of one transaction in one statement. */
    @EventListener
    void pointsActivated(PointsActivated activated) {
        Instant now = clock.instant();
        List<TimelineEvent> available = new ArrayList<>();
        for (PointsBecameActive active : activated.activations()) {
            if (active.wasPending()) {
                Map<String, Object> attributes = new LinkedHashMap<>();
                attributes.put("definitionId", active.definitionId());
                attributes.put("points", active.points());
                available.add(new TimelineEvent(UUID.randomUUID(), active.memberId(), POINTS_AVAILABLE, active.at(), now, attributes, null,
                        TimelineEvent.LAUREL));
            }
        }
        store.insertAll(activated.programId(), available);
    }

    /**
     * Appends an event in the current transaction. With an {@code eventId}, sending the same event
     * again is a no-op: the first one is returned.
     */
    public Recorded record(String programId, UUID memberId, String type, Instant occurredAt, Map<String, Object> attributes,
            String eventId, String origin) {
        TimelineEvent event = new TimelineEvent(UUID.randomUUID(), memberId, type, occurredAt, clock.instant(), attributes, eventId, origin);
        // One transaction with whatever listeners do (a campaign's reward, under its row lock).
        return tx.execute(status -> {
            if (store.insert(programId, event)) {
                events.publishEvent(new TimelineEventRecorded(programId, event));
                return new Recorded(event, true);
            }
            return new Recorded(store.findByEventId(programId, memberId, eventId).orElseThrow(
                    () -> new IllegalStateException("event " + eventId + " is neither new nor stored")), false);
        });
    }

    /**
     * Events Laurel records about itself for many members at once (a cash-out batch, expired vouchers), in one
     * statement in the current transaction. Like the ledger's own events, they are not counted towards campaign goals.
     */
    public void recordOwnAll(String programId, List<OwnEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        store.insertAll(programId, events.stream().map(e -> new TimelineEvent(UUID.randomUUID(), e.memberId(), e.type(), e.occurredAt(), now,
                e.attributes(), null, TimelineEvent.LAUREL)).toList());
    }

    /** One of Laurel's own events, for {@link #recordOwnAll}. */
    public record OwnEvent(UUID memberId, String type, Instant occurredAt, Map<String, Object> attributes) {}

    /** The event stored, and whether this call stored it ({@code false}: an earlier one with the same eventId). */
    public record Recorded(TimelineEvent event, boolean isNew) {}

    /** An event Laurel records about itself (points earned, tier changed, ...). */
    public TimelineEvent recordOwn(String programId, UUID memberId, String type, Instant occurredAt, Map<String, Object> attributes) {
        return record(programId, memberId, type, occurredAt, attributes, null, TimelineEvent.LAUREL).event();
    }
}
