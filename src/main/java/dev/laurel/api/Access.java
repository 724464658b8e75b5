package dev.laurel.api;

import dev.laurel.programs.Scope;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scopes that may call an endpoint. Endpoints without it need {@code admin}; only the partner
 * points endpoint lets {@code partner} keys in.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Access {
    Scope[] value();
}
