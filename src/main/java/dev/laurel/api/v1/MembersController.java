package dev.laurel.api.v1;

import dev.laurel.api.Cursors;
import dev.laurel.api.Refuses;
import dev.laurel.members.Identifier;
import dev.laurel.members.Member;
import dev.laurel.members.MemberId;
import dev.laurel.members.MemberPage;
import dev.laurel.members.MemberQuery;
import dev.laurel.members.Members;
import dev.laurel.platform.CanonicalUuid;
import dev.laurel.platform.InvalidInput;
import dev.laurel.platform.MergePatch;
import dev.laurel.platform.Validation;
import dev.laurel.programs.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /v1/members}: create, read, patch and search the caller's program's members. */
@RestController
@Tag(name = "Members")
class MembersController {

    private final Members members;
    private final JsonMapper json;

    MembersController(Members members, JsonMapper json) {
        this.members = members;
        this.json = json;
    }

    /** A page of members and the cursor of the next page (null on the last). */
    record MemberList(List<Member> items, String nextCursor) {}

    /** The body of {@code POST /v1/members}, for the document: the handler reads the JSON itself, to report every field at once. */
    @Schema(description = "A new member: every field optional; `externalId` and each identifier unique in the program.")
    record NewMember(@Schema(description = "Generated unless given (a UUID, for migrations)") UUID id, String externalId, String email,
            String mobileNumber, String firstName, String lastName, String gender, LocalDate dob, String address, String address2,
            String city, String zip, String state, String country, Boolean optedIn,
            @Schema(description = "Custom attributes, kept as sent") Map<String, Object> attributes, List<Identifier> identifiers) {}

    /** The body of {@code PATCH /v1/members/{id}} (RFC 7386), for the document. */
    @Schema(description = "A JSON merge patch: the fields sent replace the member's, `null` clears one; `attributes` merge key by key; "
            + "`identifiers` replace the whole list. `id`, `createdAt` and `updatedAt` cannot be sent.")
    record MemberPatch(String externalId, String email, String mobileNumber, String firstName, String lastName, String gender,
            LocalDate dob, String address, String address2, String city, String zip, String state, String country, Boolean optedIn,
            Map<String, Object> attributes, List<Identifier> identifiers) {}

    @PostMapping("/v1/members")
    @Operation(operationId = "createMember", summary = "Create a member", description = "201 with the member. `id` is generated unless "
            + "given (a UUID, for migrations). `externalId` and each identifier are unique within the program (409).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = NewMember.class), examples = @ExampleObject(value = """
                            {"externalId": "C-1001", "email": "ada@example.com", "firstName": "Ada", "lastName": "Lovelace",
                             "mobileNumber": "+15089959991", "dob": "1990-07-01", "optedIn": true, "attributes": {"favourite": "tea"},
                             "identifiers": [{"type": "loyalty_card", "value": "123456"}]}"""))),
            responses = @ApiResponse(responseCode = "201", description = "The member, at `Location`"))
    @Refuses("409 member-exists external-id-taken identifier-taken")
    ResponseEntity<Member> create(Caller caller, @RequestBody JsonNode body) {
        for (String readOnly : List.of("createdAt", "updatedAt")) {
            if (body.isObject() && body.has(readOnly)) {
                throw new InvalidInput(readOnly, "is set by Laurel and cannot be sent");
            }
        }
        Member member = members.create(caller.programId(), MemberJson.draft(body, json));
        return ResponseEntity.created(URI.create("/v1/members/" + member.id())).body(member);
    }

    @GetMapping("/v1/members/{id}")
    @Refuses({"404 member-not-found", "410 member-erased"})
    @Operation(operationId = "getMember", summary = "Get a member", description = "410 `member-erased` when the member's personal data was erased "
            + "(`DELETE /v1/members/{id}`).")
    Member get(Caller caller, @PathVariable UUID id) {
        return members.getPresent(caller.programId(), MemberId.of(id));
    }

    @PatchMapping(value = "/v1/members/{id}", consumes = {"application/merge-patch+json", "application/json"})
    @Refuses({"404 member-not-found", "409 external-id-taken identifier-taken", "410 member-erased"})
    @Operation(operationId = "patchMember", summary = "Change a member (JSON merge patch, RFC 7386)", description = "Fields in the patch "
            + "replace the member's; `null` clears a field; `attributes` merge key by key; `identifiers` replace the whole list.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = "application/merge-patch+json", schema = @Schema(implementation = MemberPatch.class),
                            examples = @ExampleObject(value = "{\"city\": \"Boston\", \"mobileNumber\": null, \"attributes\": {\"favourite\": \"coffee\"}}")),
                    @Content(mediaType = "application/json", schema = @Schema(implementation = MemberPatch.class))}))
    Member patch(Caller caller, @PathVariable UUID id, @RequestBody JsonNode patch) {
        if (!patch.isObject()) {
            throw new InvalidInput("(body)", "must be a JSON object (a merge patch)");
        }
        for (String readOnly : List.of("id", "createdAt", "updatedAt")) {
            if (patch.has(readOnly)) {
                throw new InvalidInput(readOnly, "cannot be changed");
            }
        }
        return members.update(caller.programId(), MemberId.of(id), current -> {
            JsonNode currentJson = json.valueToTree(current);
            return MemberJson.draft(MergePatch.apply(currentJson, patch), json);
        });
    }

    @GetMapping("/v1/members")
    @Operation(operationId = "findMembers", summary = "Find members by exact match", description = "Filters combine with AND; `identifier` is `type:value`. "
            + "Ordered by id; `limit` 1..500 (default 50); pass `nextCursor` back as `cursor` for the next page.")
    MemberList search(Caller caller,
            @RequestParam(required = false) String email,
            @RequestParam(required = false) String externalId,
            @RequestParam(required = false) String mobileNumber,
            @RequestParam(required = false) String identifier,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "" + MemberQuery.LIMIT_DEFAULT) int limit) {
        Validation v = new Validation();
        Identifier wanted = null;
        if (identifier != null) {
            int colon = identifier.indexOf(':');
            if (colon <= 0 || colon == identifier.length() - 1) {
                v.add("identifier", "must be type:value, such as loyalty_card:123456");
            } else {
                wanted = new Identifier(identifier.substring(0, colon), identifier.substring(colon + 1));
            }
        }
        MemberId after = cursor == null ? null : decodeCursor(cursor, v);
        v.throwIfInvalid();
        MemberPage page = members.search(caller.programId(),
                new MemberQuery(email, externalId, mobileNumber, wanted, after, limit));
        return new MemberList(page.items(), page.next() == null ? null : encodeCursor(page.next()));
    }

    private static String encodeCursor(MemberId id) {
        return Cursors.encode("members", id);
    }

    private static MemberId decodeCursor(String cursor, Validation v) {
        String[] parts = Cursors.decode(cursor, "members", 1, v);
        try {
            return parts == null ? null : MemberId.of(CanonicalUuid.parse(parts[0]));
        } catch (IllegalArgumentException e) {
            v.add("cursor", "is not a cursor this API gave out");
            return null;
        }
    }
}
