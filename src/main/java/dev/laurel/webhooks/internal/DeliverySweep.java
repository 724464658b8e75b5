package dev.laurel.webhooks.internal;

import dev.laurel.platform.OutboundHttp;
import dev.laurel.platform.OutboundRefused;
import dev.laurel.platform.Sweep;
import dev.laurel.platform.SweepReport;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.AdjustmentsWebhook;
import dev.laurel.programs.Program.Subscription;
import dev.laurel.programs.Programs;
import dev.laurel.webhooks.EngageCipher;
import dev.laurel.webhooks.Outbox;
import dev.laurel.webhooks.StandardWebhooks;
import dev.laurel.webhooks.internal.OutboxStore.Claimed;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers outbox events: claims due ones with a lease (committed before any HTTP call), sends
 * each with a bounded timeout and the same id every time, then records the outcome: delivered,
 * retried on a bounded exponential schedule, or dead-lettered for an operator to redeliver.
 */
@Component
@Order(20)
class DeliverySweep implements Sweep {

    private static final Logger log = LoggerFactory.getLogger(DeliverySweep.class);

    static final int EVENTS_PER_RUN_MAX = 50;
    static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(5);
    /** Long enough for a whole run's deliveries to time out one after another, so no other node sends them meanwhile. */
    static final Duration LEASE = WEBHOOK_TIMEOUT.multipliedBy(EVENTS_PER_RUN_MAX).plusSeconds(60);
    static final Duration UNCONFIGURED_RECHECK = Duration.ofMinutes(1);
    /** Waits after the 1st, 2nd, ... failed attempt; after the last one the event is dead. */
    static final List<Duration> BACKOFF = List.of(Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10),
            Duration.ofHours(1), Duration.ofHours(6), Duration.ofHours(24));
    static final int ATTEMPTS_MAX = BACKOFF.size() + 1;
    static final int ERROR_CHARS_MAX = 500;

    private final OutboxStore store;
    private final Programs programs;
    private final OutboundHttp http;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final JsonMapper json;
    private final MeterRegistry meters;

    DeliverySweep(OutboxStore store, Programs programs, OutboundHttp http, TransactionTemplate tx, Clock clock, JsonMapper json,
            MeterRegistry meters) {
        this.meters = meters;
        this.store = store;
        this.programs = programs;
        this.http = http;
        this.tx = tx;
        this.clock = clock;
        this.json = json;
    }

    @Override
    public String name() {
        return "webhook-delivery";
    }

    @Override
    public SweepReport run(Optional<String> programId) {
        Instant now = clock.instant();
        List<Claimed> claimed = tx.execute(s -> store.claimDue(programId, now, now.plus(LEASE), EVENTS_PER_RUN_MAX));
        long delivered = 0;
        long failed = 0;
        long dead = 0;
        long waiting = 0;
        for (Claimed event : claimed) {
            switch (deliver(event)) {
                case DELIVERED -> delivered++;
                case FAILED -> failed++;
                case DEAD -> dead++;
                case WAITING -> waiting++;
            }
        }
        return new SweepReport(name(), claimed.size(), Map.of("delivered", delivered, "failed", failed, "dead", dead, "waiting", waiting));
    }

    enum Outcome { DELIVERED, FAILED, DEAD, WAITING }

    /** Where and what to send: the URL, the body, the signing secret (none: unsigned) and the Standard Webhooks id. */
    private record Sending(String url, byte[] body, String signingSecret, String messageId, String receiver) {}

    private Outcome deliver(Claimed event) {
        Program program = programs.find(event.programId()).orElse(null);
        if (Outbox.SUBSCRIPTION.equals(event.target())) {
            Subscription subscription = program == null || program.webhooks() == null ? null
                    : program.webhooks().subscription(event.url()).filter(s -> s.events().contains(event.eventType())).orElse(null);
            if (subscription == null) {
                // Nothing to retry: the program stopped sending this type there. Dead, so an operator sees it and may redeliver.
                tx.executeWithoutResult(s -> store.failed(event.programId(), event.id(), null,
                        "the program no longer subscribes " + event.url() + " to " + event.eventType(), clock.instant(), true));
                return Outcome.DEAD;
            }
            Object eventId = event.payload().get("id");
            return send(event, new Sending(subscription.url(), event.payloadText().getBytes(StandardCharsets.UTF_8), subscription.secret(),
                    eventId == null ? event.id().toString() : eventId.toString(), "the subscriber"));
        }
        AdjustmentsWebhook hook = program == null || program.pointMaster() == null ? null : program.pointMaster().adjustmentsWebhook();
        if (!Outbox.POINT_MASTER_ADJUSTMENTS.equals(event.target()) || hook == null) {
            tx.executeWithoutResult(s -> store.waiting(event.programId(), event.id(),
                    "waiting: the program has no pointMaster.adjustmentsWebhook configured", clock.instant().plus(UNCONFIGURED_RECHECK)));
            return Outcome.WAITING;
        }
        return send(event, new Sending(hook.url(), envelope(event, hook), hook.signingSecret(), event.id().toString(), "the point master"));
    }

    private Outcome send(Claimed event, Sending sending) {
        byte[] body = sending.body();
        long timestamp = clock.instant().getEpochSecond();
        Integer status = null;
        String error;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sending.url())).timeout(WEBHOOK_TIMEOUT)
                    .header("Content-Type", "application/json").header("User-Agent", "Laurel")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (sending.signingSecret() != null) {
                request.header("webhook-id", sending.messageId()).header("webhook-timestamp", Long.toString(timestamp))
                        .header("webhook-signature", StandardWebhooks.sign(sending.signingSecret(), sending.messageId(), timestamp, body));
            }
            Timer.Sample answering = Timer.start(meters);
            OutboundHttp.Answer answer = http.send(request.build(), WEBHOOK_TIMEOUT);
            status = answer.status();
            answering.stop(latency(event, status >= 200 && status < 300 ? "delivered" : "failed"));
            if (status >= 200 && status < 300) {
                int delivered = status;
                tx.executeWithoutResult(s -> store.delivered(event.programId(), event.id(), delivered, clock.instant()));
                return Outcome.DELIVERED;
            }
            error = sending.receiver() + " answered " + status + ": " + new String(answer.body(), StandardCharsets.UTF_8);
        } catch (OutboundRefused e) {
            error = "refused by the outbound policy: " + e.getMessage();
        } catch (TimeoutException e) {
            error = "timed out: " + e.getMessage();
        } catch (IOException | RuntimeException e) {
            error = "could not deliver: " + e;
        }
        int attempt = event.attempts() + 1;
        boolean isDead = attempt >= ATTEMPTS_MAX;
        Instant next = isDead ? clock.instant() : clock.instant().plus(BACKOFF.get(attempt - 1));
        String reason = error.length() > ERROR_CHARS_MAX ? error.substring(0, ERROR_CHARS_MAX) : error;
        Integer lastStatus = status;
        tx.executeWithoutResult(s -> store.failed(event.programId(), event.id(), lastStatus, reason, next, isDead));
        if (isDead) {
            log.warn("webhook event {} of program {} is dead after {} attempts: {}", event.id(), event.programId(), attempt, reason);
        }
        return isDead ? Outcome.DEAD : Outcome.FAILED;
    }

    /** How long a receiver took to answer, by program, target and whether it took the event. */
    private Timer latency(Claimed event, String outcome) {
        return Timer.builder("laurel.webhooks.delivery").description("How long a webhook receiver took to answer")
                .tags("program", event.programId(), "target", event.target(), "outcome", outcome)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(WEBHOOK_TIMEOUT)
                .register(meters);
    }

    /** Engage's envelope: {eventType, id, payload (encrypted), tenant (the program id)}. */
    private byte[] envelope(Claimed event, AdjustmentsWebhook hook) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("eventType", event.eventType());
        envelope.put("id", event.id().toString());
        envelope.put("payload", EngageCipher.encrypt(hook.encryptionKey(), json.writeValueAsBytes(event.payload())));
        envelope.put("tenant", event.programId());
        return json.writeValueAsBytes(envelope);
    }
}
