package dev.laurel.api.v1;

import dev.laurel.api.Refuses;
import dev.laurel.imports.ImportFormat;
import dev.laurel.imports.MemberImport;
import dev.laurel.imports.MemberImports;
import dev.laurel.platform.Problem;
import dev.laurel.programs.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/imports}: bulk import of members with opening balances, and each import's progress. */
@RestController
@Tag(name = "Imports")
class ImportsController {

    static final String PATH = "/v1/imports";

    private final MemberImports imports;

    ImportsController(MemberImports imports) {
        this.imports = imports;
    }

    /** The Content-Type names no format an import takes. */
    static final class UnsupportedFormat extends Problem {
        UnsupportedFormat(String contentType) {
            super(415, "unsupported-import-format", "Unsupported Media Type", "An import is application/x-ndjson (one JSON "
                    + "object per line) or text/csv (a header line, then one member per line); the Content-Type was "
                    + (contentType == null ? "missing" : "'" + contentType + "'") + ".");
        }
    }

    @PostMapping(PATH)
    @Refuses({"400 invalid-import", "413 import-too-large", "415 unsupported-import-format"})
    @Operation(operationId = "importMembers", summary = "Import members with opening balances (NDJSON or CSV)",
            description = """
                    For a retailer moving onto Laurel. The body is the file, `application/x-ndjson` (one JSON object per line) or \
                    `text/csv` (a header line naming the columns, then one member per line; RFC 4180 quoting, a value cannot span \
                    lines). Fields: `externalId` (required: the member's key), `email`, `mobileNumber`, `firstName`, `lastName`, \
                    `gender`, `dob`, `address`, `address2`, `city`, `zip`, `state`, `country`, `optedIn`, `attributes` (NDJSON \
                    only), `balance` (the opening balance, points ≥ 0), `definitionId` (default: the program's first spendable \
                    definition), `tier` (a level's name; the member must be opted in).

                    The file is read as a stream (spooled to disk, never held in memory), up to 512 MiB and 2,000,000 members, \
                    and validated whole: **one bad line refuses the file** with 400 `invalid-import`, every error named \
                    `line N.field` with N the line's number in the file (a CSV header is line 1), up to 1000 errors listed, and \
                    nothing imported. A good file answers 202 with the import, which the `member-import` sweep applies 1000 lines \
                    per transaction; a node stopped mid-way loses nothing (the chunk is applied again, whole). Follow it with \
                    `GET /v1/imports/{id}`.

                    Idempotent by content: a line whose `externalId` a member already has leaves that member as it is, and an \
                    opening balance is posted once per member and definition (one `Import` entry, reference \
                    `opening-balance:<externalId>`), so importing the same file twice changes nothing. `Idempotency-Key` is \
                    not used on this endpoint. Admin scope.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string"), examples = @ExampleObject(value = """
                            {"externalId": "C-1001", "email": "ada@example.com", "firstName": "Ada", "optedIn": true, "balance": 1200, "tier": "Silver"}
                            {"externalId": "C-1002", "email": "alan@example.com", "balance": 300}
                            """)),
                    @Content(mediaType = "text/csv", schema = @Schema(type = "string"), examples = @ExampleObject(value = """
                            externalId,email,firstName,lastName,optedIn,balance,tier
                            C-1001,ada@example.com,Ada,Lovelace,true,1200,Silver
                            C-1002,alan@example.com,Alan,Turing,false,300,
                            """))}),
            responses = @ApiResponse(responseCode = "202", description = "The import, queued",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = MemberImport.class))))
    ResponseEntity<MemberImport> create(Caller caller, HttpServletRequest request) {
        ImportFormat format = ImportFormat.ofContentType(request.getContentType())
                .orElseThrow(() -> new UnsupportedFormat(request.getContentType()));
        MemberImport queued;
        try {
            queued = imports.receive(caller.programId(), format, request.getInputStream(), caller.keyName());
        } catch (IOException e) {
            throw new HttpMessageNotReadableException("The import's body could not be read: " + e.getMessage(), e,
                    new ServletServerHttpRequest(request));
        }
        return ResponseEntity.accepted().location(URI.create(PATH + "/" + queued.id())).body(queued);
    }

    @GetMapping(PATH + "/{id}")
    @Refuses("404 import-not-found")
    @Operation(operationId = "getImport", summary = "An import's progress",
            description = "`status` is `Queued`, `Processing`, `Completed` or `CompletedWithErrors`; the counts say what was "
                    + "applied so far; `messages` (the first 1000 of `messageCount`) name each line that could not be wholly "
                    + "applied. Admin scope.",
            responses = @ApiResponse(responseCode = "200", description = "The import",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = MemberImport.class), examples = @ExampleObject(value = """
                            {"id": "0b6f1f7e-2a43-4c55-9b1e-5f0f3e2d8a11", "format": "CSV", "status": "Completed", "lines": 2,
                             "applied": 2, "membersCreated": 2, "membersExisting": 0, "balancesPosted": 2, "pointsPosted": 1500,
                             "balancesAlreadyPosted": 0, "tiersSet": 1, "receivedBy": "admin",
                             "receivedAt": "2026-11-29T10:15:00Z", "updatedAt": "2026-11-29T10:15:02Z", "messageCount": 0, "messages": []}"""))))
    MemberImport get(Caller caller, @PathVariable UUID id) {
        return imports.status(caller.programId(), id);
    }
}
