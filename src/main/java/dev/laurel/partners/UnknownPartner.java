package dev.laurel.partners;

import dev.laurel.platform.FieldError;
import dev.laurel.platform.Problem;
import java.util.List;

/** A partner the program does not list. */
public final class UnknownPartner extends Problem {
    public UnknownPartner(String partner, List<String> known) {
        super(400, "unknown-partner", "Unknown partner", "partner: '" + partner + "' is not a partner of this program.",
                List.of(new FieldError("partner", "must be one of " + known + " (was '" + partner + "')")));
    }
}
