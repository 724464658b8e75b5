package dev.laurel.api.v1;

import dev.laurel.api.OpenAccess;
import dev.laurel.api.Refuses;
import dev.laurel.platform.InvalidInput;
import dev.laurel.programs.AppliedProgram;
import dev.laurel.programs.Caller;
import dev.laurel.programs.ProgramDocuments;
import dev.laurel.programs.ProgramNotFound;
import dev.laurel.programs.ProgramRevision;
import dev.laurel.programs.Programs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /v1/programs/{id}}: the program document, as JSON or YAML, for the caller's own program; and
 * {@code /v1/programs/schema}, the shape of every program document, for editors.
 */
@RestController
@Tag(name = "Programs")
class ProgramsController {

    static final int REVISIONS_LIMIT_MAX = 500;
    static final MediaType SCHEMA_JSON = MediaType.parseMediaType("application/schema+json");

    private final Programs programs;

    ProgramsController(Programs programs) {
        this.programs = programs;
    }

    @GetMapping("/v1/programs/schema")
    @OpenAccess
    @SecurityRequirements
    @Operation(operationId = "getProgramSchema", summary = "Get the JSON Schema of a program document", description = "JSON Schema draft 2020-12, for "
            + "editors (completion and errors while typing a program file). The one call that needs no API key.",
            // The body is bytes in Java, which springdoc would document as a string: it is a JSON object.
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/schema+json",
                    schema = @Schema(type = "object"))))
    ResponseEntity<byte[]> schema() {
        return ResponseEntity.ok().contentType(SCHEMA_JSON).body(ProgramDocuments.schema().getBytes(StandardCharsets.UTF_8));
    }

    @PutMapping(value = "/v1/programs/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/yaml",
            "application/x-yaml", "text/yaml"})
    @Refuses({"400 invalid-program", "404 program-not-found"})
    @Operation(operationId = "applyProgram", summary = "Apply a program document", description = "The same document as a program file, as JSON or YAML. "
            + "Sending the document in force again changes nothing (`changed: false`). Secrets left out (a key's `secret`, "
            + "the webhook's keys) keep their current values, so a document read with GET can be sent back. "
            + "`${NAME}` may read only the variables listed in LAUREL_PROGRAM_API_VARIABLES.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = "application/json", schema = @Schema(type = "object",
                            description = "A program document: its JSON Schema is `GET /v1/programs/schema`")),
                    @Content(mediaType = "application/yaml", schema = @Schema(type = "string")),
                    @Content(mediaType = "application/x-yaml", schema = @Schema(type = "string")),
                    @Content(mediaType = "text/yaml", schema = @Schema(type = "string"))}))
    AppliedProgram put(Caller caller, @PathVariable String id, @RequestBody String body,
            @RequestHeader(value = "Content-Type", defaultValue = MediaType.APPLICATION_JSON_VALUE) String contentType) {
        requireOwn(caller, id);
        ProgramDocuments.Format format = contentType.contains("yaml") ? ProgramDocuments.Format.YAML : ProgramDocuments.Format.JSON;
        return programs.applyFromApi(id, body, format, caller.keyName());
    }

    @GetMapping("/v1/programs/{id}")
    @Refuses("404 program-not-found")
    @Operation(operationId = "getProgram", summary = "Get the program document in force", description = "Without secrets. The revision is in the "
            + "`Laurel-Program-Revision` header.",
            responses = @ApiResponse(responseCode = "200", description = "The program document, without secrets",
                    content = @Content(mediaType = "application/json", schema = @Schema(type = "object",
                            description = "A program document: its JSON Schema is `GET /v1/programs/schema`"))))
    ResponseEntity<ObjectNode> get(Caller caller, @PathVariable String id) {
        requireOwn(caller, id);
        Programs.StoredDocument stored = programs.storedDocument(id).orElseThrow(() -> new ProgramNotFound(id));
        return ResponseEntity.ok().header("Laurel-Program-Revision", String.valueOf(stored.revision()))
                .body(ProgramDocuments.redacted(stored.document()));
    }

    @GetMapping("/v1/programs/{id}/revisions")
    @Refuses("404 program-not-found")
    @Operation(operationId = "listProgramRevisions", summary = "List the revisions applied, newest first")
    List<ProgramRevision> revisions(Caller caller, @PathVariable String id,
            @RequestParam(defaultValue = "50") int limit) {
        requireOwn(caller, id);
        if (limit < 1 || limit > REVISIONS_LIMIT_MAX) {
            throw new InvalidInput("limit", "must be between 1 and " + REVISIONS_LIMIT_MAX);
        }
        return programs.revisions(id, limit);
    }

    /** Another program's document is not found, never forbidden: its existence is not revealed. */
    private static void requireOwn(Caller caller, String id) {
        if (!caller.programId().equals(id)) {
            throw new ProgramNotFound(id);
        }
    }
}
