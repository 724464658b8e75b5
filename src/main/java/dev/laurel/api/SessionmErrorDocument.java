package dev.laurel.api;

import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.swagger.v3.oas.annotations.media.Schema;

/** SessionM's error shape ({@link SessionmErrors}), for the OpenAPI document of the {@code /priv/} operations. */
@Schema(name = "SessionmError", description = "SessionM's error: the same problems as elsewhere, `code` with `_` for `-`.",
        example = "{\"status\": \"error\", \"errors\": {\"code\": \"user_not_found\", \"message\": \"No user matches the search.\"}}")
record SessionmErrorDocument(@Schema(requiredMode = RequiredMode.REQUIRED, example = "error") String status,
        @Schema(requiredMode = RequiredMode.REQUIRED) Errors errors) {

    @Schema(name = "SessionmErrorDetail")
    record Errors(@Schema(requiredMode = RequiredMode.REQUIRED, example = "user_not_found") String code, String message) {}
}
