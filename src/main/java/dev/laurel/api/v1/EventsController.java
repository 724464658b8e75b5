package dev.laurel.api.v1;

import dev.laurel.api.Cursors;
import dev.laurel.api.Refuses;
import dev.laurel.events.EventType;
import dev.laurel.events.ProgramEvent;
import dev.laurel.events.ProgramEvents;
import dev.laurel.platform.CanonicalUuid;
import dev.laurel.platform.Dates;
import dev.laurel.platform.Validation;
import dev.laurel.programs.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /v1/events}: the program's events for subscribers, oldest first, to catch up after an outage. */
@RestController
@Tag(name = "Webhooks")
class EventsController {

    private static final String TYPES = Arrays.stream(EventType.values()).map(EventType::wire).collect(Collectors.joining(", "));

    private final ProgramEvents events;
    private final JsonMapper json;

    EventsController(ProgramEvents events, JsonMapper json) {
        this.events = events;
        this.json = json;
    }

    /**
     * {@code nextCursor} is the position after the last item (the cursor given when the page is empty), so a
     * subscriber keeps it and asks again later; {@code hasMore} says whether more are waiting now.
     */
    record EventPage(@ArraySchema(schema = @Schema(implementation = SubscriberEvent.class)) List<JsonNode> items, String nextCursor,
            boolean hasMore) {}

    /** An event's body as subscribers get it (docs/webhooks.md), for the document: the page carries the stored bodies as they are. */
    @Schema(description = "An event, the same body a webhook subscription is sent")
    record SubscriberEvent(UUID id, @Schema(example = "points.earned") String type, Instant timestamp, String programId,
            @Schema(description = "What happened; its fields depend on `type` (docs/webhooks.md)") Map<String, Object> data) {}

    @GetMapping("/v1/events")
    @Operation(operationId = "listEvents", summary = "The program's events, to catch up", description = "The events sent to the program's webhook subscriptions "
            + "(the same bodies), oldest first, from `cursor` on: keep `nextCursor` and ask again. Only types some subscription takes "
            + "are recorded. Events appear 5 seconds after they are recorded. `type` filters (one event type); `limit` 1..500 "
            + "(default 100).",
            responses = @ApiResponse(responseCode = "200", description = "A page of events, oldest first",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = EventPage.class),
                            examples = @ExampleObject(value = """
                                    {"items": [{"id": "0192f1c4-7a20-7000-8000-00016c3fd2a9", "type": "points.earned",
                                      "timestamp": "2026-03-02T10:00:00Z", "programId": "acme",
                                      "data": {"memberId": "6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
                                               "entryId": "0192f1c4-7a1f-7000-8000-0000a1b2c3d4", "definitionId": 1, "points": 100,
                                               "source": "Manual", "occurredAt": "2026-03-02T10:00:00Z", "pending": false}}],
                                     "nextCursor": "ZXZlbnRzfDIwMjYtMDMtMDJUMTA6MDA6MDBafDAxOTJmMWM0LTdhMjAtNzAwMC04MDAwLTAwMDE2YzNmZDJhOQ",
                                     "hasMore": false}"""))))
    EventPage list(Caller caller, @RequestParam(required = false) String type, @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "100") int limit) {
        Validation v = new Validation();
        EventType eventType = null;
        if (type != null) {
            eventType = EventType.fromWire(type).orElse(null);
            if (eventType == null) {
                v.add("type", "must be one of " + TYPES);
            }
        }
        Cursors.checkLimit(limit, ProgramEvents.LIMIT_MAX, v);
        ProgramEvent after = Cursors.position(cursor, "events", 2, v,
                parts -> new ProgramEvent(CanonicalUuid.parse(parts[1]), null, null, Dates.instant(parts[0]), null));
        v.throwIfInvalid();
        ProgramEvents.Page page = events.page(caller.programId(), eventType, after, limit);
        List<ProgramEvent> items = page.items();
        String next = cursor;
        if (!items.isEmpty()) {
            ProgramEvent last = items.get(items.size() - 1);
            next = Cursors.encode("events", last.recordedAt(), last.id());
        }
        return new EventPage(items.stream().map(e -> json.readTree(e.body())).toList(), next, page.more());
    }
}
