package dev.laurel.api;

import dev.laurel.platform.FieldError;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.util.List;

/** The shape of every problem Laurel answers (RFC 9457, docs/problems.md), for the OpenAPI document. */
@Schema(name = "Problem", description = "An RFC 9457 problem (`application/problem+json`); docs/problems.md lists every `code`.")
record ProblemDocument(
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "urn:laurel:problem:invalid-input") URI type,
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "Invalid input") String title,
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "400") int status,
        @Schema(example = "2 fields are invalid") String detail,
        @Schema(description = "The request's path", example = "/v1/members") String instance,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "Stable: the part of `type` after `urn:laurel:problem:`",
                example = "invalid-input") String code,
        @Schema(description = "Every field at fault, when fields are") List<FieldError> errors,
        @Schema(description = "The request's `X-Request-Id`, as in the logs") String requestId) {}
