package dev.laurel.events.internal;

import dev.laurel.platform.Sweep;
import dev.laurel.platform.SweepReport;
import dev.laurel.webhooks.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Forgets what a subscriber can no longer need: events listed by {@code GET /v1/events} and webhook deliveries that
 * were delivered, once older than {@code LAUREL_EVENTS_RETENTION} (90 days by default), in bounded batches. Queued and
 * dead deliveries are kept whatever their age: a dead one waits for an operator to send it again.
 */
@Component
@Order(110)
class EventRetentionSweep implements Sweep {

    static final int BATCH_ROWS = 5000;
    static final int BATCHES_PER_RUN_MAX = 20;
    static final Duration RETENTION_MIN = Duration.ofDays(1);
    static final Duration RETENTION_MAX = Duration.ofDays(3650);

    private final EventStore events;
    private final Outbox outbox;
    private final Clock clock;
    private final Duration retention;

    EventRetentionSweep(EventStore events, Outbox outbox, Clock clock, @Value("${laurel.events.retention:90d}") Duration retention) {
        if (retention.compareTo(RETENTION_MIN) < 0 || retention.compareTo(RETENTION_MAX) > 0) {
            throw new IllegalArgumentException("LAUREL_EVENTS_RETENTION must be from 1d to 3650d, was " + retention.toDays() + "d (" + retention + ")");
        }
        this.events = events;
        this.outbox = outbox;
        this.clock = clock;
        this.retention = retention;
    }

    @Override
    public String name() {
        return "events-retention";
    }

    @Override
    public SweepReport run(Optional<String> programId) {
        Instant before = clock.instant().minus(retention);
        long listed = 0;
        long delivered = 0;
        // Program by program, so that each batch reads the (program_id, time) indexes the listings use.
        for (String program : programId.map(List::of).orElseGet(events::programIds)) {
            listed += Sweep.inBatches(BATCHES_PER_RUN_MAX, BATCH_ROWS, () -> events.deleteListedBefore(program, before, BATCH_ROWS));
            delivered += Sweep.inBatches(BATCHES_PER_RUN_MAX, BATCH_ROWS,
                    () -> outbox.forgetDeliveredBefore(program, before, BATCH_ROWS));
        }
        return new SweepReport(name(), listed + delivered, Map.of("events", listed, "deliveries", delivered));
    }
}
