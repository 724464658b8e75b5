package dev.laurel.api.v1;

import dev.laurel.api.Cursors;
import dev.laurel.api.Refuses;
import dev.laurel.members.MemberId;
import dev.laurel.members.Members;
import dev.laurel.platform.CanonicalUuid;
import dev.laurel.platform.Dates;
import dev.laurel.platform.JsonFields;
import dev.laurel.platform.ReplicaReads;
import dev.laurel.platform.Validation;
import dev.laurel.programs.Caller;
import dev.laurel.programs.Program;
import dev.laurel.programs.Programs;
import dev.laurel.timeline.Timeline;
import dev.laurel.timeline.TimelineEvent;
import dev.laurel.timeline.TimelinePage;
import dev.laurel.timeline.UnknownView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A member's timeline: events in, and the timeline out through the program's views. */
@RestController
@Tag(name = "Timeline")
class TimelineController {

    static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_.:-]{1," + Timeline.TYPE_CHARS_MAX + "}");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final Timeline timeline;
    private final Members members;
    private final Programs programs;
    private final JsonMapper json;

    TimelineController(Timeline timeline, Members members, Programs programs, JsonMapper json) {
        this.timeline = timeline;
        this.members = members;
        this.programs = programs;
        this.json = json;
    }

    record TimelineList(List<TimelineEvent> items, String nextCursor) {}

    /** The body of {@code POST /v1/members/{id}/events}, for the document (the handler reads the JSON itself). */
    record NewTimelineEvent(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "purchased") String type,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) OffsetDateTime occurredAt, Map<String, Object> attributes,
            @Schema(description = "Sending the same `eventId` again answers the first event") String eventId) {}

    @PostMapping("/v1/members/{id}/events")
    @Refuses("404 member-not-found")
    @Operation(operationId = "recordMemberEvent", summary = "Record a member event", description = "Body: `type` (such as `purchased`, `opened_email` or any custom "
            + "type), `occurredAt`, `attributes` (object), optional `eventId`: sending the same `eventId` again is a no-op that "
            + "answers the first event (200 instead of 201). Events count toward campaign goals.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = NewTimelineEvent.class), examples = @ExampleObject(value = """
                            {"type": "opened_email", "occurredAt": "2026-11-29T10:15:00Z", "attributes": {"campaign": "spring"},
                             "eventId": "ev-1"}"""))),
            responses = {@ApiResponse(responseCode = "201", description = "The event, recorded"),
                    @ApiResponse(responseCode = "200", description = "An event with this `eventId` was recorded before: that one")})
    ResponseEntity<TimelineEvent> record(Caller caller, @PathVariable UUID id, @RequestBody JsonNode body) {
        Validation v = new Validation();
        JsonFields f = JsonFields.root(body, v, "(body)");
        if (f == null) {
            v.throwIfInvalid();
        }
        f.allowOnly("type", "occurredAt", "attributes", "eventId");
        String type = f.text("type", true, Timeline.TYPE_CHARS_MAX, TYPE,
                "1 to " + Timeline.TYPE_CHARS_MAX + " letters, digits, '_', '.', ':' or '-'");
        var occurredAt = f.dateTime("occurredAt", true);
        String eventId = f.text("eventId", false, Timeline.EVENT_ID_CHARS_MAX);
        if (eventId != null && eventId.isBlank()) {
            v.add("eventId", "must not be blank when given: leave it out for an event without an id");
        }
        JsonFields attributes = f.object("attributes", false);
        if (attributes != null && attributes.node().toString().length() > Timeline.ATTRIBUTES_CHARS_MAX) {
            v.add("attributes", "must be at most " + Timeline.ATTRIBUTES_CHARS_MAX + " characters in all");
        }
        v.throwIfInvalid();
        members.get(caller.programId(), MemberId.of(id));
        Timeline.Recorded recorded = timeline.record(caller.programId(), id, type, occurredAt.toInstant(),
                attributes == null ? Map.of() : json.convertValue(attributes.node(), MAP), eventId, TimelineEvent.API);
        return ResponseEntity.status(recorded.isNew() ? HttpStatus.CREATED : HttpStatus.OK).body(recorded.event());
    }

    @ReplicaReads.Allowed
    @GetMapping("/v1/members/{id}/timeline")
    @Refuses({"400 unknown-view", "404 member-not-found"})
    @Operation(operationId = "getMemberTimeline", summary = "A member's timeline through a view", description = "Newest first. `view` names one of the program's "
            + "`timelineViews` (its event types, fields and time window); without it, every event with every attribute. "
            + "`limit` 1..1000 (default 50); pass `nextCursor` back as `cursor`.")
    TimelineList timeline(Caller caller, @PathVariable UUID id, @RequestParam(required = false) String view,
            @RequestParam(required = false) String cursor, @RequestParam(defaultValue = "50") int limit) {
        Validation v = new Validation();
        Cursors.checkLimit(limit, Timeline.LIMIT_MAX, v);
        TimelineEvent after = Cursors.position(cursor, "timeline", 2, v,
                parts -> new TimelineEvent(CanonicalUuid.parse(parts[1]), id, null, Dates.instant(parts[0]), null, Map.of(), null, null));
        v.throwIfInvalid();
        members.get(caller.programId(), MemberId.of(id));
        Program program = programs.get(caller.programId());
        Program.TimelineView chosen = view == null ? null : program.timelineView(view).orElseThrow(
                () -> new UnknownView(view, program.timelineViews().stream().map(Program.TimelineView::name).toList()));
        TimelinePage page = timeline.page(caller.programId(), id, chosen, after, limit);
        String next = page.next() == null ? null : Cursors.encode("timeline", page.next().occurredAt(), page.next().id());
        return new TimelineList(page.events(), next);
    }
}
