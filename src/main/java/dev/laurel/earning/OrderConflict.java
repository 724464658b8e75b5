package dev.laurel.earning;

import dev.laurel.platform.FieldError;
import dev.laurel.platform.Problem;
import java.util.List;

/** An order id already used in the program, or a return of more than was bought. */
public final class OrderConflict extends Problem {
    public OrderConflict(String code, String field, String detail) {
        super(409, code, "Conflict", detail, List.of(new FieldError(field, detail)));
    }
}
