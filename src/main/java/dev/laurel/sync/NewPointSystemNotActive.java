package dev.laurel.sync;

import dev.laurel.platform.FieldError;
import dev.laurel.platform.Problem;
import java.util.List;

/** Engage's "New point system not active": transactions for a definition that does not take them. Nothing was applied. */
public final class NewPointSystemNotActive extends Problem {
    public NewPointSystemNotActive(List<FieldError> errors) {
        super(400, "new-point-system-not-active", "New point system not active",
                "New point system not active: " + errors.get(0).message(), errors);
    }
}
