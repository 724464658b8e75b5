package dev.laurel.api;

import dev.laurel.platform.CanonicalUuid;
import java.beans.PropertyEditorSupport;
import java.util.UUID;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Path variables and query values bound to {@code UUID}, in every controller, take only its canonical form
 * ({@link CanonicalUuid}); anything else is 400 naming the parameter. An editor, not a converter: when a
 * converter refuses a value, Spring falls back to its default {@code UUIDEditor}, which takes {@code 1-2-3-4-5}.
 */
@ControllerAdvice
class CanonicalUuidBinding {

    @InitBinder
    void canonicalUuids(WebDataBinder binder) {
        binder.registerCustomEditor(UUID.class, new PropertyEditorSupport() {
            @Override
            public void setAsText(String text) {
                setValue(text == null || text.isEmpty() ? null : CanonicalUuid.parse(text));
            }
        });
    }
}
